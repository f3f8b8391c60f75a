/**
 * The overview report's date range, read from the query: local dates in an IANA time zone,
 * `to` exclusive, by default the last 30 days including today, at most 366 days.
 */
import { z } from 'zod';
import { badRequest } from '../../http/errors';
import { channels } from '../../models/Ticket';
import { addDays, daysBetween, isTimeZone, localDate } from './localDays';
import type { OverviewQuery } from './overviewReport';

export const MAX_REPORT_DAYS = 366;
export const DEFAULT_REPORT_DAYS = 30;

// `channel=` (empty, as a form sends "all channels") means no filter.
const emptyIsUnset = (value: unknown) => (value === '' ? undefined : value);

export const overviewQuerySchema = z.object({
  from: z.iso.date().optional().describe('First local day, YYYY-MM-DD; default 30 days before `to`'),
  to: z.iso.date().optional().describe('Local day after the last one (exclusive), YYYY-MM-DD; default tomorrow'),
  tz: z.preprocess(emptyIsUnset, z.string().max(64).optional()).describe('IANA time zone the days are counted in, e.g. Asia/Shanghai; default UTC'),
  channel: z.preprocess(emptyIsUnset, z.enum(channels).optional()).describe('Only tickets of this channel'),
});
export type OverviewQueryInput = z.infer<typeof overviewQuerySchema>;

/** Fills in the defaults and refuses a bad zone or range with a 400 that says why. */
export function resolveOverviewQuery(input: OverviewQueryInput, now: Date): OverviewQuery {
  const timeZone = input.tz ?? 'UTC';
  if (!isTimeZone(timeZone)) throw badRequest(`Unknown time zone "${timeZone}": use an IANA name such as Asia/Shanghai or UTC`);
  const to = input.to ?? addDays(localDate(now.getTime(), timeZone), 1);
  const from = input.from ?? addDays(to, -DEFAULT_REPORT_DAYS);
  // Historical zone offsets (local mean time, before ~1970) are not whole minutes: keep to our era.
  if (from < '2000-01-01' || to > '2100-12-31') throw badRequest('Dates must lie between 2000-01-01 and 2100-12-31');
  const days = daysBetween(from, to);
  if (days <= 0) throw badRequest('from must be before to (to is exclusive)');
  if (days > MAX_REPORT_DAYS) throw badRequest(`The range is ${days} days; at most ${MAX_REPORT_DAYS} days`);
  return { from, to, timeZone, channel: input.channel ?? null };
}
