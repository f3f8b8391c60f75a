/**
 * Settings → mailboxes: "Test connection" for each stored mailbox, and for settings not saved yet
 * (IMAP login + folder, and the SMTP server replies go out through), with a result per protocol.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type ConnectionReport, type Mailbox, type MailboxConnection } from '../../shared/api';
import { t } from '../../shared/i18n';
import { failed, OutcomeLine, type Outcome } from './parts';

export function ConnectionResult({ report }: { report: ConnectionReport }) {
  const imap = report.imap.ok
    ? t('settings.imapOk', { mailboxes: report.imap.mailboxes ?? 0, messages: report.imap.messages ?? 0 })
    : t('settings.failedWith', { error: report.imap.error ?? '' });
  const smtp = report.smtp.ok ? t('settings.smtpOk') : t('settings.failedWith', { error: report.smtp.error ?? '' });
  return (
    <dl class="connection-result" role="status" data-testid="connection-result">
      <dt>IMAP</dt>
      <dd class={report.imap.ok ? 'ok' : 'error'} data-testid="imap-result">
        {report.imap.ok ? '✓ ' : '✗ '}
        {imap}
      </dd>
      <dt>SMTP</dt>
      <dd class={report.smtp.ok ? 'ok' : 'error'} data-testid="smtp-result">
        {report.smtp.ok ? '✓ ' : '✗ '}
        {smtp}
      </dd>
    </dl>
  );
}

const empty: MailboxConnection = { host: '', port: 993, secure: true, username: '', password: '', folder: 'INBOX' };

function UnsavedTest() {
  const [form, setForm] = useState<MailboxConnection>(empty);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [testing, setTesting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const text = (key: keyof MailboxConnection, label: string, type = 'text') => (
    <label>
      {label}
      <input
        name={`test-${key}`}
        type={type}
        required
        value={String(form[key])}
        onInput={(e) => setForm({ ...form, [key]: type === 'number' ? Number(e.currentTarget.value) : e.currentTarget.value })}
      />
    </label>
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    setTesting(true);
    setReport(null);
    setOutcome(null);
    try {
      setReport(await api.testMailbox(form));
    } catch (caught) {
      setOutcome(failed(caught));
    } finally {
      setTesting(false);
    }
  };
  return (
    <form class="settings-form mailbox-test-form" data-testid="mailbox-test-form" onSubmit={submit}>
      <h3>{t('settings.testUnsaved')}</h3>
      {text('host', t('host'))}
      {text('port', t('port'), 'number')}
      <label class="inline">
        <input type="checkbox" checked={form.secure} onChange={(e) => setForm({ ...form, secure: e.currentTarget.checked })} /> {t('tls')}
      </label>
      {text('username', t('username'))}
      {text('password', t('password'), 'password')}
      {text('folder', t('folder'))}
      <button type="submit" disabled={testing}>
        {testing ? t('settings.testing') : t('settings.testConnection')}
      </button>
      <OutcomeLine outcome={outcome} />
      {report && <ConnectionResult report={report} />}
    </form>
  );
}

export function MailboxTest() {
  const [mailboxes, setMailboxes] = useState<Mailbox[]>([]);
  const [reports, setReports] = useState<Record<number, ConnectionReport | 'testing'>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const load = () => api.mailboxes().then((page) => setMailboxes(page.data), (caught: unknown) => setOutcome(failed(caught)));
  useEffect(() => void load(), []);
  const test = async (id: number) => {
    setReports((r) => ({ ...r, [id]: 'testing' }));
    try {
      const report = await api.testStoredMailbox(id);
      setReports((r) => ({ ...r, [id]: report }));
    } catch (caught) {
      setReports((r) => Object.fromEntries(Object.entries(r).filter(([key]) => Number(key) !== id)));
      setOutcome(failed(caught));
    }
  };
  return (
    <section class="mailbox-test" data-testid="mailbox-test">
      <h2>{t('settings.testConnection')}</h2>
      <p class="muted">{t('settings.testHelp')}</p>
      <OutcomeLine outcome={outcome} />
      <ul class="group-list">
        {mailboxes.map((box) => {
          const report = reports[box.id];
          return (
            <li key={box.id} data-testid="mailbox-test-row">
              <div class="row">
                <span class="grow">
                  <strong>{box.name}</strong> <span class="muted">{box.host}:{box.port} · {box.folder}</span>
                </span>
                <button type="button" class="secondary" disabled={report === 'testing'} onClick={() => void test(box.id)} aria-label={`${t('settings.testConnection')}: ${box.name}`}>
                  {report === 'testing' ? t('settings.testing') : t('settings.testConnection')}
                </button>
              </div>
              {report && report !== 'testing' && <ConnectionResult report={report} />}
            </li>
          );
        })}
      </ul>
      <button type="button" class="link" onClick={() => void load()}>
        {t('settings.reload')}
      </button>
      <UnsavedTest />
    </section>
  );
}
