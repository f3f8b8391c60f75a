/**
 * Socket.IO for agents: the `/agent` namespace authenticates with the same token or session
 * cookie as the API, puts each agent in rooms (their own, their groups', all agents', admins'),
 * and pushes domain events there after commit. Events go to rooms, never to looped sockets.
 */
import type http from 'node:http';
import { Server, type Namespace } from 'socket.io';
import type { AppContext } from '../context';
import { readCookie, SESSION_COOKIE } from '../http/authenticate';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { presentMessage } from '../presenters/messagePresenter';
import { presentTicket } from '../presenters/ticketPresenter';
import { presentAlerts } from '../presenters/alertPresenter';
import { Alert } from '../models/Alert';
import type { Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';
import { authenticate } from '../services/authService';
import { noteTyping, setupPresence } from './presence';
import { rooms, ticketRooms } from './rooms';
import { setupWidgetNamespace } from './widgetNamespace';

export class RealtimeServer {
  readonly io: Server;
  readonly agents: Namespace;
  readonly widget: Namespace;

  constructor(httpServer: http.Server, private readonly ctx: AppContext) {
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
      // The widget runs on customers' sites: its long-polling fallback needs cross-origin requests.
      // Cookies are not sent cross-origin (credentials: false), so agents there need their token.
      cors: { origin: true, credentials: false },
    });
    this.agents = this.io.of('/agent');
    this.agents.use(async (socket, next) => {
      try {
        const auth = socket.handshake.auth as { token?: unknown };
        const token = typeof auth.token === 'string' ? auth.token : readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
        const actor = token ? await authenticate(ctx, token) : null;
        if (!actor) return next(new Error('unauthorized'));
        socket.data.actor = actor;
        next();
      } catch (error) {
        next(error as Error);
      }
    });
    this.agents.on('connection', (socket) => {
      const actor = socket.data.actor as Actor;
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

  close(): Promise<void> {
    return new Promise((resolve) => this.io.close(() => resolve()));
  }
}
