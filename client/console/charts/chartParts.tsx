/**
 * Pieces the inline-SVG charts share: the drawing area, a "nice" value axis, the x labels that
 * fit, the legend, and the data table screen readers get instead of the picture.
 */
import type { ComponentChildren } from 'preact';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
  /** One value per label; null where there is nothing to plot. */
  values: Array<number | null>;
}

/** The SVG's own coordinate system: it scales to the container's width. */
export const WIDTH = 560;
export const HEIGHT = 220;
export const PAD = { top: 12, right: 12, bottom: 28, left: 48 };
export const PLOT_W = WIDTH - PAD.left - PAD.right;
export const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** A round top for the value axis (1, 2, 2.5, 5 × 10ⁿ) and its ticks, so gridlines fall on readable numbers; `integer` for counts. */
export function niceScale(max: number, ticks = 4, integer = false): { top: number; steps: number[] } {
  if (!(max > 0)) return { top: 1, steps: [0, 1] };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = ([1, 2, 2.5, 5, 10].find((f) => f * power >= rough) ?? 10) * power;
  // Counts have no half tickets: whole-number steps only.
  const step = integer ? Math.max(1, Math.ceil(nice)) : nice;
  const top = Math.ceil(max / step) * step;
  const steps: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) steps.push(Math.round(value * 1000) / 1000);
  return { top, steps };
}

/** Every n-th x label, so at most `most` are written (the rest stay in tooltips and the table). */
export function labelStep(count: number, most = 8): number {
  return Math.max(1, Math.ceil(count / most));
}

export function ValueAxis({ top, steps, format }: { top: number; steps: number[]; format: (value: number) => string }) {
  return (
    <g class="chart-axis" aria-hidden="true">
      {steps.map((value) => {
        const y = PAD.top + PLOT_H - (value / top) * PLOT_H;
        return (
          <g key={value}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} class="chart-grid" />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">
              {format(value)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export function LabelAxis({ labels, xOf, short }: { labels: string[]; xOf: (index: number) => number; short: (label: string) => string }) {
  const step = labelStep(labels.length);
  return (
    <g class="chart-axis" aria-hidden="true">
      {labels.map((label, index) =>
        index % step === 0 ? (
          <text key={label} x={xOf(index)} y={HEIGHT - 8} text-anchor="middle">
            {short(label)}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function Legend({ series }: { series: Array<Pick<ChartSeries, 'key' | 'name' | 'color'>> }) {
  return (
    <ul class="legend chart-legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key}>
          <span class="swatch" style={{ background: s.color }} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind the chart as a table, for screen readers (hidden from sight). */
export function DataTable({ caption, labelHeader, labels, series, format }: { caption: string; labelHeader: string; labels: string[]; series: ChartSeries[]; format: (value: number) => string }) {
  return (
    // The wrapper hides it: a table ignores the 1px width and would still widen the page.
    <div class="visually-hidden">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, index) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {series.map((s) => {
                const value = s.values[index];
                return <td key={s.key}>{value === null || value === undefined ? '–' : format(value)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The frame every chart has: a caption, the picture (an image to assistive technology), legend, table. */
/** The figure around a chart's SVG: caption, the plot, its legend and the same data as a table (for screen readers). */
export function ChartFrame({ title, summary, testId, labelHeader, labels, series, format, children }: { title: string; summary: string; testId: string; labelHeader: string; labels: string[]; series: ChartSeries[]; format: (value: number) => string; children: ComponentChildren }) {
  return (
    <figure class="svg-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}. ${summary}`} preserveAspectRatio="xMidYMid meet">
        {children}
      </svg>
      <Legend series={series} />
      <DataTable caption={title} labelHeader={labelHeader} labels={labels} series={series} format={format} />
    </figure>
  );
}
