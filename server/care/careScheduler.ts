/**
 * The care scheduler: every CARE_SCAN_SECONDS one node (a DB lease) looks at each active
 * campaign whose send time has passed today in its time zone, picks its audience once that day,
 * inserts a delivery per customer and occasion (the unique key turns repeats, a second node or a
 * restart into no-ops), and sends what is due, retries included.
 */
import type { AppContext } from '../context';
import { acquireLease, nodeId } from '../jobs/jobLock';
import { CareCampaign } from '../models/CareCampaign';
import { CareDelivery } from '../models/CareDelivery';
import { ReplyTemplate } from '../models/ReplyTemplate';
import { selectAudience } from './audience';
import { CareSender, type SendReport } from './careSender';
import { localClock } from './localClock';

const LEASE = 'care-scheduler';
const INSERT_CHUNK = 500;

export interface CareRunReport extends SendReport {
  /** Customers chosen this run (with an email address, not unsubscribed), new or already queued. */
  selected: number;
}

/** Queues today's deliveries of a campaign; returns how many customers it chose. */
export async function enqueueCampaign(ctx: AppContext, campaign: CareCampaign, now: Date): Promise<number> {
  const template = await ReplyTemplate.findByPk(campaign.templateId);
  if (!template || template.deletedAt) {
    ctx.logger.warn('care campaign skipped: its reply template is gone', { campaignId: campaign.id });
    return 0;
  }
  const recipients = await selectAudience(ctx, campaign, now);
  for (let i = 0; i < recipients.length; i += INSERT_CHUNK) {
    const rows = recipients.slice(i, i + INSERT_CHUNK).map((r) => ({ campaignId: campaign.id, customerId: r.customerId, occasion: r.occasion }));
    await CareDelivery.bulkCreate(rows, { ignoreDuplicates: true });
  }
  await campaign.update({ lastRunOn: localClock(now, campaign.timeZone).date });
  return recipients.length;
}

/** One scan: queue what is due today and send it; skipped when another node holds the lease. */
export async function scanCareOnce(ctx: AppContext, owner = nodeId): Promise<CareRunReport & { skipped: boolean }> {
  if (!(await acquireLease(ctx, LEASE, Math.max(30_000, ctx.config.CARE_SCAN_SECONDS * 3000), owner))) return { skipped: true, selected: 0, sent: 0, failed: 0, retrying: 0 };
  const now = ctx.now();
  let selected = 0;
  for (const campaign of await CareCampaign.findAll({ where: { active: true }, order: [['id', 'ASC']] })) {
    const local = localClock(now, campaign.timeZone);
    if (local.time < campaign.sendTime || campaign.lastRunOn === local.date) continue;
    selected += await enqueueCampaign(ctx, campaign, now);
  }
  const sender = new CareSender(ctx);
  try {
    return { skipped: false, selected, ...(await sender.sendDue()) };
  } finally {
    sender.close();
  }
}

/** An admin's "run now": today's audience regardless of the send time, then its due mail. */
export async function runCampaignNow(ctx: AppContext, campaign: CareCampaign): Promise<CareRunReport> {
  const selected = await enqueueCampaign(ctx, campaign, ctx.now());
  const sender = new CareSender(ctx);
  try {
    return { selected, ...(await sender.sendDue(campaign.id)) };
  } finally {
    sender.close();
  }
}

export class CareScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly ctx: AppContext) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.ctx.config.CARE_SCAN_SECONDS * 1000);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = scanCareOnce(this.ctx)
      .catch((error: unknown) => this.ctx.logger.error('care scan failed', { error }))
      .finally(() => (this.running = null));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
