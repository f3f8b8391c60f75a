/**
 * The waiting clock, as pure functions. A customer starts waiting with their message; an agent's
 * public reply ends the wait; internal notes change nothing; while the ticket is not open
 * (pending on the customer, solved, closed) the clock is paused and the working time already
 * waited is kept as credit. Deadlines count working time when a business calendar is set.
 * Services store the result on the ticket in the same transaction as the change that moved it.
 */
import type { CustomerSegment } from '../models/Customer';
import type { AuthorType } from '../models/Message';
import type { TicketPriority, TicketStatus } from '../models/Ticket';
import { addWorkingTime, workingTimeBetween, type BusinessCalendar } from './businessHours';

export interface AlertPolicy {
  /** The default threshold (ALERT_AFTER_HOURS). */
  afterHours: number;
  /** Shorter thresholds for some priorities. */
  byPriority: Partial<Record<TicketPriority, number>>;
  /** Thresholds for customers of some value tiers; the shorter of this and the priority's applies. */
  bySegment: Partial<Record<CustomerSegment, number>>;
  /** Warn at this share of the threshold (e.g. 0.75); null for no warning. */
  warnRatio: number | null;
  /** Escalate an alert still open this many hours after it was raised; null for never. */
  escalateAfterHours: number | null;
  calendar: BusinessCalendar | null;
}

export interface WaitState {
  /** When the customer started waiting; null when nobody waits. */
  waitingSince: Date | null;
  /** Start of the running stretch of the wait; null while paused. */
  waitResumedAt: Date | null;
  /** Working milliseconds already waited before the last pause. */
  waitCreditMs: number;
  /** Which wait this is (one alert per ticket per wait). */
  waitSeq: number;
}

export interface Deadlines {
  alertDueAt: Date | null;
  alertWarnAt: Date | null;
}

export interface ClockMessage {
  authorType: AuthorType;
  internal: boolean;
  at: Date;
}

const HOUR_MS = 3_600_000;

export function thresholdMs(policy: AlertPolicy, priority: TicketPriority, segment: CustomerSegment | null = null): number {
  const byPriority = policy.byPriority[priority] ?? policy.afterHours;
  const bySegment = segment ? policy.bySegment[segment] : undefined;
  return Math.min(byPriority, bySegment ?? Infinity) * HOUR_MS;
}

/** When the running wait becomes overdue (and when to warn); null while not waiting or paused. */
export function deadlines(state: WaitState, status: TicketStatus, priority: TicketPriority, policy: AlertPolicy, segment: CustomerSegment | null = null): Deadlines {
  if (!state.waitingSince || !state.waitResumedAt || status !== 'open') return { alertDueAt: null, alertWarnAt: null };
  const threshold = thresholdMs(policy, priority, segment);
  const alertDueAt = addWorkingTime(state.waitResumedAt, Math.max(0, threshold - state.waitCreditMs), policy.calendar);
  const warnLeft = policy.warnRatio ? threshold * policy.warnRatio - state.waitCreditMs : -1;
  const alertWarnAt = warnLeft > 0 ? addWorkingTime(state.waitResumedAt, warnLeft, policy.calendar) : null;
  return { alertDueAt, alertWarnAt };
}

/** A message: a customer's starts (or resumes) the wait, a public agent reply ends it. */
export function afterMessage(state: WaitState, message: ClockMessage): WaitState {
  if (message.authorType === 'customer') {
    if (!state.waitingSince) return { waitingSince: message.at, waitResumedAt: message.at, waitCreditMs: 0, waitSeq: state.waitSeq + 1 };
    return state.waitResumedAt ? state : { ...state, waitResumedAt: message.at };
  }
  if (message.authorType === 'agent' && !message.internal) return { waitingSince: null, waitResumedAt: null, waitCreditMs: 0, waitSeq: state.waitSeq };
  return state;
}

/** The ticket's status changed: leaving "open" pauses a running wait, returning resumes it. */
export function afterStatusChange(state: WaitState, from: TicketStatus, to: TicketStatus, at: Date, calendar: BusinessCalendar | null): WaitState {
  if (!state.waitingSince || from === to) return state;
  if (from === 'open' && state.waitResumedAt) {
    return { ...state, waitResumedAt: null, waitCreditMs: state.waitCreditMs + workingTimeBetween(state.waitResumedAt, at, calendar) };
  }
  if (to === 'open' && !state.waitResumedAt) return { ...state, waitResumedAt: at };
  return state;
}
