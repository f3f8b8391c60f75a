/**
 * The overview report behind `#/reports`: per local day of the reader's time zone, tickets in
 * and out per channel, first-response and resolution times (median, p90), alerts raised per
 * kind, CSAT and tickets opened per category; plus the same figures for the whole range.
 * Only tickets the reader may see count (the ticket policy's condition, applied in SQL).
 */
import type { Sequelize } from 'sequelize';
import type { AlertKind } from '../../models/Alert';
import { channels, type Channel } from '../../models/Ticket';
import type { Actor } from '../../policies/actor';
import { visibleTicketsWhere } from '../../policies/ticketPolicy';
import { csatFigures, type CsatFigures } from '../../surveys/csatReport';
import { readCategories, type Categories } from '../categoryService';
import { summarize, type DurationSummary } from './durations';
import { LocalDays } from './localDays';
import { firstResolutions, firstResponses, openedTickets, raisedAlerts, surveyRatings } from './overviewData';

export const alertKinds: AlertKind[] = ['warning', 'overdue', 'escalation'];

export interface OverviewQuery {
  /** Local dates YYYY-MM-DD; `to` is exclusive. */
  from: string;
  to: string;
  timeZone: string;
  channel: Channel | null;
}

export type PerChannel = Record<Channel, number>;
export type PerKind = Record<AlertKind, number>;

export interface OverviewDay {
  day: string;
  created: PerChannel;
  solved: PerChannel;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
  alerts: PerKind;
  csat: CsatFigures;
  /** Tickets opened per category key; `uncategorized` counts those without one. */
  categories: Record<string, number>;
  uncategorized: number;
}

export interface OverviewReport {
  from: string;
  to: string;
  timeZone: string;
  channel: Channel | null;
  days: OverviewDay[];
  totals: Omit<OverviewDay, 'day'>;
  /** The configured categories (with labels) followed by any other key found on tickets. */
  categories: Array<{ key: string; label: { en: string; 'zh-CN': string } }>;
}

const perChannel = (): PerChannel => ({ email: 0, chat: 0, web: 0 });
const perKind = (): PerKind => ({ warning: 0, overdue: 0, escalation: 0 });

function categoryList(configured: Categories, seen: Set<string>) {
  const list = configured.map((c) => ({ key: c.key, label: c.label }));
  for (const key of [...seen].sort()) if (!list.some((c) => c.key === key)) list.push({ key, label: { en: key, 'zh-CN': key } });
  return list;
}

export async function overviewReport(sequelize: Sequelize, actor: Actor, query: OverviewQuery): Promise<OverviewReport> {
  const local = new LocalDays(query.from, query.to, query.timeZone);
  const scope = { sequelize, from: local.start, to: local.end, channel: query.channel, visible: visibleTicketsWhere(actor), offsets: local.offsetSegments() };
  const [opened, responses, resolutions, alerts, ratings, configured] = await Promise.all([
    openedTickets(scope),
    firstResponses(scope),
    firstResolutions(scope),
    raisedAlerts(scope),
    surveyRatings(scope),
    readCategories(),
  ]);
  const index = new Map(local.days.map((day, i) => [day, i]));
  const n = local.days.length;
  const created = Array.from({ length: n }, perChannel);
  const solved = Array.from({ length: n }, perChannel);
  const alertCounts = Array.from({ length: n }, perKind);
  const categoryCounts = Array.from({ length: n }, () => ({}) as Record<string, number>);
  const uncategorized = new Array<number>(n).fill(0);
  const responseMs = Array.from({ length: n }, () => [] as number[]);
  const resolutionMs = Array.from({ length: n }, () => [] as number[]);
  const ratingLists = Array.from({ length: n }, () => [] as number[]);
  const seenCategories = new Set<string>();

  for (const row of opened) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    (created[i] as PerChannel)[row.channel] += row.count;
    if (row.category) {
      const counts = categoryCounts[i] as Record<string, number>;
      counts[row.category] = (counts[row.category] ?? 0) + row.count;
      seenCategories.add(row.category);
    } else uncategorized[i] = (uncategorized[i] as number) + row.count;
  }
  for (const row of responses) {
    const i = index.get(row.day);
    if (i !== undefined) (responseMs[i] as number[]).push(row.ms);
  }
  for (const row of resolutions) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    (solved[i] as PerChannel)[row.channel]++;
    (resolutionMs[i] as number[]).push(row.ms);
  }
  for (const row of alerts) {
    const i = index.get(row.day);
    if (i !== undefined && alertKinds.includes(row.kind)) (alertCounts[i] as PerKind)[row.kind] += row.count;
  }
  for (const row of ratings) {
    const i = index.get(row.day);
    if (i !== undefined) for (let k = 0; k < row.count; k++) (ratingLists[i] as number[]).push(row.rating);
  }

  const days: OverviewDay[] = local.days.map((day, i) => ({
    day,
    created: created[i] as PerChannel,
    solved: solved[i] as PerChannel,
    firstResponse: summarize(responseMs[i] as number[]),
    resolution: summarize(resolutionMs[i] as number[]),
    alerts: alertCounts[i] as PerKind,
    csat: csatFigures(ratingLists[i] as number[]),
    categories: categoryCounts[i] as Record<string, number>,
    uncategorized: uncategorized[i] as number,
  }));
  const sum = <K extends string>(lists: Array<Record<K, number>>, keys: readonly K[]) =>
    Object.fromEntries(keys.map((key) => [key, lists.reduce((total, item) => total + (item[key] ?? 0), 0)])) as Record<K, number>;
  const categories = categoryList(configured, seenCategories);
  return {
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
    channel: query.channel,
    days,
    totals: {
      created: sum(created, channels),
      solved: sum(solved, channels),
      firstResponse: summarize(responseMs.flat()),
      resolution: summarize(resolutionMs.flat()),
      alerts: sum(alertCounts, alertKinds),
      csat: csatFigures(ratingLists.flat()),
      categories: sum(categoryCounts, categories.map((c) => c.key)),
      uncategorized: uncategorized.reduce((total, count) => total + count, 0),
    },
    categories,
  };
}
