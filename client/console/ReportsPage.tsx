/**
 * `#/reports`: the overview for team leads. A date range (7/30/90 days or custom), a channel and
 * the time zone days are counted in (the browser's by default); then per day: tickets in and out
 * by channel, first-response and resolution times (median and p90, with the range's figures as
 * big numbers), alerts raised, CSAT and complaint categories, each with a CSV download.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type OverviewQuery, type OverviewReport, type OverviewSection } from '../shared/api';
import { formatDuration, getLocale, t } from '../shared/i18n';
import type { ChartSeries } from './charts/chartParts';
import { LineChart } from './charts/LineChart';
import { StackedBars } from './charts/StackedBars';
import { addDays } from './FeedbackReport';
import { labelOf } from './TicketCategory';
import { useLatestRequest } from './formParts';

const presets = [7, 30, 90] as const;
const MAX_DAYS = 366;
const channelList = ['email', 'chat', 'web'] as const;
const channelColors = { email: '#2f6fde', chat: '#2e9e6a', web: '#e07b39' };
const alertKinds = ['warning', 'overdue', 'escalation'] as const;
const alertColors = { warning: '#d6a21e', overdue: '#c2410c', escalation: '#7c3aed' };
const palette = ['#2f6fde', '#e07b39', '#2e9e6a', '#b44fc4', '#d6a21e', '#3aa6b9', '#c2410c', '#6b7fd7'];
const NONE_COLOR = '#b8bfcc';

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today's date (YYYY-MM-DD) in the zone; UTC's when the zone is unknown. */
function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const shortDay = (day: string) => day.slice(5);
const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 100) / 100);
const formatHours = (value: number) => t('reports.hours', { n: Math.round(value * 10) / 10 });
const formatSeconds = (seconds: number | null) => (seconds === null ? '–' : formatDuration(new Date(0).toISOString(), seconds * 1000));
const count = (value: number) => String(value);

function BigNumber({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div class="big-number" data-testid={testId}>
      <span class="big-number-value">{value}</span>
      <span class="big-number-label">{label}</span>
    </div>
  );
}

function CsvLink({ query, section, name }: { query: OverviewQuery; section: OverviewSection; name: string }) {
  return (
    <a class="button csv-link" data-testid={`csv-${section}`} href={api.overviewCsvUrl(query, section, getLocale())} download aria-label={t('reports.csvFor', { section: name })}>
      {t('downloadCsv')}
    </a>
  );
}

function Section({ title, section, query, children }: { title: string; section: OverviewSection; query: OverviewQuery; children: ComponentChildren }) {
  return (
    <section class="report-section" data-testid={`section-${section}`} aria-labelledby={`report-${section}`}>
      <header class="report-section-head">
        <h2 id={`report-${section}`}>{title}</h2>
        <CsvLink query={query} section={section} name={title} />
      </header>
      {children}
    </section>
  );
}

export function ReportsPage() {
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [zoneInput, setZoneInput] = useState(timeZone);
  const [preset, setPreset] = useState<number | 'custom'>(30);
  const [from, setFrom] = useState(addDays(todayIn(timeZone), -29));
  const [to, setTo] = useState(todayIn(timeZone));
  const [channel, setChannel] = useState('');
  const [report, setReport] = useState<OverviewReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const beginRequest = useLatestRequest();

  const choosePreset = (days: number) => {
    const today = todayIn(timeZone);
    setPreset(days);
    setFrom(addDays(today, -(days - 1)));
    setTo(today);
  };

  const wellFormed = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to);
  const span = wellFormed ? daysBetween(from, to) + 1 : 0;
  const rangeError = !wellFormed || span < 1 ? t('invalidRange') : span > MAX_DAYS ? t('reports.tooLong', { max: MAX_DAYS }) : null;
  // The UI's "to" is inclusive; the API's is exclusive.
  const query: OverviewQuery = { from, to: wellFormed ? addDays(to, 1) : to, tz: timeZone, channel: channel || undefined };

  useEffect(() => {
    if (rangeError) return;
    const isLatest = beginRequest();
    setLoading(true);
    api.overviewReport(query).then(
      (data) => {
        if (!isLatest()) return;
        setReport(data);
        setError(null);
        setLoading(false);
      },
      (caught: Error) => {
        if (!isLatest()) return;
        setError(t('error', { message: caught.message }));
        setLoading(false);
      },
    );
  }, [from, to, timeZone, channel, rangeError]);

  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const commitZone = () => {
    const zone = zoneInput.trim();
    if (zone && zone !== timeZone) setTimeZone(zone);
  };

  return (
    <section class="reports-page knowledge-page" aria-busy={loading}>
      <div class="reports-title">
        <h1>{t('reports.title')}</h1>
        <a href="#/reports/feedback" data-testid="reports-feedback-link">
          {t('reports.feedbackLink')}
        </a>
      </div>
      <form class="filters reports-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="preset-group" role="group" aria-label={t('reports.range')}>
          {presets.map((days) => (
            <button key={days} type="button" class={preset === days ? 'preset active' : 'preset'} aria-pressed={preset === days} data-testid={`preset-${days}`} onClick={() => choosePreset(days)}>
              {t('reports.lastDays', { days })}
            </button>
          ))}
        </div>
        <label>
          {t('reportFrom')}
          <input type="date" name="from" value={from} max={to} onInput={(e) => {
              setPreset('custom');
              setFrom(e.currentTarget.value);
            }} />
        </label>
        <label>
          {t('reportTo')}
          <input type="date" name="to" value={to} min={from} onInput={(e) => {
              setPreset('custom');
              setTo(e.currentTarget.value);
            }} />
        </label>
        <label>
          {t('channel')}
          <select name="channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
            <option value="">{t('reports.allChannels')}</option>
            {channelList.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.timeZone')}
          <input name="tz" list="report-time-zones" value={zoneInput} onInput={(e) => setZoneInput(e.currentTarget.value)} onChange={commitZone} onKeyDown={(e) => e.key === 'Enter' && commitZone()} autocomplete="off" spellcheck={false} />
          <datalist id="report-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
      </form>
      <p class="muted">{t('reports.timeZoneNote', { tz: timeZone })}</p>
      {rangeError && (
        <p class="error" role="alert">
          {rangeError}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!report && !error && !rangeError && <p class="loading">{t('loading')}</p>}
      {report && <ReportBody report={report} query={query} />}
    </section>
  );
}

function ReportBody({ report, query }: { report: OverviewReport; query: OverviewQuery }) {
  const labels = report.days.map((d) => d.day);
  const labelHeader = t('reports.day');
  const common = { labels, labelHeader, shortLabel: shortDay };
  const totals = report.totals;
  const sumOf = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  const byChannel = (pick: 'created' | 'solved'): ChartSeries[] =>
    channelList.map((c) => ({ key: c, name: t(`channel.${c}`), color: channelColors[c], values: report.days.map((d) => d[pick][c]) }));
  const timeSeries = (pick: 'firstResponse' | 'resolution'): ChartSeries[] => [
    { key: 'median', name: t('reports.median'), color: '#2f6fde', values: report.days.map((d) => hours(d[pick].median)) },
    { key: 'p90', name: t('reports.p90'), color: '#c2410c', values: report.days.map((d) => hours(d[pick].p90)) },
  ];
  const categorySeries: ChartSeries[] = [
    ...report.categories
      .filter((c) => (totals.categories[c.key] ?? 0) > 0)
      .map((c, index) => ({ key: c.key, name: labelOf(c.label), color: palette[index % palette.length] as string, values: report.days.map((d) => d.categories[c.key] ?? 0) })),
    { key: '', name: t('notClassified'), color: NONE_COLOR, values: report.days.map((d) => d.uncategorized) },
  ];
  const total = (n: number) => t('reports.total', { count: n });

  return (
    <div class="report-body" data-testid="report-body" data-from={report.from} data-to={report.to} data-tz={report.timeZone} data-channel={report.channel ?? ''}>
      <div class="big-numbers">
        <BigNumber testId="big-in" label={t('reports.ticketsIn')} value={count(sumOf(totals.created))} />
        <BigNumber testId="big-out" label={t('reports.ticketsOut')} value={count(sumOf(totals.solved))} />
        <BigNumber testId="big-frt-median" label={`${t('reports.firstResponse')} · ${t('reports.median')}`} value={formatSeconds(totals.firstResponse.median)} />
        <BigNumber testId="big-frt-p90" label={`${t('reports.firstResponse')} · ${t('reports.p90')}`} value={formatSeconds(totals.firstResponse.p90)} />
        <BigNumber testId="big-resolution-median" label={`${t('reports.resolution')} · ${t('reports.median')}`} value={formatSeconds(totals.resolution.median)} />
        <BigNumber testId="big-resolution-p90" label={`${t('reports.resolution')} · ${t('reports.p90')}`} value={formatSeconds(totals.resolution.p90)} />
        <BigNumber testId="big-csat" label={t('csatAverage')} value={totals.csat.average === null ? '–' : totals.csat.average.toFixed(2)} />
      </div>

      <Section title={t('reports.volume')} section="volume" query={query}>
        <div class="chart-pair">
          <StackedBars {...common} testId="chart-in" title={t('reports.inByChannel')} summary={total(sumOf(totals.created))} series={byChannel('created')} format={count} />
          <StackedBars {...common} testId="chart-out" title={t('reports.outByChannel')} summary={total(sumOf(totals.solved))} series={byChannel('solved')} format={count} />
        </div>
      </Section>

      <Section title={t('reports.times')} section="times" query={query}>
        <div class="chart-pair">
          <LineChart
            {...common}
            testId="chart-frt"
            title={t('reports.frtChart')}
            summary={t('reports.timesSummary', { count: totals.firstResponse.count, median: formatSeconds(totals.firstResponse.median), p90: formatSeconds(totals.firstResponse.p90) })}
            series={timeSeries('firstResponse')}
            format={formatHours}
          />
          <LineChart
            {...common}
            testId="chart-resolution"
            title={t('reports.resolutionChart')}
            summary={t('reports.timesSummary', { count: totals.resolution.count, median: formatSeconds(totals.resolution.median), p90: formatSeconds(totals.resolution.p90) })}
            series={timeSeries('resolution')}
            format={formatHours}
          />
        </div>
      </Section>

      <div class="chart-pair">
        <Section title={t('reports.alerts')} section="alerts" query={query}>
          <StackedBars
            {...common}
            testId="chart-alerts"
            title={t('reports.alertsChart')}
            summary={total(sumOf(totals.alerts))}
            series={alertKinds.map((k) => ({ key: k, name: t(`reports.kind.${k}`), color: alertColors[k], values: report.days.map((d) => d.alerts[k]) }))}
            format={count}
          />
        </Section>
        <Section title={t('csat')} section="csat" query={query}>
          <LineChart
            {...common}
            testId="chart-csat"
            title={t('reports.csatChart')}
            summary={t('reports.csatSummary', { responses: totals.csat.responses, share: totals.csat.satisfiedShare === null ? '–' : `${Math.round(totals.csat.satisfiedShare * 100)}%` })}
            series={[{ key: 'average', name: t('csatAverage'), color: '#2e9e6a', values: report.days.map((d) => d.csat.average) }]}
            format={(v) => String(Math.round(v * 100) / 100)}
            max={5}
          />
        </Section>
      </div>

      <Section title={t('reports.categories')} section="categories" query={query}>
        <StackedBars {...common} testId="chart-categories" title={t('reports.categoriesChart')} summary={total(sumOf(totals.created))} series={categorySeries} format={count} />
      </Section>
    </div>
  );
}
