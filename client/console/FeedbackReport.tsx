/**
 * The feedback report: tickets opened per day, week or month, by category or by product, as a
 * stacked bar chart (plain divs) and a table, with a CSV download of the same numbers. Admins
 * edit the categories below it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type FeedbackQuery, type FeedbackRow, type ReportBy, type ReportInterval, type TicketCategory } from '../shared/api';
import { t } from '../shared/i18n';
import { CategoryEditor } from './CategoryEditor';
import { Legend } from './charts/chartParts';
import { categoryName, subcategoryName, useCategories } from './TicketCategory';
import { useLatestRequest } from './formParts';

const DAY = 86_400_000;
const intervals: ReportInterval[] = ['day', 'week', 'month'];
const groupings: ReportBy[] = ['category', 'product'];
const palette = ['#2f6fde', '#e07b39', '#2e9e6a', '#b44fc4', '#d6a21e', '#3aa6b9', '#c2410c', '#6b7fd7'];
const NONE = '#b8bfcc';

/** YYYY-MM-DD (UTC) `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The first day of every period from `from` to `to` (inclusive), as the server names them. */
function periodsBetween(from: string, to: string, interval: ReportInterval): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  if (interval === 'month') start.setUTCDate(1);
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const periods: string[] = [];
  for (const at = start; at.toISOString().slice(0, 10) <= to && periods.length < 1200; ) {
    periods.push(at.toISOString().slice(0, 10));
    if (interval === 'month') at.setUTCMonth(at.getUTCMonth() + 1);
    else at.setUTCDate(at.getUTCDate() + (interval === 'week' ? 7 : 1));
  }
  return periods;
}

const periodLabel = (period: string, interval: ReportInterval) => (interval === 'month' ? period.slice(0, 7) : period.slice(5));

interface Series {
  key: string;
  name: string;
  color: string;
}

function Chart({ rows, periods, series, seriesOf, interval }: { rows: FeedbackRow[]; periods: string[]; series: Series[]; seriesOf: (row: FeedbackRow) => string; interval: ReportInterval }) {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.period, (totals.get(row.period) ?? 0) + row.count);
  const max = Math.max(1, ...totals.values());
  const step = Math.ceil(periods.length / 12);
  return (
    <figure class="report-chart" data-testid="report-chart">
      <figcaption>{t('chartTitle')}</figcaption>
      <div class="bars">
        {periods.map((period, index) => {
          const total = totals.get(period) ?? 0;
          return (
            <div key={period} class="bar-column" data-testid="chart-bar" data-period={period} data-count={total} title={`${period}: ${total}`}>
              <div class="bar-area">
                <div class="bar" style={{ height: `${(total / max) * 100}%` }}>
                  {series.map((s) => {
                    const count = rows.filter((row) => row.period === period && seriesOf(row) === s.key).reduce((sum, row) => sum + row.count, 0);
                    return count ? <span key={s.key} style={{ flexGrow: count, background: s.color }} title={`${s.name}: ${count}`} /> : null;
                  })}
                </div>
              </div>
              <span class="bar-label">{index % step === 0 ? periodLabel(period, interval) : ''}</span>
            </div>
          );
        })}
      </div>
      <Legend series={series} />
    </figure>
  );
}

export function FeedbackReport({ me }: { me: Agent }) {
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(addDays(today, -29));
  const [to, setTo] = useState(today);
  const [interval, setReportInterval] = useState<ReportInterval>('day');
  const [by, setBy] = useState<ReportBy>('category');
  const [rows, setRows] = useState<FeedbackRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { categories } = useCategories(version);
  const beginRequest = useLatestRequest();

  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const query: FeedbackQuery = { from, to: valid ? addDays(to, 1) : to, interval, by };
  useEffect(() => {
    if (!valid) return;
    const isLatest = beginRequest();
    api.feedbackReport(query).then(
      (page) => {
        if (!isLatest()) return;
        setRows(page.data);
        setError(null);
      },
      (caught: Error) => {
        if (isLatest()) setError(t('error', { message: caught.message }));
      },
    );
  }, [from, to, interval, by, valid]);

  const shown = rows ?? [];
  const seriesOf = (row: FeedbackRow) => (by === 'category' ? row.category : row.product) ?? '';
  const nameOf = (key: string) => (key ? (by === 'category' ? categoryName(categories, key) : key) : by === 'category' ? t('notClassified') : t('noProduct'));
  const sums = new Map<string, number>();
  for (const row of shown) sums.set(seriesOf(row), (sums.get(seriesOf(row)) ?? 0) + row.count);
  const series: Series[] = [...sums.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key], index) => ({ key, name: nameOf(key), color: key ? palette[index % palette.length] : NONE }));
  const total = [...sums.values()].reduce((sum, n) => sum + n, 0);

  return (
    <section class="feedback-report knowledge-page">
      <h1>{t('feedbackReport')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('reportFrom')}
          <input type="date" name="from" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('reportTo')}
          <input type="date" name="to" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          {t('interval')}
          <select name="interval" value={interval} onChange={(e) => setReportInterval(e.currentTarget.value as ReportInterval)}>
            {intervals.map((i) => <option key={i} value={i}>{t(`interval.${i}`)}</option>)}
          </select>
        </label>
        <label>
          {t('groupBy')}
          <select name="by" value={by} onChange={(e) => setBy(e.currentTarget.value as ReportBy)}>
            {groupings.map((g) => <option key={g} value={g}>{t(`by.${g}`)}</option>)}
          </select>
        </label>
        <a class="button" data-testid="download-csv" href={api.feedbackCsvUrl(query)} download>
          {t('downloadCsv')}
        </a>
      </form>
      <p class="muted">{t('utcNote')}</p>
      {!valid && <p class="error" role="alert">{t('invalidRange')}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {valid && rows === null && !error && <p class="loading">{t('loading')}</p>}
      {rows !== null && (
        <>
          <p data-testid="report-total">{t('reportTotal', { count: total })}</p>
          <Chart rows={shown} periods={valid ? periodsBetween(from, to, interval) : []} series={series} seriesOf={seriesOf} interval={interval} />
          {shown.length ? <ReportTable rows={shown} by={by} categories={categories} nameOf={nameOf} /> : <p class="empty">{t('noReportData')}</p>}
        </>
      )}
      {me.role === 'admin' && <CategoryEditor categories={categories} onSaved={() => setVersion((v) => v + 1)} />}
    </section>
  );
}

function ReportTable({ rows, by, categories, nameOf }: { rows: FeedbackRow[]; by: ReportBy; categories: TicketCategory[]; nameOf: (key: string) => string }) {
  return (
    <table class="report-table" data-testid="report-table">
      <thead>
        <tr>
          <th>{t('period')}</th>
          <th>{t(`by.${by}`)}</th>
          {by === 'category' && <th>{t('subcategory')}</th>}
          <th class="count">{t('ticketsCount')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = (by === 'category' ? row.category : row.product) ?? '';
          return (
            <tr key={`${row.period}|${key}|${row.subcategory ?? ''}`} data-testid="report-row" data-period={row.period} data-key={key} data-subcategory={row.subcategory ?? ''} data-count={row.count}>
              <td>{row.period}</td>
              <td>
                {nameOf(key)} {by === 'category' && key && <code class="muted">{key}</code>}
              </td>
              {by === 'category' && <td>{row.subcategory ? subcategoryName(categories, row.category, row.subcategory) : ''}</td>}
              <td class="count">{row.count}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
