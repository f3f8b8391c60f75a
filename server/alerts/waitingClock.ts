/**
 * The waiting clock, as pure functions: when a customer starts waiting, when they stop, and when
 * an unanswered wait becomes due for an alert. Services store the result on the ticket in the same
 * transaction as the message that moved the clock.
 */
import type { AuthorType } from '../models/Message';
import type { TicketStatus } from '../models/Ticket';

export interface WaitingState {
  waitingSince: Date | null;
  alertDueAt: Date | null;
}

export interface ClockMessage {
  authorType: AuthorType;
  internal: boolean;
  at: Date;
}

const HOUR_MS = 3_600_000;

/** A ticket waiting on the customer, or finished, raises no alert; an open one does. */
export function alertDueAt(waitingSince: Date | null, status: TicketStatus, alertAfterHours: number): Date | null {
  if (!waitingSince || status !== 'open') return null;
  return new Date(waitingSince.getTime() + alertAfterHours * HOUR_MS);
}

/**
 * A customer message starts the wait (an earlier unanswered one keeps its start); a public agent
 * reply ends it; internal notes and system messages leave it as it was.
 */
export function waitingSinceAfter(current: Date | null, message: ClockMessage): Date | null {
  if (message.authorType === 'customer') return current ?? message.at;
  if (message.authorType === 'agent' && !message.internal) return null;
  return current;
}

export function clockAfterMessage(
  current: Date | null,
  status: TicketStatus,
  message: ClockMessage,
  alertAfterHours: number,
): WaitingState {
  const waitingSince = waitingSinceAfter(current, message);
  return { waitingSince, alertDueAt: alertDueAt(waitingSince, status, alertAfterHours) };
}
