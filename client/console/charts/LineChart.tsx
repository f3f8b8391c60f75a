/**
 * A line chart in inline SVG for one or two series over the same labels (median and p90 of a
 * waiting time per day). Missing values (null) break the line; each point's <title> is its tooltip.
 */
import { ChartFrame, LabelAxis, niceScale, PAD, PLOT_H, PLOT_W, ValueAxis, type ChartSeries } from './chartParts';

export interface LineChartProps {
  title: string;
  summary: string;
  labels: string[];
  labelHeader: string;
  series: ChartSeries[];
  testId: string;
  shortLabel?: (label: string) => string;
  format?: (value: number) => string;
  /** A fixed top for the value axis (5 for ratings); otherwise from the data. */
  max?: number;
}

export function LineChart({ title, summary, labels, labelHeader, series, testId, shortLabel = (l) => l, format = (v) => String(v), max }: LineChartProps) {
  const highest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  // A fixed top (ratings 1–5) gets one gridline per unit.
  const { top, steps } = max ? niceScale(max, Math.min(max, 10)) : niceScale(highest);
  const slot = PLOT_W / Math.max(1, labels.length);
  const xOf = (index: number) => PAD.left + slot * index + slot / 2;
  const yOf = (value: number) => PAD.top + PLOT_H - (Math.min(value, top) / top) * PLOT_H;
  /** "M x y L x y …" with a new M after every gap. */
  const pathOf = (values: Array<number | null>) => {
    let d = '';
    let drawing = false;
    values.forEach((value, index) => {
      if (value === null) {
        drawing = false;
        return;
      }
      d += `${drawing ? 'L' : 'M'}${xOf(index).toFixed(1)} ${yOf(value).toFixed(1)} `;
      drawing = true;
    });
    return d.trim();
  };
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
      {series.map((s) => (
        <g key={s.key} class="chart-line" data-testid="chart-line" data-series={s.key}>
          {pathOf(s.values) && <path d={pathOf(s.values)} fill="none" stroke={s.color} stroke-width="2" />}
          {s.values.map((value, index) =>
            value === null ? null : (
              <circle key={labels[index]} cx={xOf(index)} cy={yOf(value)} r="3.5" fill={s.color} data-testid="chart-point" data-label={labels[index]} data-value={value}>
                <title>{`${labels[index]} · ${s.name}: ${format(value)}`}</title>
              </circle>
            ),
          )}
        </g>
      ))}
      <LabelAxis labels={labels} xOf={xOf} short={shortLabel} />
    </ChartFrame>
  );
}
