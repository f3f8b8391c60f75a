/**
 * The few Prometheus metric kinds the help desk needs (counter, gauge, histogram) and the text
 * exposition format (version 0.0.4), written here instead of pulling in a client library.
 */
export type Labels = Record<string, string>;

interface Metric {
  readonly name: string;
  /** The metric's lines (HELP, TYPE, samples); collected gauges read their values here. */
  render(): Promise<string>;
}

/** Label values may hold anything: escape backslash, quote and newline as the format asks. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** One key per label set, with the labels in the metric's declared order. */
function keyOf(labelNames: readonly string[], labels: Labels): string {
  return JSON.stringify(labelNames.map((name) => labels[name] ?? ''));
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, private readonly help: string, private readonly labelNames: readonly string[] = []) {}

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot go down`);
    const key = keyOf(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels: Object.fromEntries(this.labelNames.map((n) => [n, labels[n] ?? ''])), value: by });
  }

  get(labels: Labels = {}): number {
    return this.values.get(keyOf(this.labelNames, labels))?.value ?? 0;
  }

  async render(): Promise<string> {
    let text = header(this.name, this.help, 'counter');
    for (const { labels, value } of this.values.values()) text += `${this.name}${labelText(labels)} ${formatNumber(value)}\n`;
    return text;
  }
}

/** A gauge whose values are read when scraped (queue ages, open sockets, memory). */
export class CollectedGauge implements Metric {
  constructor(readonly name: string, private readonly help: string, private readonly collect: () => Promise<Array<{ labels?: Labels; value: number }>> | Array<{ labels?: Labels; value: number }>) {}

  async render(): Promise<string> {
    let text = header(this.name, this.help, 'gauge');
    for (const { labels, value } of await this.collect()) text += `${this.name}${labelText(labels ?? {})} ${formatNumber(value)}\n`;
    return text;
  }
}

/** Seconds: from 5 ms (a cached read) to 10 s (a request that should have timed out). */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, private readonly help: string, private readonly labelNames: readonly string[] = [], private readonly buckets: readonly number[] = DEFAULT_BUCKETS) {}

  observe(labels: Labels, value: number): void {
    const key = keyOf(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: Object.fromEntries(this.labelNames.map((n) => [n, labels[n] ?? ''])), counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    // Stored per bucket; the cumulative counts the format wants are summed when rendering.
    const index = this.buckets.findIndex((upper) => value <= upper);
    if (index >= 0) entry.counts[index] += 1;
    entry.sum += value;
    entry.count += 1;
  }

  async render(): Promise<string> {
    let text = header(this.name, this.help, 'histogram');
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += counts[i];
        text += `${this.name}_bucket${labelText({ ...labels, le: formatNumber(upper) })} ${cumulative}\n`;
      });
      text += `${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}\n`;
      text += `${this.name}_sum${labelText(labels)} ${formatNumber(sum)}\n`;
      text += `${this.name}_count${labelText(labels)} ${count}\n`;
    }
    return text;
  }
}

/** Metrics in registration order, rendered together; one failing collector does not hide the rest. */
export class Registry {
  private readonly metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.push(metric);
    return metric;
  }

  async render(onError: (name: string, error: unknown) => void = () => undefined): Promise<string> {
    const parts = await Promise.all(
      this.metrics.map((metric) =>
        metric.render().catch((error: unknown) => {
          onError(metric.name, error);
          return '';
        }),
      ),
    );
    return parts.join('');
  }
}
