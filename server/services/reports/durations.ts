/**
 * Summaries of waiting times (first response, resolution): how many, the median and the 90th
 * percentile, in whole seconds. Percentiles interpolate linearly between the two nearest ranks
 * (what spreadsheets' PERCENTILE.INC and numpy's default do), so the median of 10 s and 20 s is
 * 15 s, and the figures can be checked by hand.
 */

export interface DurationSummary {
  count: number;
  /** Seconds; null when count is 0. */
  median: number | null;
  p90: number | null;
}

/** The q-quantile (0–1) of values sorted ascending. */
function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

/** Summary of durations in ms (negative ones, from clock skew between writers, count as 0). */
export function summarize(durationsMs: number[]): DurationSummary {
  if (!durationsMs.length) return { count: 0, median: null, p90: null };
  const sorted = durationsMs.map((ms) => Math.max(0, ms) / 1000).sort((a, b) => a - b);
  return { count: sorted.length, median: Math.round(quantile(sorted, 0.5)), p90: Math.round(quantile(sorted, 0.9)) };
}
