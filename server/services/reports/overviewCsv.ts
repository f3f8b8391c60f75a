/**
 * One section of the overview report as CSV for spreadsheets: UTF-8 with a BOM (so Chinese
 * labels open right in Excel), CRLF lines, and cells that a spreadsheet would run as a formula
 * neutralised by the same writer the customer export uses.
 */
import { channels } from '../../models/Ticket';
import { csvCell } from '../../imports/customerExport';
import { alertKinds, type OverviewReport } from './overviewReport';

export const overviewSections = ['volume', 'times', 'alerts', 'csat', 'categories'] as const;
export type OverviewSection = (typeof overviewSections)[number];

type Cell = string | number | null;

function table(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n')}\r\n`;
}

export function overviewCsv(report: OverviewReport, section: OverviewSection, locale: 'en' | 'zh-CN'): string {
  switch (section) {
    case 'volume':
      return table(
        ['day', ...channels.map((c) => `created_${c}`), 'created_total', ...channels.map((c) => `solved_${c}`), 'solved_total'],
        report.days.map((d) => [
          d.day,
          ...channels.map((c) => d.created[c]),
          channels.reduce((total, c) => total + d.created[c], 0),
          ...channels.map((c) => d.solved[c]),
          channels.reduce((total, c) => total + d.solved[c], 0),
        ]),
      );
    case 'times': {
      const row = (day: string, t: Pick<OverviewReport['totals'], 'firstResponse' | 'resolution'>): Cell[] => [
        day,
        t.firstResponse.count,
        t.firstResponse.median,
        t.firstResponse.p90,
        t.resolution.count,
        t.resolution.median,
        t.resolution.p90,
      ];
      return table(
        ['day', 'first_response_count', 'first_response_median_seconds', 'first_response_p90_seconds', 'resolution_count', 'resolution_median_seconds', 'resolution_p90_seconds'],
        [...report.days.map((d) => row(d.day, d)), row('total', report.totals)],
      );
    }
    case 'alerts':
      return table(['day', ...alertKinds], report.days.map((d) => [d.day, ...alertKinds.map((k) => d.alerts[k])]));
    case 'csat':
      return table(
        ['day', 'responses', 'average', 'satisfied_share'],
        [...report.days.map((d) => [d.day, d.csat.responses, d.csat.average, d.csat.satisfiedShare]), ['total', report.totals.csat.responses, report.totals.csat.average, report.totals.csat.satisfiedShare]],
      );
    case 'categories': {
      // Long format (one row per day and category): pivots well and labels may be long.
      const rows: Cell[][] = [];
      for (const d of report.days) {
        for (const c of report.categories) if (d.categories[c.key]) rows.push([d.day, c.key, c.label[locale], d.categories[c.key] as number]);
        if (d.uncategorized) rows.push([d.day, null, null, d.uncategorized]);
      }
      return table(['day', 'category', 'label', 'count'], rows);
    }
  }
}
