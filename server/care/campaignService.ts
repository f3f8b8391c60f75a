/** Care campaigns: list, create, change, delete (each audited), their deliveries, and "run now". */
import type { AppContext } from '../context';
import { badRequest, notFound } from '../http/errors';
import { CareCampaign, type CareAudience } from '../models/CareCampaign';
import { CareDelivery, type CareDeliveryState } from '../models/CareDelivery';
import type { CustomerSegment } from '../models/Customer';
import { ReplyTemplate } from '../models/ReplyTemplate';
import type { Actor } from '../policies/actor';
import { diffFields, recordAudit } from '../services/auditService';
import { runCampaignNow, type CareRunReport } from './careScheduler';

export interface CampaignInput {
  name: string;
  audience: CareAudience;
  inactiveDays: number;
  segment: CustomerSegment | null;
  templateId: number;
  subject: string;
  sendTime: string;
  timeZone: string;
  active: boolean;
}

async function assertValid(fields: CampaignInput): Promise<void> {
  if (fields.audience === 'segment' && !fields.segment) throw badRequest('A segment campaign needs a segment');
  const template = await ReplyTemplate.findByPk(fields.templateId);
  if (!template || template.deletedAt) throw badRequest(`No reply template with id ${fields.templateId}`);
}

export async function listCampaigns(): Promise<CareCampaign[]> {
  return CareCampaign.findAll({ order: [['id', 'ASC']] });
}

export async function getCampaign(id: number): Promise<CareCampaign> {
  const campaign = await CareCampaign.findByPk(id);
  if (!campaign) throw notFound('Campaign');
  return campaign;
}

export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignInput): Promise<CareCampaign> {
  await assertValid(input);
  return ctx.transactions.run(async (transaction) => {
    const campaign = await CareCampaign.create(input, { transaction });
    await recordAudit(transaction, { actor, action: 'care.campaign.created', entityType: 'care_campaign', entityId: campaign.id, changes: { ...input } });
    return campaign;
  });
}

export async function updateCampaign(ctx: AppContext, actor: Actor, id: number, changes: Partial<CampaignInput>): Promise<CareCampaign> {
  const campaign = await getCampaign(id);
  const current = campaign.get({ plain: true }) as CampaignInput;
  await assertValid({ ...current, ...changes });
  return ctx.transactions.run(async (transaction) => {
    const diff = diffFields(current, changes);
    if (!diff) return campaign;
    // A changed campaign picks its audience again today (deliveries already made stay unique).
    await campaign.update({ ...changes, lastRunOn: null }, { transaction });
    await recordAudit(transaction, { actor, action: 'care.campaign.updated', entityType: 'care_campaign', entityId: id, changes: diff });
    return campaign;
  });
}

export async function deleteCampaign(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const campaign = await getCampaign(id);
  await ctx.transactions.run(async (transaction) => {
    // Sent mails stay in the customers' history; the delivery log goes with the campaign.
    await CareDelivery.destroy({ where: { campaignId: id }, transaction });
    await campaign.destroy({ transaction });
    await recordAudit(transaction, { actor, action: 'care.campaign.deleted', entityType: 'care_campaign', entityId: id, changes: { name: campaign.name } });
  });
}

export async function listDeliveries(campaignId: number, filters: { state?: CareDeliveryState; limit: number; offset: number }): Promise<{ rows: CareDelivery[]; total: number }> {
  await getCampaign(campaignId);
  const where = { campaignId, ...(filters.state ? { state: filters.state } : {}) };
  const [rows, total] = await Promise.all([CareDelivery.findAll({ where, order: [['id', 'DESC']], limit: filters.limit, offset: filters.offset }), CareDelivery.count({ where })]);
  return { rows, total };
}

export async function runCampaign(ctx: AppContext, actor: Actor, id: number): Promise<CareRunReport> {
  const campaign = await getCampaign(id);
  const report = await runCampaignNow(ctx, campaign);
  await ctx.transactions.run((transaction) => recordAudit(transaction, { actor, action: 'care.campaign.run', entityType: 'care_campaign', entityId: id, changes: { ...report } }));
  return report;
}
