/** Webhooks and their deliveries as JSON (the secret masked unless it was just made). */
import { z } from 'zod';
import { webhookEvents, type Webhook } from '../models/Webhook';
import { webhookDeliveryStates, type WebhookDelivery } from '../models/WebhookDelivery';
import { maskSecret } from './signing';

export const webhookSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(z.enum(webhookEvents)),
    active: z.boolean(),
    description: z.string().nullable(),
    secret: z.string().describe('in full only in the answer to create and rotate-secret; masked otherwise'),
    secretMasked: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });

export const webhookDeliverySchema = z
  .object({
    id: z.number().int(),
    uuid: z.string().describe('sent as X-Helpdesk-Delivery and as the body\'s id'),
    webhookId: z.number().int(),
    event: z.string(),
    state: z.enum(webhookDeliveryStates),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    attemptLog: z.array(z.object({ at: z.string(), status: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number() })),
  })
  .meta({ id: 'WebhookDelivery' });

export type WebhookJson = z.infer<typeof webhookSchema>;
export type WebhookDeliveryJson = z.infer<typeof webhookDeliverySchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentWebhook(webhook: Webhook, options: { revealSecret?: boolean } = {}): WebhookJson {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    description: webhook.description,
    secret: options.revealSecret ? webhook.secret : maskSecret(webhook.secret),
    secretMasked: !options.revealSecret,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

export function presentDelivery(delivery: WebhookDelivery): WebhookDeliveryJson {
  return {
    id: delivery.id,
    uuid: delivery.uuid,
    webhookId: delivery.webhookId,
    event: delivery.event,
    state: delivery.state,
    attempts: delivery.attempts,
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: iso(delivery.deliveredAt),
    durationMs: delivery.durationMs,
    attemptLog: delivery.attemptLog ?? [],
  };
}
