/**
 * Turns domain events into webhook deliveries: one row per active webhook that asked for the
 * event, holding the exact JSON body `{id, event, createdAt, data}` made by the same presenters
 * as the API. Runs as an event processor (after commit), never in a request; sending is the
 * deliverer's job.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { Alert } from '../models/Alert';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { Webhook, webhookEvents, type WebhookEvent } from '../models/Webhook';
import { WebhookDelivery } from '../models/WebhookDelivery';
import { presentAlerts } from '../presenters/alertPresenter';
import { presentMessage } from '../presenters/messagePresenter';
import { presentTicket } from '../presenters/ticketPresenter';

/** The event a webhook's test button sends, whatever events it subscribed to. */
export const PING_EVENT = 'ping';

function body(uuid: string, event: string, createdAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ id: uuid, event, createdAt: createdAt.toISOString(), data });
}

/** Queues `event` for each of these webhooks; returns the new rows. */
export async function queueDeliveries(ctx: AppContext, webhooks: Webhook[], event: string, data: Record<string, unknown>): Promise<WebhookDelivery[]> {
  if (!webhooks.length) return [];
  const now = ctx.now();
  const rows = webhooks.map((webhook) => {
    const uuid = randomUUID();
    return { uuid, webhookId: webhook.id, event, payload: body(uuid, event, now, data), nextAttemptAt: now };
  });
  return WebhookDelivery.bulkCreate(rows);
}

async function subscribers(event: WebhookEvent): Promise<Webhook[]> {
  // Few rows: filter the JSON event list here rather than with dialect-specific JSON SQL.
  const active = await Webhook.findAll({ where: { active: true } });
  return active.filter((webhook) => webhook.events.includes(event));
}

/** The `data` of each event, or null when its subject is gone already. */
async function dataFor(ctx: AppContext, event: WebhookEvent, payload: { ticketId: number; messageId?: number; alertId?: number; changed?: string[] }): Promise<Record<string, unknown> | null> {
  if (event === 'message.created') {
    const message = payload.messageId ? await Message.findByPk(payload.messageId) : null;
    return message ? { message: await presentMessage(message) } : null;
  }
  if (event === 'alert.raised') {
    const alert = payload.alertId ? await Alert.findByPk(payload.alertId) : null;
    return alert ? { alert: (await presentAlerts([alert]))[0] } : null;
  }
  const ticket = await Ticket.findByPk(payload.ticketId);
  if (!ticket) return null;
  return event === 'ticket.updated' ? { ticket: await presentTicket(ticket), changed: payload.changed ?? [] } : { ticket: await presentTicket(ticket) };
}

/** Subscribes to the events webhooks may ask for; `queued` runs after rows were added (to wake the deliverer). */
export function subscribeWebhookEvents(ctx: AppContext, queued: () => void): void {
  for (const event of webhookEvents) {
    ctx.events.subscribe(event, `webhooks.${event}`, async (payload) => {
      const webhooks = await subscribers(event);
      if (!webhooks.length) return;
      const data = await dataFor(ctx, event, payload);
      if (!data) return;
      await queueDeliveries(ctx, webhooks, event, data);
      queued();
    });
  }
}
