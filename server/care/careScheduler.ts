/**
 * The care scheduler: every CARE_SCAN_SECONDS one node (a DB lease) looks at each active
 * campaign whose send time has passed today in its time zone, picks its audience once that day
 * (birthday campaigns also for the last few days it missed, when no node was running),
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
const DAY_MS = 86_400_000;
/**
 * Birthdays that fell on days the scheduler did not run (every node down) are still greeted, a
 * little late, for up to this many days; an older greeting would be more odd than kind. The other
 * audiences need no catch-up: a silence or a tier is still there on the next run.
 */
export const BIRTHDAY_CATCH_UP_DAYS = 3;

/** Instants inside each day missed since the campaign last ran (oldest first), today excluded. */
function missedBirthdayDays(campaign: CareCampaign, now: Date): Date[] {
  if (campaign.audience !== 'birthday' || !campaign.lastRunOn) return [];
  const today = localClock(now, campaign.timeZone).date;
  const lastRunOn = campaign.lastRunOn;
  const days = new Map<string, Date>();
  for (let back = BIRTHDAY_CATCH_UP_DAYS; back >= 1; back--) {
    const at = new Date(now.getTime() - back * DAY_MS);
    const date = localClock(at, campaign.timeZone).date;
    if (date > lastRunOn && date < today && !days.has(date)) days.set(date, at);
  }
  return [...days.values()];
}

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
    for (const missed of missedBirthdayDays(campaign, now)) selected += await enqueueCampaign(ctx, campaign, missed);
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
