/**
 * Managing webhooks (admins only, checked by the routes): create with a fresh secret, change,
 * rotate the secret, delete, list deliveries, retry one, queue a test ping. Every change is
 * audited in its transaction; no request ever calls a receiver (the deliverer does).
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { conflict, notFound } from '../http/errors';
import { Webhook, webhookEvents, type WebhookEvent } from '../models/Webhook';
import { WebhookDelivery } from '../models/WebhookDelivery';
import type { Actor } from '../policies/actor';
import { diffFields, recordAudit } from '../services/auditService';
import { PING_EVENT, queueDeliveries } from './enqueue';
import { newWebhookSecret } from './signing';

/** http(s) only, and no user:password@ (the signature is how a receiver knows it is us). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, issue) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      issue.addIssue({ code: 'custom', message: 'must be an absolute http:// or https:// URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') issue.addIssue({ code: 'custom', message: 'must use http or https' });
    else if (url.username || url.password) issue.addIssue({ code: 'custom', message: 'must not contain a user name or password; receivers authenticate us by the signature' });
  });

export const webhookInputSchema = z.object({
  url: webhookUrlSchema,
  events: z
    .array(z.enum(webhookEvents))
    .min(1, 'choose at least one event')
    .transform((events) => [...new Set(events)]),
  active: z.boolean().optional(),
  description: z.string().trim().max(500).nullable().optional(),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;
export const webhookPatchSchema = webhookInputSchema.partial();
export type WebhookPatch = z.infer<typeof webhookPatchSchema>;

async function find(id: number): Promise<Webhook> {
  const webhook = await Webhook.findByPk(id);
  if (!webhook) throw notFound('Webhook');
  return webhook;
}

/** What the audit log keeps of a webhook: never its secret. */
const audited = (w: { url: string; events: WebhookEvent[]; active: boolean; description: string | null }) => ({ url: w.url, events: w.events, active: w.active, description: w.description });

export async function createWebhook(ctx: AppContext, actor: Actor, input: WebhookInput): Promise<Webhook> {
  return ctx.transactions.run(async (transaction) => {
    const webhook = await Webhook.create(
      { url: input.url, events: input.events, active: input.active ?? true, description: input.description || null, secret: newWebhookSecret(), createdById: actor.agent.id },
      { transaction },
    );
    await recordAudit(transaction, { actor, action: 'webhook.created', entityType: 'webhook', entityId: webhook.id, changes: audited(webhook) });
    return webhook;
  });
}

export async function updateWebhook(ctx: AppContext, actor: Actor, id: number, patch: WebhookPatch): Promise<Webhook> {
  return ctx.transactions.run(async (transaction) => {
    const webhook = await find(id);
    const next = { url: patch.url, events: patch.events, active: patch.active, description: patch.description === undefined ? undefined : patch.description || null };
    const changes = diffFields(audited(webhook), next);
    if (!changes) return webhook;
    await webhook.update(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)), { transaction });
    await recordAudit(transaction, { actor, action: 'webhook.updated', entityType: 'webhook', entityId: id, changes });
    return webhook;
  });
}

export async function rotateWebhookSecret(ctx: AppContext, actor: Actor, id: number): Promise<Webhook> {
  return ctx.transactions.run(async (transaction) => {
    const webhook = await find(id);
    await webhook.update({ secret: newWebhookSecret() }, { transaction });
    await recordAudit(transaction, { actor, action: 'webhook.secret_rotated', entityType: 'webhook', entityId: id });
    return webhook;
  });
}

export async function deleteWebhook(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.transactions.run(async (transaction) => {
    const webhook = await find(id);
    // Explicit, as SQLite may run without foreign-key enforcement.
    await WebhookDelivery.destroy({ where: { webhookId: id }, transaction });
    await webhook.destroy({ transaction });
    await recordAudit(transaction, { actor, action: 'webhook.deleted', entityType: 'webhook', entityId: id, changes: audited(webhook) });
  });
}

export async function listDeliveries(id: number, page: { limit: number; offset: number }): Promise<{ rows: WebhookDelivery[]; total: number }> {
  await find(id);
  const [rows, total] = await Promise.all([
    WebhookDelivery.findAll({ where: { webhookId: id }, order: [['id', 'DESC']], limit: page.limit, offset: page.offset }),
    WebhookDelivery.count({ where: { webhookId: id } }),
  ]);
  return { rows, total };
}

/** Sends a delivery again at the next run: one more attempt for a failed one, or a repeat of a delivered one. */
export async function retryDelivery(ctx: AppContext, actor: Actor, id: number, deliveryId: number): Promise<WebhookDelivery> {
  return ctx.transactions.run(async (transaction) => {
    const delivery = await WebhookDelivery.findOne({ where: { id: deliveryId, webhookId: id }, transaction });
    if (!delivery) throw notFound('Delivery');
    const webhook = await find(id);
    if (!webhook.active) throw conflict('The webhook is inactive: activate it before retrying');
    // A retried delivery gets one more attempt beyond the schedule; a fresh round would restart the backoff.
    const attempts = Math.min(delivery.attempts, 5);
    await delivery.update({ state: 'pending', attempts, nextAttemptAt: ctx.now() }, { transaction });
    await recordAudit(transaction, { actor, action: 'webhook.delivery_retried', entityType: 'webhook', entityId: id, changes: { delivery: delivery.uuid } });
    return delivery;
  });
}

export async function queuePing(ctx: AppContext, actor: Actor, id: number): Promise<WebhookDelivery> {
  const webhook = await find(id);
  if (!webhook.active) throw conflict('The webhook is inactive: activate it before testing');
  const [delivery] = await queueDeliveries(ctx, [webhook], PING_EVENT, { webhook: { id: webhook.id, url: webhook.url, events: webhook.events }, actorId: actor.agent.id });
  return delivery;
}
