/**
 * Customer satisfaction from survey answers: overall responses, mean rating and the share rating
 * 4 or 5, then the same per agent (assignee at solve) and per ticket category.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type CsatFigures, type CsatReport } from '../shared/api';
import { getLocale, t } from '../shared/i18n';
import { addDays } from './FeedbackReport';
import { categoryName, useCategories } from './TicketCategory';
import { useLatestRequest } from './formParts';

const average = (value: number | null) => (value === null ? '–' : value.toFixed(2));
const share = (value: number | null) => (value === null ? '–' : new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(value));

function FigureCells({ figures }: { figures: CsatFigures }) {
  return (
    <>
      <td class="count">{figures.responses}</td>
      <td class="count">{average(figures.average)}</td>
      <td class="count">{share(figures.satisfiedShare)}</td>
    </>
  );
}

function FigureHeads({ first }: { first: string }) {
  return (
    <tr>
      <th>{first}</th>
      <th class="count">{t('csatResponses')}</th>
      <th class="count">{t('csatAverage')}</th>
      <th class="count">{t('csatSatisfied')}</th>
    </tr>
  );
}

export function CsatPanel() {
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(addDays(today, -29));
  const [to, setTo] = useState(today);
  const [report, setReport] = useState<CsatReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { categories } = useCategories(0);
  const beginRequest = useLatestRequest();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;

  useEffect(() => {
    if (!valid) return;
    const isLatest = beginRequest();
    api.csatReport({ from, to: addDays(to, 1) }).then(
      (next) => {
        if (!isLatest()) return;
        setReport(next);
        setError(null);
      },
      (caught: Error) => {
        if (isLatest()) setError(t('error', { message: caught.message }));
      },
    );
  }, [from, to, valid]);

  return (
    <section class="data-section editor" data-testid="csat-panel" aria-labelledby="csat-title">
      <h2 id="csat-title">{t('csat')}</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('reportFrom')}
          <input type="date" name="csatFrom" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('reportTo')}
          <input type="date" name="csatTo" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
      </form>
      {!valid && <p class="error" role="alert">{t('invalidRange')}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {valid && !report && !error && <p class="loading">{t('loading')}</p>}
      {report && (
        <>
          <dl class="figures" data-testid="csat-overall">
            <div>
              <dt>{t('csatResponses')}</dt>
              <dd data-testid="csat-responses">{report.overall.responses}</dd>
            </div>
            <div>
              <dt>{t('csatAverage')}</dt>
              <dd data-testid="csat-average">{average(report.overall.average)}</dd>
            </div>
            <div>
              <dt>{t('csatSatisfied')}</dt>
              <dd data-testid="csat-satisfied">{share(report.overall.satisfiedShare)}</dd>
            </div>
          </dl>
          {report.overall.responses === 0 ? (
            <p class="empty">{t('noCsatData')}</p>
          ) : (
            <div class="csat-tables">
              <table class="report-table" data-testid="csat-by-agent">
                <caption>{t('csatByAgent')}</caption>
                <thead>
                  <FigureHeads first={t('assignee')} />
                </thead>
                <tbody>
                  {report.byAgent.map((row) => (
                    <tr key={String(row.agentId)} data-testid="csat-agent-row">
                      <td>{row.agentId === null ? t('noAgent') : (row.name ?? `#${row.agentId}`)}</td>
                      <FigureCells figures={row} />
                    </tr>
                  ))}
                </tbody>
              </table>
              <table class="report-table" data-testid="csat-by-category">
                <caption>{t('csatByCategory')}</caption>
                <thead>
                  <FigureHeads first={t('category')} />
                </thead>
                <tbody>
                  {report.byCategory.map((row) => (
                    <tr key={String(row.category)} data-testid="csat-category-row">
                      <td>{row.category ? categoryName(categories, row.category) : t('notClassified')}</td>
                      <FigureCells figures={row} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
