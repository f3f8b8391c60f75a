/**
 * Working-time arithmetic for business-hours calendars (pure): working days with opening hours,
 * holidays, in the company's time zone. With no calendar, every hour counts.
 */
import { localParts, offsetMs } from '../util/timeZones';

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

export interface BusinessCalendar {
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: string;
  /** Opening hours per working day, local time "HH:MM" (close may be "24:00"); days not listed are closed. */
  days: Partial<Record<Weekday, [string, string]>>;
  /** Closed local dates, "YYYY-MM-DD". */
  holidays: string[];
}

const DAY_MS = 86_400_000;
/** The instant when the wall clock in `timeZone` shows this local date and minute of the day. */
export function zonedTime(y: number, m: number, d: number, minuteOfDay: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  const first = guess - offsetMs(guess, timeZone);
  const second = guess - offsetMs(first, timeZone);
  return second;
}

function minutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Opening intervals [open, close) as instants, day by day from the local day containing `from`. */
function* workingIntervals(from: number, calendar: BusinessCalendar): Generator<[number, number]> {
  const start = localParts(from, calendar.timeZone);
  const holidays = new Set(calendar.holidays);
  // Walk local dates by UTC date arithmetic (no DST issues on whole dates).
  for (let day = 0; day < 3700; day += 1) {
    const date = new Date(Date.UTC(start.y, start.m - 1, start.d) + day * DAY_MS);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const hours = calendar.days[weekdays[date.getUTCDay()]];
    if (!hours || holidays.has(isoDate(y, m, d))) continue;
    const open = zonedTime(y, m, d, minutes(hours[0]), calendar.timeZone);
    const close = zonedTime(y, m, d, minutes(hours[1]), calendar.timeZone);
    if (close > open) yield [open, close];
  }
}

function hasWorkingDays(calendar: BusinessCalendar): boolean {
  return Object.values(calendar.days).some((hours) => hours && minutes(hours[1]) > minutes(hours[0]));
}

/** The instant when `ms` of working time have passed after `start`. */
export function addWorkingTime(start: Date, ms: number, calendar: BusinessCalendar | null): Date {
  if (!calendar || !hasWorkingDays(calendar)) return new Date(start.getTime() + ms);
  let remaining = Math.max(0, ms);
  const from = start.getTime();
  for (const [open, close] of workingIntervals(from, calendar)) {
    const segmentStart = Math.max(open, from);
    if (segmentStart >= close) continue;
    if (remaining <= close - segmentStart) return new Date(segmentStart + remaining);
    remaining -= close - segmentStart;
  }
  throw new Error('The business-hours calendar has no working time in the next ten years');
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(from: Date, to: Date, calendar: BusinessCalendar | null): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!calendar || !hasWorkingDays(calendar)) return b - a;
  let total = 0;
  for (const [open, close] of workingIntervals(a, calendar)) {
    if (open >= b) break;
    total += Math.max(0, Math.min(close, b) - Math.max(open, a));
  }
  return total;
}
