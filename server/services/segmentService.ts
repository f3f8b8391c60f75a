/**
 * Value segments from purchase records (RFM). Per customer: recency (days since the last
 * purchase), frequency (purchases in the last 365 days) and monetary (their sum). Each is scored
 * 1–5 by quintile among the customers who ever bought, then a tier:
 *   high_value   r≥4, f≥4 and m≥4, or m=5 with r≥3
 *   at_risk      r≤2 with f≥3 or m≥3 (used to buy a lot, not lately)
 *   regular      any other buyer
 *   never_bought no purchase at all
 * Amounts are summed as they are, whatever their currency (most shops sell in one).
 */
import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { Customer, customerSegments, type CustomerSegment, type RfmScores } from '../models/Customer';
import type { Actor } from '../policies/actor';
import { recordAudit } from './auditService';

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 365;
const UPDATE_CHUNK = 500;

export type SegmentCounts = Record<CustomerSegment, number>;

/**
 * Quintile score, 1–5: 1 + ⌊5 × share of buyers with a strictly worse value⌋. Equal values get
 * equal scores, so a tie never splits customers who did the same thing.
 */
export function quintileScore(value: number, sortedAscending: number[], higherIsBetter: boolean): number {
  const n = sortedAscending.length;
  // Binary search: `below` = values < value, `atMost` = values <= value.
  const countWhere = (inside: (v: number) => boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inside(sortedAscending[mid])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const worse = higherIsBetter ? countWhere((v) => v < value) : n - countWhere((v) => v <= value);
  return Math.min(5, 1 + Math.floor((5 * worse) / n));
}

export function tierOf({ r, f, m }: Pick<RfmScores, 'r' | 'f' | 'm'>): CustomerSegment {
  if ((r >= 4 && f >= 4 && m >= 4) || (m === 5 && r >= 3)) return 'high_value';
  if (r <= 2 && (f >= 3 || m >= 3)) return 'at_risk';
  return 'regular';
}

interface Aggregate {
  customerId: number;
  lastAt: Date;
  frequency: number;
  monetary: number;
}

/**
 * Purchases per surviving customer. A merge moves identities and tickets but not purchases, so a
 * merged-away customer's purchases count for the customer they were merged into.
 */
async function purchaseAggregates(ctx: AppContext, now: Date): Promise<Aggregate[]> {
  const since = new Date(now.getTime() - WINDOW_DAYS * DAY_MS);
  const rows = (await ctx.sequelize.query(
    `SELECT customerId, MAX(purchasedAt) AS lastAt,
            SUM(CASE WHEN purchasedAt > :since THEN 1 ELSE 0 END) AS frequency,
            SUM(CASE WHEN purchasedAt > :since THEN amount ELSE 0 END) AS monetary
       FROM purchases WHERE purchasedAt <= :now GROUP BY customerId`,
    { replacements: { since, now }, type: QueryTypes.SELECT },
  )) as Array<{ customerId: number; lastAt: string | Date; frequency: number | string; monetary: number | string }>;
  const merged = await Customer.findAll({ where: { id: rows.map((r) => r.customerId) }, attributes: ['id', 'mergedIntoId'], raw: true });
  const survivorOf = new Map(merged.map((c) => [c.id, c.mergedIntoId]));
  const byCustomer = new Map<number, Aggregate>();
  for (const row of rows) {
    let id = Number(row.customerId);
    for (let hops = 0; survivorOf.get(id) && hops < 20; hops += 1) id = survivorOf.get(id) as number;
    // SQLite hands back the DATE(3) text it stored ("2024-03-05 00:00:00.000 +00:00"); MariaDB a Date.
    const lastAt = row.lastAt instanceof Date ? row.lastAt : new Date(String(row.lastAt).replace(' ', 'T').replace(' ', ''));
    const entry = byCustomer.get(id);
    const add = { frequency: Number(row.frequency), monetary: Number(row.monetary) };
    if (!entry) byCustomer.set(id, { customerId: id, lastAt, ...add });
    else {
      entry.lastAt = entry.lastAt > lastAt ? entry.lastAt : lastAt;
      entry.frequency += add.frequency;
      entry.monetary += add.monetary;
    }
  }
  return [...byCustomer.values()];
}

/** Recomputes every customer's segment as of `now`; returns how many customers are in each tier. */
export async function recomputeSegments(ctx: AppContext, now: Date, actor: Actor | null = null): Promise<SegmentCounts> {
  const aggregates = await purchaseAggregates(ctx, now);
  const recencies = aggregates.map((a) => Math.max(0, Math.floor((now.getTime() - a.lastAt.getTime()) / DAY_MS)));
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const [recencySorted, frequencySorted, monetarySorted] = [sorted(recencies), sorted(aggregates.map((a) => a.frequency)), sorted(aggregates.map((a) => a.monetary))];
  const scored = aggregates.map((a, i) => {
    const rfm: RfmScores = {
      recency: recencies[i],
      frequency: a.frequency,
      monetary: Math.round(a.monetary * 100) / 100,
      r: quintileScore(recencies[i], recencySorted, false),
      f: quintileScore(a.frequency, frequencySorted, true),
      m: quintileScore(a.monetary, monetarySorted, true),
    };
    return { id: a.customerId, rfm, segment: tierOf(rfm) };
  });

  return ctx.transactions.run(async (transaction) => {
    // Everyone first becomes never_bought, then buyers get their tier, a chunk per UPDATE with CASE.
    await Customer.update({ segment: 'never_bought', rfm: null, segmentAt: now }, { where: { mergedIntoId: null }, transaction, silent: true });
    await Customer.update({ segment: null, rfm: null, segmentAt: null }, { where: { mergedIntoId: { [Op.ne]: null } }, transaction, silent: true });
    for (let i = 0; i < scored.length; i += UPDATE_CHUNK) {
      const slice = scored.slice(i, i + UPDATE_CHUNK);
      const cases = (column: 'segment' | 'rfm') => slice.map(() => 'WHEN ? THEN ?').join(' ') + ` ELSE ${column} END`;
      const replacements = [...slice.flatMap((s) => [s.id, s.segment]), ...slice.flatMap((s) => [s.id, JSON.stringify(s.rfm)]), ...slice.map((s) => s.id)];
      await ctx.sequelize.query(`UPDATE customers SET segment = CASE id ${cases('segment')}, rfm = CASE id ${cases('rfm')} WHERE id IN (${slice.map(() => '?').join(',')}) AND mergedIntoId IS NULL`, { replacements, transaction });
    }
    const { counts } = await segmentCounts(transaction);
    if (actor) await recordAudit(transaction, { actor, action: 'segments.recomputed', entityType: 'segment', entityId: 0, changes: { at: now.toISOString(), ...counts } });
    return counts;
  });
}

/** Customers per tier, and those not segmented yet (merged-away customers are left out). */
export async function segmentCounts(transaction?: Transaction): Promise<{ counts: SegmentCounts; unscored: number }> {
  const rows = (await Customer.count({ where: { mergedIntoId: null }, group: ['segment'], transaction })) as unknown as Array<{ segment: string | null; count: number }>;
  const counts = Object.fromEntries(customerSegments.map((s) => [s, 0])) as SegmentCounts;
  let unscored = 0;
  for (const row of rows) {
    if (row.segment && row.segment in counts) counts[row.segment as CustomerSegment] = Number(row.count);
    else unscored += Number(row.count);
  }
  return { counts, unscored };
}
