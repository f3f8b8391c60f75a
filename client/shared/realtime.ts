/**
 * The console's live connection: Socket.IO `/agent`, authenticated by the session cookie. Other
 * parts of the console subscribe to the server's events through `onServerEvent`.
 */
import { io, type Socket } from 'socket.io-client';
import type { Message, Ticket } from './api';

export interface AlertEvent {
  alert: { id: number; ticketId: number; kind: 'warning' | 'overdue' | 'escalation'; raisedAt: string; ticket: { number: number; subject: string } | null };
}

export interface ServerEvents {
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket };
  'message.created': { ticketId: number; message: Message };
  'message.updated': { ticketId: number; message: Message };
  'alert.raised': AlertEvent;
  typing: { ticketId: number; visitor?: boolean; agentId?: number; name?: string };
  /** Who has a ticket open (collision detection); sent to the ticket's viewers only. */
  presence: { ticketId: number; viewers: Array<{ agentId: number; name: string; typing: boolean }> };
}

type Listener<K extends keyof ServerEvents> = (payload: ServerEvents[K]) => void;

let socket: Socket | null = null;
const listeners = new Map<keyof ServerEvents, Set<Listener<keyof ServerEvents>>>();

export function connectRealtime(): void {
  if (socket) return;
  // Reconnects by itself after a network drop; the session cookie authenticates each attempt.
  socket = io('/agent', { withCredentials: true });
  // Every (re)connection: say again which tickets are open here (also covers views opened before connecting).
  socket.on('connect', () => {
    for (const ticketId of viewing) socket?.emit('viewing', { ticketId });
  });
  for (const event of ['ticket.created', 'ticket.updated', 'message.created', 'message.updated', 'alert.raised', 'typing', 'presence'] as const) {
    socket.on(event, (payload: ServerEvents[typeof event]) => {
      for (const listener of listeners.get(event) ?? []) (listener as Listener<typeof event>)(payload);
    });
  }
}

/** The tickets this tab has open; announced again after a reconnect (the server forgot the rooms). */
const viewing = new Set<number>();

/** Tells the server this agent has the ticket open (joins its presence room). */
export function sendViewing(ticketId: number): void {
  viewing.add(ticketId);
  socket?.emit('viewing', { ticketId });
}

export function sendStopViewing(ticketId: number): void {
  viewing.delete(ticketId);
  socket?.emit('stopViewing', { ticketId });
}

/** Tells the others on this ticket (colleagues, a chat visitor) that this agent is typing. */
export function sendTyping(ticketId: number): void {
  socket?.emit('typing', { ticketId });
}

export function disconnectRealtime(): void {
  socket?.disconnect();
  socket = null;
}

/** Subscribes to a server event; returns the unsubscribe function (for useEffect cleanups). */
export function onServerEvent<K extends keyof ServerEvents>(event: K, listener: Listener<K>): () => void {
  const set = listeners.get(event) ?? new Set();
  set.add(listener as Listener<keyof ServerEvents>);
  listeners.set(event, set);
  return () => set.delete(listener as Listener<keyof ServerEvents>);
}

/**
 * Calls `listener` once per burst of inbox-changing events (a ticket created or changed, an
 * alert raised), `delayMs` after the last one: a bulk change of 500 tickets costs one refetch.
 * Returns the unsubscribe function.
 */
export function onInboxChange(listener: () => void, delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(listener, delayMs);
  };
  const offs = [onServerEvent('ticket.created', later), onServerEvent('ticket.updated', later), onServerEvent('alert.raised', later)];
  return () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
}
