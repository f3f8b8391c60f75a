/**
 * Admins and roles allowed to (customers.import, customers.export): import customers or
 * purchases from a .csv or .xlsx file. The upload answers at once
 * with a job; the panel polls it every 500 ms for a progress bar, then shows the report with the
 * first rejected rows. Below it, the whole customer list as a CSV download.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type ImportJob, type ImportKind } from '../shared/api';
import { t } from '../shared/i18n';

const POLL_MS = 500;
const SHOWN_REJECTS = 20;
const kinds: ImportKind[] = ['customers', 'purchases'];

export function ImportPanel({ canImport, canExport }: { canImport: boolean; canExport: boolean }) {
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [createMissing, setCreateMissing] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  useEffect(
    () => () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const poll = (jobId: string) => {
    timer.current = setTimeout(async () => {
      try {
        const next = await api.importJob(jobId);
        if (!alive.current) return;
        setJob(next);
        if (next.state === 'running') poll(jobId);
      } catch (caught) {
        if (alive.current) setError(t('error', { message: (caught as Error).message }));
      }
    }, POLL_MS);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) {
      setError(t('chooseFileFirst'));
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    setError(null);
    setJob(null);
    setUploading(true);
    try {
      const started = await api.startImport(kind, file, { partial, createMissing });
      setJob(started);
      if (started.state === 'running') poll(started.jobId);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setUploading(false);
    }
  };

  const running = uploading || job?.state === 'running';
  const report = job?.state === 'done' ? job.report : null;
  return (
    <section class="data-section editor" data-testid="import-panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('importTitle')}</h2>
      <p class="muted">{t('importHelp')}</p>
      {canImport && (
        <form class="import-form" onSubmit={submit}>
          <fieldset class="choice-row">
            <legend>{t('importKind')}</legend>
            {kinds.map((k) => (
              <label key={k} class="inline">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`importKind.${k}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('importFile')}
            <input type="file" name="file" data-testid="import-file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </label>
          <label class="inline">
            <input type="checkbox" name="partial" data-testid="import-partial" checked={partial} onChange={(e) => setPartial(e.currentTarget.checked)} /> {t('importPartial')}
          </label>
          {kind === 'purchases' && (
            <label class="inline">
              <input type="checkbox" name="createMissing" data-testid="import-create-missing" checked={createMissing} onChange={(e) => setCreateMissing(e.currentTarget.checked)} /> {t('importCreateMissing')}
            </label>
          )}
          <div class="actions">
            <button type="submit" data-testid="import-submit" disabled={running}>
              {t('startImport')}
            </button>
          </div>
        </form>
      )}
      {canExport && (
        <p class="actions">
          <a class="button secondary" data-testid="export-customers" href={api.customersCsvUrl} download>
            {t('exportCustomers')}
          </a>
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {job?.state === 'running' && (
        <div class="import-progress" data-testid="import-progress">
          <p>{t('importRunning', { file: job.file })}</p>
          <progress max={Math.max(1, job.total)} value={job.processed} />
          <span class="muted">{t('importProgress', { processed: job.processed, total: job.total })}</span>
        </div>
      )}
      {job?.state === 'failed' && (
        <p class="error" role="alert" data-testid="import-error">
          {t('importFailed', { message: job.error ?? '' })}
        </p>
      )}
      {report && (
        <div class="import-report" data-testid="import-report" data-committed={String(report.committed)}>
          <h3>{t('importReport', { file: report.file })}</h3>
          <progress max={Math.max(1, job?.total ?? 1)} value={job?.processed ?? 0} />
          <dl class="figures">
            <div>
              <dt>{t('importImported')}</dt>
              <dd data-testid="report-imported">{report.imported}</dd>
            </div>
            <div>
              <dt>{t('importUpdated')}</dt>
              <dd data-testid="report-updated">{report.updated}</dd>
            </div>
            <div>
              <dt>{t('importUnchanged')}</dt>
              <dd>{report.unchanged}</dd>
            </div>
            {report.kind === 'purchases' && (
              <div>
                <dt>{t('importCustomersCreated')}</dt>
                <dd>{report.customersCreated}</dd>
              </div>
            )}
            <div>
              <dt>{t('importRejected')}</dt>
              <dd data-testid="report-rejected">{report.rejectedCount ?? report.rejected.length}</dd>
            </div>
          </dl>
          <p class={report.committed ? 'notice' : 'error'} data-testid="report-committed">
            {t('importCommitted')}: {report.committed ? t('importCommittedYes') : t('importCommittedNo')}
          </p>
          {report.rejected.length > 0 && (
            <table class="report-table" data-testid="rejected-rows">
              <caption>{t('rejectedRows', { count: Math.min(SHOWN_REJECTS, report.rejected.length) })}</caption>
              <thead>
                <tr>
                  <th class="count">{t('rowNumber')}</th>
                  <th>{t('reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.slice(0, SHOWN_REJECTS).map((rejection) => (
                  <tr key={rejection.row} data-testid="rejected-row" data-row={rejection.row}>
                    <td class="count">{rejection.row}</td>
                    <td>{rejection.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
