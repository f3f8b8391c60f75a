/** Outgoing webhooks (admins only): manage them, see their deliveries, retry one, send a test ping. */
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { listOf } from '../presenters/schemas';
import { Webhook } from '../models/Webhook';
import { presentDelivery, presentWebhook, webhookDeliverySchema, webhookSchema } from '../webhooks/webhookPresenter';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  queuePing,
  retryDelivery,
  rotateWebhookSecret,
  updateWebhook,
  webhookInputSchema,
  webhookPatchSchema,
} from '../webhooks/webhookService';
import { idParams, paging } from './common';

const deliveryParams = idParams.extend({ deliveryId: z.coerce.number().int().positive() });

export const webhookRoutes = [
  defineRoute({
    method: 'get',
    path: '/webhooks',
    summary: 'Outgoing webhooks (secrets masked)',
    tag: 'webhooks',
    access: 'admin',
    responses: { 200: { description: 'Webhooks, oldest first', schema: listOf(webhookSchema) } },
    handler: async () => {
      const rows = await Webhook.findAll({ order: [['id', 'ASC']] });
      return { body: { data: rows.map((w) => presentWebhook(w)), total: rows.length } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks',
    summary: 'Add a webhook; the answer shows its signing secret, once',
    tag: 'webhooks',
    access: 'admin',
    body: webhookInputSchema,
    responses: { 201: { description: 'The webhook with its secret in full', schema: webhookSchema } },
    handler: async ({ ctx, actor, body }) => ({ status: 201, body: presentWebhook(await createWebhook(ctx, actor, body), { revealSecret: true }) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/webhooks/:id',
    summary: 'Change a webhook’s URL, events, description or active flag',
    tag: 'webhooks',
    access: 'admin',
    params: idParams,
    body: webhookPatchSchema,
    responses: { 200: { description: 'The webhook', schema: webhookSchema } },
    handler: async ({ ctx, actor, params, body }) => ({ body: presentWebhook(await updateWebhook(ctx, actor, params.id, body)) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/webhooks/:id',
    summary: 'Delete a webhook and its deliveries',
    tag: 'webhooks',
    access: 'admin',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ ctx, actor, params }) => {
      await deleteWebhook(ctx, actor, params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks/:id/rotate-secret',
    summary: 'Replace the signing secret; the answer shows the new one, once',
    tag: 'webhooks',
    access: 'admin',
    params: idParams,
    responses: { 200: { description: 'The webhook with its new secret in full', schema: webhookSchema } },
    handler: async ({ ctx, actor, params }) => ({ body: presentWebhook(await rotateWebhookSecret(ctx, actor, params.id), { revealSecret: true }) }),
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks/:id/deliveries',
    summary: 'A webhook’s deliveries, newest first',
    tag: 'webhooks',
    access: 'admin',
    params: idParams,
    query: z.object(paging),
    responses: { 200: { description: 'Deliveries', schema: listOf(webhookDeliverySchema) } },
    handler: async ({ params, query }) => {
      const { rows, total } = await listDeliveries(params.id, query);
      return { body: { data: rows.map(presentDelivery), total } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks/:id/deliveries/:deliveryId/retry',
    summary: 'Send a delivery again at the deliverer’s next run',
    tag: 'webhooks',
    access: 'admin',
    params: deliveryParams,
    responses: { 202: { description: 'Queued', schema: webhookDeliverySchema } },
    handler: async ({ ctx, actor, params }) => ({ status: 202, body: presentDelivery(await retryDelivery(ctx, actor, params.id, params.deliveryId)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks/:id/test',
    summary: 'Queue a `ping` event to this webhook',
    tag: 'webhooks',
    access: 'admin',
    params: idParams,
    responses: { 202: { description: 'The queued delivery', schema: webhookDeliverySchema } },
    handler: async ({ ctx, actor, params }) => ({ status: 202, body: presentDelivery(await queuePing(ctx, actor, params.id)) }),
  }),
];
