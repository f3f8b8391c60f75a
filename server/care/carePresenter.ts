/** What the care API returns, as zod schemas (the OpenAPI description is built from them). */
import { z } from 'zod';
import { careAudiences, type CareCampaign } from '../models/CareCampaign';
import { careDeliveryStates, type CareDelivery } from '../models/CareDelivery';
import { customerSegments } from '../models/Customer';

const timestamp = z.string().describe('ISO 8601 time');

export const campaignSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    audience: z.enum(careAudiences),
    inactiveDays: z.number().int(),
    segment: z.enum(customerSegments).nullable(),
    templateId: z.number().int(),
    subject: z.string(),
    sendTime: z.string().describe('HH:MM in timeZone'),
    timeZone: z.string(),
    active: z.boolean(),
    lastRunOn: z.string().nullable().describe('local date the audience was last picked'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'CareCampaign' });

export const deliverySchema = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    customerId: z.number().int(),
    occasion: z.string(),
    state: z.enum(careDeliveryStates),
    attempts: z.number().int(),
    nextAttemptAt: timestamp.nullable(),
    error: z.string().nullable(),
    recipient: z.string().nullable(),
    sentAt: timestamp.nullable(),
    messageId: z.number().int().nullable().describe('the message in the customer history'),
    createdAt: timestamp,
  })
  .meta({ id: 'CareDelivery' });

export const runReportSchema = z.object({ selected: z.number().int(), sent: z.number().int(), failed: z.number().int(), retrying: z.number().int() });

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentCampaign(c: CareCampaign): z.infer<typeof campaignSchema> {
  return {
    id: c.id,
    name: c.name,
    audience: c.audience,
    inactiveDays: c.inactiveDays,
    segment: c.segment ?? null,
    templateId: c.templateId,
    subject: c.subject,
    sendTime: c.sendTime,
    timeZone: c.timeZone,
    active: Boolean(c.active),
    lastRunOn: c.lastRunOn ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function presentDelivery(d: CareDelivery): z.infer<typeof deliverySchema> {
  return {
    id: d.id,
    campaignId: d.campaignId,
    customerId: d.customerId,
    occasion: d.occasion,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    error: d.error ?? null,
    recipient: d.recipient ?? null,
    sentAt: iso(d.sentAt),
    messageId: d.messageId ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}
