/** Admins' email page: the mailboxes the help desk reads (add, fetch now, errors) and the quarantine. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Mailbox, type NewMailbox, type QuarantinedMail } from '../shared/api';
import { formatTime, t } from '../shared/i18n';

const empty: NewMailbox = { name: '', address: null, host: '', port: 993, secure: true, username: '', password: '', folder: 'INBOX' };

function MailboxForm({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState<NewMailbox>(empty);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof NewMailbox, label: string, type = 'text') => (
    <label>
      {label}
      <input
        name={key}
        type={type}
        required={key !== 'address'}
        value={String(form[key] ?? '')}
        onInput={(e) => setForm({ ...form, [key]: type === 'number' ? Number(e.currentTarget.value) : e.currentTarget.value || (key === 'address' ? null : '') })}
      />
    </label>
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.createMailbox(form);
      setForm(empty);
      setError(null);
      onCreated();
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    }
  };
  return (
    <form class="mailbox-form" data-testid="mailbox-form" onSubmit={submit}>
      <h3>{t('addMailbox')}</h3>
      {field('name', t('name'))}
      {field('address', t('supportAddress'), 'email')}
      {field('host', t('host'))}
      {field('port', t('port'), 'number')}
      <label class="inline">
        <input type="checkbox" checked={form.secure} onChange={(e) => setForm({ ...form, secure: e.currentTarget.checked })} /> {t('tls')}
      </label>
      {field('username', t('username'))}
      {field('password', t('password'), 'password')}
      {field('folder', t('folder'))}
      {error && <p class="error">{error}</p>}
      <button type="submit">{t('save')}</button>
    </form>
  );
}

export function MailSettings() {
  const [mailboxes, setMailboxes] = useState<Mailbox[]>([]);
  const [quarantine, setQuarantine] = useState<QuarantinedMail[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const load = async () => {
    const [boxes, held] = await Promise.all([api.mailboxes(), api.quarantine()]);
    setMailboxes(boxes.data);
    setQuarantine(held.data);
  };
  useEffect(() => {
    void load().catch((caught: Error) => setNotice(t('error', { message: caught.message })));
  }, []);

  const sync = async (id: number) => {
    const report = await api.syncMailbox(id).catch((caught: Error) => setNotice(t('error', { message: caught.message })));
    if (report) setNotice(t('fetched', { count: report.fetched }));
    await load();
  };
  const retry = async (id: number) => {
    const result = await api.retryQuarantined(id);
    setNotice(result.ok ? t('retried') : t('stillFailing', { reason: result.reason ?? '' }));
    await load();
  };

  return (
    <section class="mail-settings">
      <h1>{t('mailSettings')}</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <h2>{t('mailboxes')}</h2>
      <table data-testid="mailboxes">
        <tbody>
          {mailboxes.map((box) => (
            <tr key={box.id}>
              <td>
                <strong>{box.name}</strong>
                <div class="muted">{box.address ?? box.username} · {box.host}:{box.port} · {box.folder}</div>
                {box.lastError && <div class="error">{box.lastError}</div>}
              </td>
              <td class="muted">
                {t('lastSynced')}: {box.lastSyncedAt ? formatTime(box.lastSyncedAt) : t('never')}
              </td>
              <td>
                <button type="button" class="secondary" onClick={() => sync(box.id)}>
                  {t('syncNow')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MailboxForm onCreated={load} />
      <h2>{t('quarantine')}</h2>
      {!quarantine.length && <p class="empty">{t('quarantineEmpty')}</p>}
      <table data-testid="quarantine">
        <tbody>
          {quarantine.map((mail) => (
            <tr key={mail.id} data-testid="quarantined-mail">
              <td>
                <strong>{mail.subject ?? '—'}</strong>
                <div class="muted">{mail.fromAddress ?? '—'} · {formatTime(mail.createdAt)}</div>
                <div class="error">{mail.reason}</div>
              </td>
              <td class="muted">
                {t('attempts')}: {mail.attempts}
              </td>
              <td>
                <a href={`/api/mail/quarantine/${mail.id}/raw`}>{t('source')}</a>{' '}
                <button type="button" class="secondary" onClick={() => retry(mail.id)}>
                  {t('retry')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
