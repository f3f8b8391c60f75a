import { z } from 'zod';
import { defineRoute } from '../http/route';
import { Setting } from '../models/Setting';
import { alertSchema, presentAlerts } from '../presenters/alertPresenter';
import { listOf } from '../presenters/schemas';
import { recordAudit } from '../services/auditService';
import { getVisibleAlert, listAlerts } from '../services/alertService';
import { forgetPolicy, policyFrom, policySettingsSchema, POLICY_KEY, readPolicySettings } from '../services/waitingClockService';
import { idParams, paging } from './common';

const effectivePolicySchema = z.object({
  afterHours: z.number(),
  byPriority: z.record(z.string(), z.number()),
  bySegment: z.record(z.string(), z.number()),
  warnRatio: z.number().nullable(),
  escalateAfterHours: z.number().nullable(),
  calendar: z.unknown().nullable(),
});

export const alertRoutes = [
  defineRoute({
    method: 'get',
    path: '/alerts',
    summary: 'Alerts on tickets you can see, newest first',
    tag: 'alerts',
    access: 'agent',
    query: z.object({
      state: z.enum(['open', 'resolved']).optional(),
      kind: z.enum(['warning', 'overdue', 'escalation']).optional(),
      ticketId: z.coerce.number().int().positive().optional(),
      ...paging,
    }),
    responses: { 200: { description: 'Alerts', schema: listOf(alertSchema) } },
    handler: async ({ actor, query }) => {
      const { rows, total } = await listAlerts(actor, query);
      return { body: { data: await presentAlerts(rows), total } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/:id',
    summary: 'One alert with its email and SMS deliveries',
    tag: 'alerts',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'The alert', schema: alertSchema }, 404: { description: 'No such alert' } },
    handler: async ({ actor, params }) => ({ body: (await presentAlerts([await getVisibleAlert(actor, params.id)], true))[0] }),
  }),
  defineRoute({
    method: 'get',
    path: '/settings/alerts',
    summary: 'The alert policy: thresholds per priority and per customer tier, warning, escalation, business hours',
    tag: 'alerts',
    access: 'agent',
    responses: { 200: { description: 'Settings and the policy in effect', schema: z.object({ settings: policySettingsSchema, effective: effectivePolicySchema }) } },
    handler: async ({ ctx }) => {
      const settings = await readPolicySettings();
      return { body: { settings, effective: policyFrom(ctx, settings) } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/settings/alerts',
    summary: 'Set the alert policy (applies to waits that start or change from now on)',
    tag: 'alerts',
    access: 'admin',
    body: policySettingsSchema,
    responses: { 200: { description: 'Saved', schema: z.object({ settings: policySettingsSchema, effective: effectivePolicySchema }) } },
    handler: async ({ ctx, actor, body }) => {
      await ctx.transactions.run(async (transaction) => {
        await Setting.upsert({ key: POLICY_KEY, value: JSON.stringify(body) }, { transaction });
        await recordAudit(transaction, { actor, action: 'settings.alerts', entityType: 'setting', entityId: 0, changes: body });
      });
      forgetPolicy(ctx);
      return { body: { settings: body, effective: policyFrom(ctx, body) } };
    },
  }),
];
