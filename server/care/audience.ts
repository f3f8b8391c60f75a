/**
 * Who a campaign writes to today, and for which occasion (the delivery's unique key):
 *   birthday    restricted birthday's month-day is today in the campaign's zone (29 Feb on 28 Feb
 *               in other years); occasion today's date
 *   no_contact  no ticket activity (either way, care mails included) for inactiveDays; occasion
 *               the date the silence reached that length, so one silence gets one mail
 *   segment     in the value tier; occasion the date segments were computed
 * Merged-away, unsubscribed customers and those without an email address are left out. The
 * birthday is only read here, to choose; it is never returned or logged.
 */
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { AppContext } from '../context';
import type { CareCampaign } from '../models/CareCampaign';
import { CareUnsubscribe } from '../models/CareUnsubscribe';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { isLeapYear, localClock } from './localClock';

const DAY_MS = 86_400_000;
const CHUNK = 1000;

export interface CareRecipient {
  customerId: number;
  occasion: string;
}

/** SQLite hands back DATE(3) as text ("2024-03-05 00:00:00.000 +00:00"); MariaDB a Date. */
function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(String(value).replace(' ', 'T').replace(' ', ''));
}

async function birthdays(campaign: CareCampaign, now: Date, base: WhereOptions<Customer>): Promise<CareRecipient[]> {
  const today = localClock(now, campaign.timeZone).date;
  const days = [today.slice(5)];
  if (days[0] === '02-28' && !isLeapYear(Number(today.slice(0, 4)))) days.push('02-29');
  // The fields are JSON text: LIKE narrows the rows read, the parsed value decides.
  const like = days.map((day) => ({ restricted: { [Op.like]: `%"birthday":"____-${day}"%` } }));
  const rows = await Customer.scope('withRestricted').findAll({ attributes: ['id', 'restricted'], where: { ...base, [Op.or]: like } as unknown as WhereOptions<Customer> });
  return rows.filter((row) => days.includes(row.restricted?.birthday?.slice(5) ?? '')).map((row) => ({ customerId: row.id, occasion: today }));
}

async function silent(ctx: AppContext, campaign: CareCampaign, now: Date): Promise<CareRecipient[]> {
  const cutoff = new Date(now.getTime() - campaign.inactiveDays * DAY_MS);
  const rows = (await ctx.sequelize.query(
    `SELECT c.id AS customerId, COALESCE(MAX(t.lastActivityAt), c.createdAt) AS lastAt
       FROM customers c LEFT JOIN tickets t ON t.customerId = c.id
      WHERE c.mergedIntoId IS NULL ${campaign.segment ? 'AND c.segment = :segment' : ''}
      GROUP BY c.id, c.createdAt
     HAVING COALESCE(MAX(t.lastActivityAt), c.createdAt) <= :cutoff`,
    { replacements: { cutoff, segment: campaign.segment }, type: QueryTypes.SELECT },
  )) as Array<{ customerId: number; lastAt: string | Date }>;
  return rows.map((row) => ({
    customerId: Number(row.customerId),
    occasion: localClock(new Date(toDate(row.lastAt).getTime() + campaign.inactiveDays * DAY_MS), campaign.timeZone).date,
  }));
}

async function inSegment(campaign: CareCampaign, base: WhereOptions<Customer>): Promise<CareRecipient[]> {
  const rows = await Customer.findAll({ attributes: ['id', 'segmentAt'], where: { ...base, segmentAt: { [Op.ne]: null } } });
  return rows.map((row) => ({ customerId: row.id, occasion: localClock(row.segmentAt as Date, campaign.timeZone).date }));
}

/** The ids among these that may be written to: with an email address and not unsubscribed. */
async function reachable(customerIds: number[]): Promise<Set<number>> {
  const result = new Set<number>();
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const ids = customerIds.slice(i, i + CHUNK);
    const [withEmail, unsubscribed] = await Promise.all([
      Identity.findAll({ attributes: ['customerId'], where: { kind: 'email', customerId: ids }, raw: true }),
      CareUnsubscribe.findAll({ attributes: ['customerId'], where: { customerId: ids }, raw: true }),
    ]);
    const out = new Set(unsubscribed.map((u) => u.customerId));
    for (const { customerId } of withEmail) if (!out.has(customerId)) result.add(customerId);
  }
  return result;
}

export async function selectAudience(ctx: AppContext, campaign: CareCampaign, now: Date): Promise<CareRecipient[]> {
  const base: WhereOptions<Customer> = { mergedIntoId: null, ...(campaign.segment ? { segment: campaign.segment } : {}) };
  const candidates =
    campaign.audience === 'birthday' ? await birthdays(campaign, now, base) : campaign.audience === 'no_contact' ? await silent(ctx, campaign, now) : await inSegment(campaign, base);
  const ok = await reachable(candidates.map((c) => c.customerId));
  return candidates.filter((c) => ok.has(c.customerId));
}
