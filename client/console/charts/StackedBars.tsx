/**
 * A stacked bar chart in inline SVG: one column per label (a day), one coloured segment per
 * series (a channel, an alert kind, a category). Each column's <title> is its tooltip.
 */
import { ChartFrame, LabelAxis, niceScale, PAD, PLOT_H, PLOT_W, ValueAxis, type ChartSeries } from './chartParts';

export interface StackedBarsProps {
  title: string;
  /** One sentence for assistive technology, e.g. the total. */
  summary: string;
  labels: string[];
  labelHeader: string;
  series: ChartSeries[];
  testId: string;
  shortLabel?: (label: string) => string;
  format?: (value: number) => string;
}

export function StackedBars({ title, summary, labels, labelHeader, series, testId, shortLabel = (l) => l, format = (v) => String(v) }: StackedBarsProps) {
  const totals = labels.map((_, index) => series.reduce((sum, s) => sum + (s.values[index] ?? 0), 0));
  const { top, steps } = niceScale(Math.max(0, ...totals), 4, true);
  const slot = PLOT_W / Math.max(1, labels.length);
  const barWidth = Math.max(1, slot * 0.7);
  const xOf = (index: number) => PAD.left + slot * index + slot / 2;
  const yOf = (value: number) => (value / top) * PLOT_H;
  return (
    <ChartFrame
      title={title}
      summary={summary}
      testId={testId}
      labelHeader={labelHeader}
      labels={labels}
      series={series}
      format={format}
    >
      <ValueAxis top={top} steps={steps} format={format} />
      {labels.map((label, index) => {
        let base = PAD.top + PLOT_H;
        const parts = series.filter((s) => (s.values[index] ?? 0) > 0);
        const tooltip = [`${label}: ${format(totals[index] as number)}`, ...parts.map((s) => `${s.name}: ${format(s.values[index] as number)}`)].join('\n');
        return (
          <g key={label} class="chart-bar" data-testid="chart-bar" data-label={label} data-total={totals[index]}>
            <title>{tooltip}</title>
            {/* A transparent full-height target, so an empty day still shows its tooltip. */}
            <rect x={xOf(index) - slot / 2} y={PAD.top} width={slot} height={PLOT_H} fill="transparent" />
            {parts.map((s) => {
              const height = yOf(s.values[index] as number);
              base -= height;
              return <rect key={s.key} x={xOf(index) - barWidth / 2} y={base} width={barWidth} height={height} fill={s.color} />;
            })}
          </g>
        );
      })}
      <LabelAxis labels={labels} xOf={xOf} short={shortLabel} />
    </ChartFrame>
  );
}
