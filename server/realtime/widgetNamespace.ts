/**
 * The `/widget` namespace: visitors chatting from a company's site. A message is acknowledged
 * only after it is stored; the same clientId is stored once; a returning visitor gets the agent
 * replies they missed (replayed from the database after `lastSeenId`). Agent replies reach the
 * visitor's room in real time, or go by email to the address they gave when they are away.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type { AppContext } from '../context';
import { Agent } from '../models/Agent';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { chatHistory, currentChat, receiveVisitorMessage, repliesSince, startVisitorSession, type VisitorSession } from '../services/chatService';
import { rooms, ticketRooms } from './rooms';

export interface WidgetMessage {
  id: number;
  ticketId: number;
  body: string;
  authorType: 'customer' | 'agent' | 'system';
  authorName: string | null;
  createdAt: string;
}

type Ack = (reply: { ok: true; id: number; ticketId: number } | { ok: false; error: { code: string; message: string } }) => void;


async function toWidgetMessages(messages: Message[]): Promise<WidgetMessage[]> {
  const agentIds = [...new Set(messages.filter((m) => m.authorType === 'agent' && m.authorId).map((m) => m.authorId as number))];
  const names = new Map((agentIds.length ? await Agent.findAll({ where: { id: agentIds }, attributes: ['id', 'name'] }) : []).map((a) => [a.id, a.name]));
  return messages.map((m) => ({
    id: m.id,
    ticketId: m.ticketId,
    body: m.body,
    authorType: m.authorType,
    authorName: m.authorType === 'agent' && m.authorId ? (names.get(m.authorId) ?? null) : null,
    createdAt: m.createdAt.toISOString(),
  }));
}

/**
 * A sliding one-minute window of event times per key (a visitor's messages, an address's new
 * visitors), to answer floods with rate_limited. Per process: with several nodes behind a
 * balancer a key may get up to the limit on each.
 */
class FloodGuard<Key> {
  private readonly sent = new Map<Key, number[]>();
  private lastSweep = Date.now();
  constructor(private readonly perMinute: () => number) {}
  allow(key: Key, now = Date.now()): boolean {
    this.sweep(now);
    const recent = (this.sent.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.perMinute()) return false;
    recent.push(now);
    this.sent.set(key, recent);
    return true;
  }
  /** Forgets keys quiet for a minute, so the map does not grow with every visitor ever seen. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, times] of this.sent) if (!times.some((t) => now - t < 60_000)) this.sent.delete(key);
  }
}

/** The visitor's address: the first X-Forwarded-For hop behind a trusted proxy, else the peer. */
function clientAddress(socket: Socket, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first : socket.handshake.address;
}

/** Runs one visitor's messages one after another on this node, so a re-send cannot race its original. */
class PerKeyQueue {
  private readonly tails = new Map<number, Promise<unknown>>();
  run<T>(key: number, work: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => this.tails.get(key) === tail && this.tails.delete(key));
    return next;
  }
}

export function setupWidgetNamespace(io: Server, agents: Namespace, ctx: AppContext): Namespace {
  const widget = io.of('/widget');
  const guard = new FloodGuard<number>(() => ctx.config.CHAT_RATE_PER_MINUTE);
  // Every connection without a known token makes a customer: one address may not make thousands.
  const newVisitors = new FloodGuard<string>(() => ctx.config.WIDGET_NEW_VISITORS_PER_MINUTE);
  const queue = new PerKeyQueue();
  const agentsOnline = async () => (await agents.fetchSockets()).length > 0;

  widget.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
      const text = (key: string, max: number) => (typeof auth[key] === 'string' ? (auth[key] as string).slice(0, max) : undefined);
      const email = text('email', 320);
      // A returning visitor (a token that names someone) is never counted as new.
      const session = await startVisitorSession(
        ctx,
        {
          visitorToken: text('visitorToken', 200),
          name: text('name', 200),
          email: email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined,
          identifierHash: text('identifierHash', 128),
        },
        () => newVisitors.allow(clientAddress(socket, ctx.config.TRUST_PROXY)),
      );
      socket.data.session = session;
      socket.data.lastSeenId = Number(auth.lastSeenId) || 0;
      next();
    } catch (error) {
      // NewVisitorRefused reaches the widget as connect_error "rate_limited".
      next(error as Error);
    }
  });

  widget.on('connection', (socket: Socket) => {
    const session = socket.data.session as VisitorSession;
    // Handlers first: a message the visitor sends right after `session` must find them in place.
    socket.on('message', (payload: unknown, ack?: Ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => undefined;
      const { text, clientId } = (payload ?? {}) as { text?: unknown; clientId?: unknown };
      if (typeof text !== 'string' || !text.trim()) return reply({ ok: false, error: { code: 'validation_error', message: 'text must not be empty' } });
      if (text.length > ctx.config.CHAT_MAX_MESSAGE_CHARS) return reply({ ok: false, error: { code: 'payload_too_large', message: `Messages are limited to ${ctx.config.CHAT_MAX_MESSAGE_CHARS} characters` } });
      if (typeof clientId !== 'string' || !/^[\w-]{1,100}$/.test(clientId)) return reply({ ok: false, error: { code: 'validation_error', message: 'clientId must be 1-100 letters, digits, - or _' } });
      // Refused before it is stored: the widget keeps it and sends it again a little later.
      if (!guard.allow(session.customerId)) return reply({ ok: false, error: { code: 'rate_limited', message: 'Too many messages: wait a moment' } });
      void queue
        .run(session.customerId, () => receiveVisitorMessage(ctx, session, { text: text.trim(), clientId }))
        .then(
          ({ message }) => reply({ ok: true, id: message.id, ticketId: message.ticketId }),
          (error: unknown) => {
            ctx.logger.error('chat message not stored', { error });
            reply({ ok: false, error: { code: 'internal_error', message: 'The message could not be stored; please send it again' } });
          },
        );
    });

    socket.on('typing', async (payload: unknown) => {
      const ticket = await currentChat(session.customerId);
      if (ticket) agents.to(ticketRooms(ticket)).emit('typing', { ticketId: ticket.id, visitor: true, typing: Boolean((payload as { typing?: unknown } | null)?.typing ?? true) });
    });

    void (async () => {
      await socket.join(rooms.customer(session.customerId));
      const { ticket, messages } = await chatHistory(session.customerId);
      socket.emit('session', {
        visitorToken: session.visitorToken,
        customerId: session.customerId,
        ticketId: ticket?.id ?? null,
        verified: session.verified,
        agentsOnline: await agentsOnline(),
        history: await toWidgetMessages(messages),
      });
      // Replies sent while the visitor was away.
      const missed = await repliesSince(session.customerId, socket.data.lastSeenId as number);
      if (socket.data.lastSeenId && missed.length) {
        for (const message of await toWidgetMessages(missed)) socket.emit('message', message);
        await Message.update({ deliveryState: 'sent' }, { where: { id: missed.map((m) => m.id), deliveryState: 'queued', channel: 'chat' } });
      }
    })().catch((error: unknown) => ctx.logger.error('widget session start failed', { error }));
  });

  // Agents' public replies on chats: to the visitor now, or by email when they are away.
  ctx.events.subscribe('message.created', 'realtime.chat-reply', async (event) => {
    if (event.channel !== 'chat' || event.internal || event.authorType === 'customer') return;
    const [ticket, message] = await Promise.all([Ticket.findByPk(event.ticketId), Message.findByPk(event.messageId)]);
    if (!ticket || !message) return;
    const room = rooms.customer(ticket.customerId);
    const present = (await widget.in(room).fetchSockets()).length > 0;
    if (present) {
      widget.to(room).emit('message', (await toWidgetMessages([message]))[0]);
      await message.update({ deliveryState: 'sent' });
    } else if (ticket.contactEmail && ctx.channels.email) {
      // Away, but they left an address: the reply continues the conversation by email.
      await message.update({ channel: 'email' });
      await ctx.channels.email.mailer.deliver(message.id);
    }
    // Otherwise it stays queued and is replayed when the visitor comes back.
  });

  return widget;
}
