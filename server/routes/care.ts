import { z } from 'zod';
import { campaignSchema, deliverySchema, presentCampaign, presentDelivery, runReportSchema } from '../care/carePresenter';
import { createCampaign, deleteCampaign, listCampaigns, listDeliveries, runCampaign, updateCampaign } from '../care/campaignService';
import { isValidTimeZone } from '../care/localClock';
import { defineRoute } from '../http/route';
import { careAudiences } from '../models/CareCampaign';
import { careDeliveryStates } from '../models/CareDelivery';
import { customerSegments } from '../models/Customer';
import { listOf } from '../presenters/schemas';
import { idParams, paging } from './common';

const fields = {
  name: z.string().trim().min(1).max(200),
  audience: z.enum(careAudiences).describe('birthday (restricted birthday is today), no_contact (silent for inactiveDays), segment'),
  inactiveDays: z.number().int().min(1).max(3650).describe('for no_contact'),
  segment: z.enum(customerSegments).nullable().describe('the tier for segment; an extra filter for the other audiences'),
  templateId: z.number().int().positive().describe('reply template whose Handlebars body is the mail text'),
  subject: z.string().trim().min(1).max(300),
  sendTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').describe('HH:MM in timeZone'),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone').describe('IANA, e.g. Asia/Shanghai'),
  active: z.boolean(),
};
const newCampaign = z.object({
  ...fields,
  inactiveDays: fields.inactiveDays.default(30),
  segment: fields.segment.default(null),
  timeZone: fields.timeZone.default('Asia/Shanghai'),
  active: fields.active.default(true),
});
const campaignChanges = z
  .object(fields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'nothing to change');

export const careRoutes = [
  defineRoute({
    method: 'get',
    path: '/care/campaigns',
    summary: 'Care campaigns: scheduled mails from the company to customers',
    tag: 'care',
    access: 'admin',
    responses: { 200: { description: 'Campaigns', schema: listOf(campaignSchema) } },
    handler: async () => {
      const rows = await listCampaigns();
      return { body: { data: rows.map(presentCampaign), total: rows.length } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/care/campaigns',
    summary: 'Add a care campaign',
    tag: 'care',
    access: 'admin',
    body: newCampaign,
    responses: { 201: { description: 'Created', schema: campaignSchema }, 400: { description: 'Invalid, or no such template' } },
    handler: async ({ ctx, actor, body }) => ({ status: 201, body: presentCampaign(await createCampaign(ctx, actor, body)) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/care/campaigns/:id',
    summary: 'Change a care campaign',
    tag: 'care',
    access: 'admin',
    params: idParams,
    body: campaignChanges,
    responses: { 200: { description: 'Updated', schema: campaignSchema }, 404: { description: 'No such campaign' } },
    handler: async ({ ctx, actor, params, body }) => ({ body: presentCampaign(await updateCampaign(ctx, actor, params.id, body)) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/care/campaigns/:id',
    summary: 'Delete a care campaign (mails sent stay in the customers’ history)',
    tag: 'care',
    access: 'admin',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such campaign' } },
    handler: async ({ ctx, actor, params }) => {
      await deleteCampaign(ctx, actor, params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/care/campaigns/:id/deliveries',
    summary: 'A campaign’s deliveries, newest first',
    tag: 'care',
    access: 'admin',
    params: idParams,
    query: z.object({ state: z.enum(careDeliveryStates).optional(), ...paging }),
    responses: { 200: { description: 'Deliveries', schema: listOf(deliverySchema) }, 404: { description: 'No such campaign' } },
    handler: async ({ params, query }) => {
      const { rows, total } = await listDeliveries(params.id, query);
      return { body: { data: rows.map(presentDelivery), total } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/care/campaigns/:id/run',
    summary: 'Run a campaign now for today, whatever its send time (each customer still gets it once per occasion)',
    tag: 'care',
    access: 'admin',
    params: idParams,
    responses: { 200: { description: 'What the run did', schema: runReportSchema }, 404: { description: 'No such campaign' } },
    handler: async ({ ctx, actor, params }) => ({ body: await runCampaign(ctx, actor, params.id) }),
  }),
];
