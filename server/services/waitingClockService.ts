/**
 * Applies the waiting clock to tickets: the alert policy (thresholds, warning, escalation,
 * business hours) from ALERT_* and the admins' settings, and the one function that stores a
 * ticket's new clock and deadlines, resolving its open alerts when the wait ends or pauses.
 */
import type { Transaction } from 'sequelize';
import { z } from 'zod';
import { weekdays, type BusinessCalendar } from '../alerts/businessHours';
import { isTimeZone } from '../util/timeZones';
import { deadlines, type AlertPolicy, type WaitState } from '../alerts/waitingClock';
import type { AppContext } from '../context';
import { Alert } from '../models/Alert';
import { Customer, customerSegments, type CustomerSegment } from '../models/Customer';
import { Setting } from '../models/Setting';
import { ticketPriorities, type Ticket, type TicketPriority, type TicketStatus } from '../models/Ticket';

export const POLICY_KEY = 'alerts.policy';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
export const calendarSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  days: z.partialRecord(z.enum(weekdays), z.tuple([hhmm, hhmm])),
  holidays: z.array(z.iso.date()).max(1000).default([]),
});

/** What admins may set; anything left out falls back to the ALERT_* environment. */
export const policySettingsSchema = z.object({
  afterHours: z.number().positive().max(24 * 365).optional(),
  byPriority: z.partialRecord(z.enum(ticketPriorities), z.number().positive().max(24 * 365)).optional(),
  bySegment: z
    .partialRecord(z.enum(customerSegments), z.number().positive().max(24 * 365))
    .optional()
    .describe("hours for customers of a value tier (e.g. high_value: 4); the shorter of this and the priority's threshold applies"),
  warnRatio: z.number().min(0).max(0.99).optional(),
  escalateAfterHours: z.number().min(0).max(24 * 365).optional(),
  calendar: calendarSchema.nullable().optional(),
});
export type PolicySettings = z.infer<typeof policySettingsSchema>;

const cache = new WeakMap<AppContext, { policy: AlertPolicy; at: number }>();
/** Other nodes pick up a changed policy within this time. */
const CACHE_MS = 30_000;

export function policyFrom(ctx: AppContext, settings: PolicySettings): AlertPolicy {
  const warnRatio = settings.warnRatio ?? ctx.config.ALERT_WARN_RATIO;
  const escalate = settings.escalateAfterHours ?? ctx.config.ALERT_ESCALATE_AFTER_HOURS;
  return {
    afterHours: settings.afterHours ?? ctx.config.ALERT_AFTER_HOURS,
    byPriority: settings.byPriority ?? {},
    bySegment: settings.bySegment ?? {},
    warnRatio: warnRatio > 0 ? warnRatio : null,
    escalateAfterHours: escalate > 0 ? escalate : null,
    calendar: (settings.calendar as BusinessCalendar | null | undefined) ?? null,
  };
}

export async function readPolicySettings(transaction?: Transaction): Promise<PolicySettings> {
  const row = await Setting.findByPk(POLICY_KEY, { transaction });
  return row ? policySettingsSchema.parse(JSON.parse(row.value)) : {};
}

/**
 * The alert policy (cached). Inside a transaction, pass it: the settings are then read on the
 * transaction's own connection. A second connection taken while holding one deadlocks the pool
 * once every connection is held by a transaction waiting for another (seen under chat load).
 */
export async function alertPolicy(ctx: AppContext, transaction?: Transaction): Promise<AlertPolicy> {
  const cached = cache.get(ctx);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy;
  const policy = policyFrom(ctx, await readPolicySettings(transaction));
  cache.set(ctx, { policy, at: Date.now() });
  return policy;
}

export function forgetPolicy(ctx: AppContext): void {
  cache.delete(ctx);
}

export function waitStateOf(ticket: Ticket): WaitState {
  return { waitingSince: ticket.waitingSince, waitResumedAt: ticket.waitResumedAt, waitCreditMs: ticket.waitCreditMs, waitSeq: ticket.waitSeq };
}

/** The clock fields to store on a ticket for this wait state, status, priority and customer tier. */
export function clockFields(state: WaitState, status: TicketStatus, priority: TicketPriority, policy: AlertPolicy, segment: CustomerSegment | null = null) {
  const { alertDueAt, alertWarnAt } = deadlines(state, status, priority, policy, segment);
  return { ...state, alertDueAt, alertWarnAt, alertScanAt: alertWarnAt ?? alertDueAt };
}

/**
 * The customer's value tier, when the policy has a threshold for some tier (else no query). Like
 * the rest of the policy, a changed tier applies to waits that start or change afterwards.
 */
export async function segmentForPolicy(policy: AlertPolicy, customerId: number, transaction: Transaction): Promise<CustomerSegment | null> {
  if (!Object.keys(policy.bySegment).length) return null;
  const customer = await Customer.findByPk(customerId, { attributes: ['id', 'segment'], transaction });
  return customer?.segment ?? null;
}

/** Resolves the ticket's open alerts once nobody waits any more or the wait is paused. */
export async function resolveAlertsIfIdle(ctx: AppContext, transaction: Transaction, ticket: Ticket): Promise<void> {
  if (ticket.waitingSince && ticket.waitResumedAt && ticket.status === 'open') return;
  await Alert.update({ state: 'resolved', resolvedAt: ctx.now() }, { where: { ticketId: ticket.id, state: 'open' }, transaction });
}
