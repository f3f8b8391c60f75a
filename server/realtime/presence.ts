/**
 * Collision detection on the `/agent` namespace: who has a ticket open and who is typing a reply.
 * An agent's console sends `viewing {ticketId}` when it opens a ticket (their socket joins room
 * `ticket:<id>` once the policy says they may see it) and `stopViewing` when it leaves. On every
 * change (viewing, stopViewing, typing, disconnect) the room gets
 * `presence {ticketId, viewers: [{agentId, name, typing}]}`.
 *
 * Viewers are read from the room itself with `fetchSockets()`, not from a map in this process, so
 * the list is right across nodes once a Redis adapter joins them; "typing" is a timestamp on the
 * socket's data (which fetchSockets carries along), true for TYPING_MS after the last keystroke.
 */
import type { Namespace, Socket } from 'socket.io';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';

export const TYPING_MS = 6000;

export const ticketRoom = (ticketId: number): string => `ticket:${ticketId}`;

export interface PresenceViewer {
  agentId: number;
  name: string;
  typing: boolean;
}

export interface PresenceEvent {
  ticketId: number;
  viewers: PresenceViewer[];
}

/**
 * The agent as `socket.data.actor` holds it: plain values only. Another node reads it through
 * fetchSockets(), which carries socket.data as JSON; a Sequelize Agent would arrive as all its
 * columns (the password hash included), so the socket server stores this instead.
 */
export interface SocketActor {
  agent: { id: number; name: string; role: string };
  groupIds: number[];
}

export function socketActorOf(actor: Actor): SocketActor {
  return { agent: { id: actor.agent.id, name: actor.agent.name, role: actor.agent.role }, groupIds: [...actor.groupIds] };
}

/** What presence keeps on `socket.data` (plain values, so remote nodes can read it too). */
interface PresenceData {
  actor?: SocketActor;
  /** ticket id → when this socket last reported typing on it (ms since the epoch). */
  typingAt?: Record<string, number>;
}

const dataOf = (socket: { data: unknown }): PresenceData => socket.data as PresenceData;

/** Timers that re-announce presence when someone's "typing" runs out (per socket and ticket). */
const expiryTimers = new WeakMap<Socket, Map<number, ReturnType<typeof setTimeout>>>();

/** The agents in a ticket's room, once each (several tabs of one agent count once), by name. */
export async function viewersOf(namespace: Namespace, ticketId: number, now = Date.now()): Promise<PresenceViewer[]> {
  const sockets = await namespace.in(ticketRoom(ticketId)).fetchSockets();
  const byAgent = new Map<number, PresenceViewer>();
  for (const socket of sockets) {
    const data = dataOf(socket);
    const agent = data.actor?.agent;
    // Only the plain fields: a socket on another node arrives as JSON.
    if (!agent || typeof agent.id !== 'number') continue;
    const typedAt = data.typingAt?.[String(ticketId)] ?? 0;
    const typing = now - typedAt < TYPING_MS;
    const known = byAgent.get(agent.id);
    byAgent.set(agent.id, { agentId: agent.id, name: agent.name, typing: typing || (known?.typing ?? false) });
  }
  return [...byAgent.values()].sort((a, b) => a.name.localeCompare(b.name) || a.agentId - b.agentId);
}

export async function announcePresence(namespace: Namespace, ticketId: number): Promise<void> {
  const event: PresenceEvent = { ticketId, viewers: await viewersOf(namespace, ticketId) };
  namespace.to(ticketRoom(ticketId)).emit('presence', event);
}

function ticketIdOf(payload: unknown): number | null {
  const id = Number((payload as { ticketId?: unknown } | null)?.ticketId);
  return Number.isInteger(id) && id > 0 ? id : null;
}

type Ack = ((reply: { ok: boolean; error?: string }) => void) | undefined;

/** Binds viewing / stopViewing / disconnect for one agent socket. */
export function setupPresence(namespace: Namespace, socket: Socket, actor: Actor): void {
  // A failed lookup (database gone away) is answered, not thrown into the socket's event loop.
  const log = (ack: Ack) => ack?.({ ok: false, error: 'server_error' });
  socket.on('viewing', async (payload: unknown, ack?: Ack) => {
    try {
      const ticketId = ticketIdOf(payload);
      const ticket = ticketId ? await Ticket.findByPk(ticketId) : null;
      // An invisible ticket is answered like a missing one, and its room is never joined.
      if (!ticketId || !ticket || !canSeeTicket(actor, ticket)) return ack?.({ ok: false, error: 'not_found' });
      await socket.join(ticketRoom(ticketId));
      await announcePresence(namespace, ticketId);
      ack?.({ ok: true });
    } catch {
      log(ack);
    }
  });
  socket.on('stopViewing', async (payload: unknown, ack?: Ack) => {
    const ticketId = ticketIdOf(payload);
    if (!ticketId || !socket.rooms.has(ticketRoom(ticketId))) return ack?.({ ok: false, error: 'not_viewing' });
    try {
      await socket.leave(ticketRoom(ticketId));
      clearTyping(socket, ticketId);
      await announcePresence(namespace, ticketId);
      ack?.({ ok: true });
    } catch {
      log(ack);
    }
  });
  // The rooms are gone once "disconnect" fires: remember them while the socket is leaving.
  let leaving: number[] = [];
  socket.on('disconnecting', () => {
    leaving = [...socket.rooms].filter((room) => room.startsWith('ticket:')).map((room) => Number(room.slice('ticket:'.length)));
  });
  socket.on('disconnect', () => {
    for (const timer of expiryTimers.get(socket)?.values() ?? []) clearTimeout(timer);
    expiryTimers.delete(socket);
    for (const ticketId of leaving) void announcePresence(namespace, ticketId).catch(() => undefined);
  });
}

function clearTyping(socket: Socket, ticketId: number): void {
  const data = dataOf(socket);
  if (data.typingAt) delete data.typingAt[String(ticketId)];
  const timers = expiryTimers.get(socket);
  clearTimeout(timers?.get(ticketId));
  timers?.delete(ticketId);
}

/**
 * The agent typed on this ticket (called by the existing `typing` handler once it has found the
 * ticket and checked the agent may see it): mark it and tell the room, and tell it again when
 * the mark runs out so "is typing" does not linger.
 */
export async function noteTyping(namespace: Namespace, socket: Socket, ticketId: number): Promise<void> {
  const data = dataOf(socket);
  const wasTyping = Date.now() - (data.typingAt?.[String(ticketId)] ?? 0) < TYPING_MS;
  data.typingAt = { ...data.typingAt, [String(ticketId)]: Date.now() };
  const timers = expiryTimers.get(socket) ?? new Map<number, ReturnType<typeof setTimeout>>();
  expiryTimers.set(socket, timers);
  clearTimeout(timers.get(ticketId));
  const timer = setTimeout(() => {
    timers.delete(ticketId);
    void announcePresence(namespace, ticketId).catch(() => undefined);
  }, TYPING_MS + 50);
  timer.unref();
  timers.set(ticketId, timer);
  // Only a change is news: keystrokes while already typing need no new event.
  if (!wasTyping && socket.rooms.has(ticketRoom(ticketId))) await announcePresence(namespace, ticketId);
}
