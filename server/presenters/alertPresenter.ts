/** Alerts as JSON, with the ticket's number and subject, and (for one alert) its deliveries. */
import { z } from 'zod';
import type { Alert } from '../models/Alert';
import { AlertDelivery } from '../models/AlertDelivery';
import { Ticket } from '../models/Ticket';

export const alertDeliverySchema = z.object({
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
});

export const alertSchema = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int(),
    kind: z.enum(['warning', 'overdue', 'escalation']),
    state: z.enum(['open', 'resolved']),
    raisedAt: z.string(),
    dueAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    assigneeId: z.number().int().nullable(),
    groupId: z.number().int().nullable(),
    ticket: z.object({ number: z.number().int(), subject: z.string(), waitingSince: z.string().nullable() }).nullable(),
    deliveries: z.array(alertDeliverySchema).optional(),
  })
  .meta({ id: 'Alert' });

export type AlertJson = z.infer<typeof alertSchema>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function presentAlerts(alerts: Alert[], withDeliveries = false): Promise<AlertJson[]> {
  const tickets = alerts.length ? await Ticket.findAll({ where: { id: [...new Set(alerts.map((a) => a.ticketId))] }, attributes: ['id', 'number', 'subject', 'waitingSince'] }) : [];
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const deliveries = withDeliveries && alerts.length ? await AlertDelivery.findAll({ where: { alertId: alerts.map((a) => a.id) }, order: [['id', 'ASC']] }) : [];
  return alerts.map((alert) => {
    const ticket = byId.get(alert.ticketId);
    return {
      id: alert.id,
      ticketId: alert.ticketId,
      kind: alert.kind,
      state: alert.state,
      raisedAt: alert.raisedAt.toISOString(),
      dueAt: iso(alert.dueAt),
      resolvedAt: iso(alert.resolvedAt),
      escalatedAt: iso(alert.escalatedAt),
      assigneeId: alert.assigneeId,
      groupId: alert.groupId,
      ticket: ticket ? { number: ticket.number ?? ticket.id, subject: ticket.subject, waitingSince: iso(ticket.waitingSince) } : null,
      ...(withDeliveries
        ? {
            deliveries: deliveries
              .filter((d) => d.alertId === alert.id)
              .map((d) => ({ channel: d.channel, recipient: d.recipient, state: d.state, attempts: d.attempts, lastError: d.lastError, sentAt: iso(d.sentAt) })),
          }
        : {}),
    };
  });
}
