/**
 * Calendar days in an IANA time zone: where each local day starts as a UTC instant, and which
 * day an instant falls on. Reports bucket by the reader's day, not UTC's: a ticket opened at
 * 20:00 UTC on the 1st belongs to the 2nd in Shanghai.
 *
 * The database groups rows by local day itself (see sqlDays.ts) using the zone's offsets over
 * the range, which this file works out once per report with Intl.
 */

import { offsetMs } from '../../util/timeZones';

export { isTimeZone } from '../../util/timeZones';

const DAY = 86_400_000;

/**
 * The instant a local date (YYYY-MM-DD) begins in the zone. Evaluated twice so a day whose
 * offset differs from the previous evening's (DST) still starts at its own midnight; where a
 * DST jump skips midnight, the day starts at the first local time that exists.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

/** The local date (YYYY-MM-DD) an instant falls on in the zone. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(instant + offsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (YYYY-MM-DD; negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The local days [from, to) of a zone, with their UTC start instants. */
export class LocalDays {
  readonly days: string[] = [];
  /** starts[i] is when days[i] begins; starts[days.length] is when the range ends. */
  private readonly starts: number[] = [];

  constructor(from: string, to: string, readonly timeZone: string) {
    for (let day = from; day < to; day = addDays(day, 1)) {
      this.days.push(day);
      this.starts.push(startOfLocalDay(day, timeZone));
    }
    this.starts.push(startOfLocalDay(to, timeZone));
  }

  get start(): Date {
    return new Date(this.starts[0] as number);
  }

  get end(): Date {
    return new Date(this.starts[this.starts.length - 1] as number);
  }

  /**
   * The zone's offset over the range as constant pieces: `offsetMinutes` applies to instants
   * before `until` (null: to the end). One piece for zones without DST in the range; a DST change
   * adds one, cut at the exact instant (found by bisection between the two days' starts).
   */
  offsetSegments(): Array<{ until: Date | null; offsetMinutes: number }> {
    const segments: Array<{ until: Date | null; offsetMinutes: number }> = [];
    let current = offsetMs(this.starts[0] as number, this.timeZone);
    for (let i = 1; i < this.starts.length; i++) {
      const next = offsetMs(this.starts[i] as number, this.timeZone);
      if (next === current) continue;
      // Offsets change on whole minutes: bisect to the first minute with the new offset.
      let low = this.starts[i - 1] as number;
      let high = this.starts[i] as number;
      while (high - low > 60_000) {
        const middle = low + Math.max(1, Math.floor((high - low) / 120_000)) * 60_000;
        if (offsetMs(middle, this.timeZone) === current) low = middle;
        else high = middle;
      }
      segments.push({ until: new Date(high), offsetMinutes: current / 60_000 });
      current = next;
    }
    segments.push({ until: null, offsetMinutes: current / 60_000 });
    return segments;
  }
}
