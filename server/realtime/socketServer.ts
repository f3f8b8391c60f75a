/**
 * Socket.IO for agents: the `/agent` namespace authenticates with the same token or session
 * cookie as the API, puts each agent in rooms (their own, their groups', all agents', admins'),
 * and pushes domain events there after commit. Events go to rooms, never to looped sockets.
 *
 * With REDIS_URL the rooms span every node (redisAdapter.ts): a push published on one node reaches
 * the agents and visitors connected to the others. A worker node (SERVER_ROLE=worker) has no HTTP
 * server to attach to: it only emits (through the adapter) what its background work publishes.
 */
import type http from 'node:http';
import { Server, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import type { AppContext } from '../context';
import { readCookie, SESSION_COOKIE } from '../http/authenticate';
import { handshakeCrossSiteReason } from '../http/csrf';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { presentMessage } from '../presenters/messagePresenter';
import { presentTicket } from '../presenters/ticketPresenter';
import { presentAlerts } from '../presenters/alertPresenter';
import { Alert } from '../models/Alert';
import type { Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';
import { authenticate } from '../services/authService';
import { noteTyping, setupPresence, socketActorOf } from './presence';
import { rooms, ticketRooms } from './rooms';
import { setupWidgetNamespace } from './widgetNamespace';

export interface RealtimeOptions {
  /** The cross-node adapter (Redis); unset: the in-memory one (a single node). */
  adapter?: ServerOptions['adapter'];
}

export class RealtimeServer {
  readonly io: Server;
  readonly agents: Namespace;
  readonly widget: Namespace;
  /**
   * The agent behind each socket, as loaded at the handshake (a Sequelize Agent): for this node's
   * checks only. `socket.data.actor` holds plain values, the part other nodes read (presence).
   */
  private readonly actors = new WeakMap<Socket, Actor>();
  private readonly attached: boolean;

  constructor(httpServer: http.Server | null, private readonly ctx: AppContext, options: RealtimeOptions = {}) {
    const serverOptions: Partial<ServerOptions> = {
      path: '/socket.io',
      serveClient: false,
      // Effective with the in-memory adapter; the Redis adapter does not restore sessions, and the
      // widget replays missed replies from the database (lastSeenId) either way.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
      // The widget runs on customers' sites: its long-polling fallback needs cross-origin requests.
      // Cookies are not sent cross-origin (credentials: false), so agents there need their token.
      cors: { origin: true, credentials: false },
      ...(options.adapter ? { adapter: options.adapter } : {}),
    };
    this.attached = httpServer !== null;
    this.io = httpServer ? new Server(httpServer, serverOptions) : new Server(serverOptions);
    // A node that is shutting down takes no new connections (clients reconnect to another node).
    const refuseWhileDraining = (_socket: Socket, next: (error?: Error) => void) => (ctx.lifecycle?.shuttingDown ? next(new Error('shutting_down')) : next());
    this.agents = this.io.of('/agent');
    this.agents.use(refuseWhileDraining);
    this.io.of('/widget').use(refuseWhileDraining);
    this.agents.use(async (socket, next) => {
      try {
        const auth = socket.handshake.auth as { token?: unknown };
        const fromCookie = typeof auth.token !== 'string';
        const token = fromCookie ? readCookie(socket.handshake.headers.cookie, SESSION_COOKIE) : (auth.token as string);
        // WebSockets are not subject to CORS: a page of a sibling site (same site for the cookie)
        // could otherwise open the agents' socket with the agent's cookie and read every event.
        if (fromCookie && token && handshakeCrossSiteReason(socket.handshake.headers, socket.handshake.secure, ctx.config.publicUrl)) return next(new Error('unauthorized'));
        const actor = token ? await authenticate(ctx, token) : null;
        if (!actor) return next(new Error('unauthorized'));
        this.actors.set(socket, actor);
        socket.data.actor = socketActorOf(actor);
        next();
      } catch (error) {
        next(error as Error);
      }
    });
    this.agents.on('connection', (socket) => {
      const actor = this.actors.get(socket) as Actor;
      void socket.join([rooms.agent(actor.agent.id), rooms.allAgents, ...actor.groupIds.map(rooms.group), ...(actor.agent.role === 'admin' ? [rooms.admins] : [])]);
      setupPresence(this.agents, socket, actor);
      socket.on('typing', async (payload: unknown) => {
        const ticketId = Number((payload as { ticketId?: unknown } | null)?.ticketId);
        if (!Number.isInteger(ticketId)) return;
        const ticket = await Ticket.findByPk(ticketId);
        if (!ticket || !canSeeTicket(actor, ticket)) return;
        await noteTyping(this.agents, socket, ticketId);
        socket.to(ticketRooms(ticket)).emit('typing', { ticketId, agentId: actor.agent.id, name: actor.agent.name });
        // The visitor sees that someone is answering (the agent's name, as on their replies).
        if (ticket.channel === 'chat') this.widget.to(rooms.customer(ticket.customerId)).emit('typing', { typing: true, name: actor.agent.name });
      });
    });
    this.widget = setupWidgetNamespace(this.io, this.agents, ctx);
    this.subscribe();
  }

  private subscribe(): void {
    const { events } = this.ctx;
    const pushTicket = (event: 'ticket.created' | 'ticket.updated') => async ({ ticketId }: { ticketId: number }) => {
      const ticket = await Ticket.findByPk(ticketId);
      if (ticket) this.agents.to(ticketRooms(ticket)).emit(event, { ticket: await presentTicket(ticket) });
    };
    events.subscribe('ticket.created', 'realtime.ticket-created', pushTicket('ticket.created'));
    events.subscribe('ticket.updated', 'realtime.ticket-updated', pushTicket('ticket.updated'));
    events.subscribe('message.created', 'realtime.message-created', async ({ ticketId, messageId }) => {
      const [ticket, message] = await Promise.all([Ticket.findByPk(ticketId), Message.findByPk(messageId)]);
      if (ticket && message) this.agents.to(ticketRooms(ticket)).emit('message.created', { ticketId, message: await presentMessage(message) });
    });
    events.subscribe('message.delivery', 'realtime.message-delivery', async ({ ticketId, messageId }) => {
      const [ticket, message] = await Promise.all([Ticket.findByPk(ticketId), Message.findByPk(messageId)]);
      if (ticket && message) this.agents.to(ticketRooms(ticket)).emit('message.updated', { ticketId, message: await presentMessage(message) });
    });
    events.subscribe('alert.raised', 'realtime.alert-raised', async ({ alertId }) => {
      const alert = await Alert.findByPk(alertId);
      if (!alert) return;
      // The assignee; else the group (or everyone for a ticket in no group); escalations to admins.
      const target =
        alert.kind === 'escalation' ? [rooms.admins] : alert.assigneeId ? [rooms.agent(alert.assigneeId)] : alert.groupId ? [rooms.group(alert.groupId), rooms.admins] : [rooms.allAgents];
      this.agents.to(target).emit('alert.raised', { alert: (await presentAlerts([alert]))[0] });
    });
  }

  async close(): Promise<void> {
    if (this.attached) {
      // Disconnects the clients, closes the adapters and the HTTP server ("not running" is fine).
      await this.io.close();
      return;
    }
    // Never attached (a worker): no engine to close, only the adapters' subscriptions.
    await Promise.allSettled([this.io.of('/'), this.agents, this.widget].map((namespace) => namespace.adapter.close()));
  }
}
