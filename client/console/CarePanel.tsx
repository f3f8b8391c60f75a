/**
 * Admins: care campaigns, scheduled mails from the company to customers (birthdays, customers not
 * heard from for a while, a value segment). List, create, pause or activate, delete, run now, and
 * each campaign's deliveries.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, careAudiences, customerSegments, type CareAudience, type CareCampaign, type CareCampaignInput, type CareDelivery, type CustomerSegment, type ReplyTemplate } from '../shared/api';
import { formatTime, t } from '../shared/i18n';

const blank = (): CareCampaignInput => ({ name: '', audience: 'birthday', inactiveDays: 30, segment: null, templateId: 0, subject: '', sendTime: '09:00', timeZone: 'Asia/Shanghai', active: true });

function Deliveries({ campaignId }: { campaignId: number }) {
  const [rows, setRows] = useState<CareDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.careDeliveries(campaignId).then(
      (page) => setRows(page.data),
      (caught: Error) => setError(t('error', { message: caught.message })),
    );
  }, [campaignId]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!rows) return <p class="loading">{t('loading')}</p>;
  if (!rows.length) return <p class="empty" data-testid="no-deliveries">{t('noDeliveries')}</p>;
  return (
    <table class="report-table" data-testid="deliveries">
      <thead>
        <tr>
          <th>{t('recipient')}</th>
          <th>{t('deliveryState')}</th>
          <th>{t('sentAt')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="delivery-row">
            <td>
              <a href={`#/customers/${row.customerId}`}>{row.recipient ?? `#${row.customerId}`}</a>
            </td>
            <td>
              {row.state}
              {row.error && <span class="muted"> ({row.error})</span>}
            </td>
            <td>{row.sentAt ? formatTime(row.sentAt) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CampaignRow({ campaign, templates, onChanged, onDeleted }: { campaign: CareCampaign; templates: ReplyTemplate[]; onChanged: (c: CareCampaign) => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [deliveriesVersion, setDeliveriesVersion] = useState(0);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setNotice({ ok: false, text: t('error', { message: (caught as Error).message }) });
    } finally {
      setBusy(false);
    }
  };
  const toggle = () => act(async () => onChanged(await api.updateCareCampaign(campaign.id, { active: !campaign.active })));
  const run = () =>
    act(async () => {
      const report = await api.runCareCampaign(campaign.id);
      setNotice({ ok: true, text: t('runReport', { ...report }) });
      setDeliveriesVersion((v) => v + 1);
    });
  const remove = () => {
    if (!confirm(t('confirmDeleteCampaign', { name: campaign.name }))) return;
    void act(async () => {
      await api.deleteCareCampaign(campaign.id);
      onDeleted();
    });
  };
  const template = templates.find((tpl) => tpl.id === campaign.templateId);
  const audience = campaign.audience === 'no_contact' ? `${t('audience.no_contact')} (${campaign.inactiveDays})` : t(`audience.${campaign.audience}`);

  return (
    <li class="campaign" data-testid="campaign-row" data-campaign-id={campaign.id} data-name={campaign.name} data-active={String(campaign.active)}>
      <div class="campaign-head">
        <strong>{campaign.name}</strong>
        <span class={`badge ${campaign.active ? 'status-solved' : ''}`}>{campaign.active ? t('campaignActive') : t('campaignPaused')}</span>
        <span class="muted">
          {audience}
          {campaign.segment && ` · ${t(`segment.${campaign.segment}`)}`} · {campaign.sendTime} {campaign.timeZone} · {template ? template.title : `#${campaign.templateId}`}
        </span>
      </div>
      <div class="muted small-text">
        {campaign.subject} · {t('lastRun')}: {campaign.lastRunOn ?? t('never')}
      </div>
      <div class="actions">
        <button type="button" class="secondary small" data-testid="campaign-toggle" disabled={busy} onClick={toggle}>
          {campaign.active ? t('pause') : t('activate')}
        </button>
        <button type="button" class="secondary small" data-testid="campaign-run" disabled={busy} onClick={run}>
          {t('runNow')}
        </button>
        <button type="button" class="secondary small" data-testid="campaign-deliveries" aria-expanded={showDeliveries} onClick={() => setShowDeliveries((s) => !s)}>
          {showDeliveries ? t('hideDeliveries') : t('deliveries')}
        </button>
        <button type="button" class="danger secondary small" data-testid="campaign-delete" disabled={busy} onClick={remove}>
          {t('delete')}
        </button>
      </div>
      {notice && (
        <p class={notice.ok ? 'notice' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="campaign-notice">
          {notice.text}
        </p>
      )}
      {showDeliveries && <Deliveries key={deliveriesVersion} campaignId={campaign.id} />}
    </li>
  );
}

function CampaignForm({ templates, onCreated }: { templates: ReplyTemplate[]; onCreated: (c: CareCampaign) => void }) {
  const [draft, setDraft] = useState<CareCampaignInput>(blank);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof CareCampaignInput>(field: K, value: CareCampaignInput[K]) => {
    setNotice(null);
    setDraft((d) => ({ ...d, [field]: value }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      const body: CareCampaignInput = { ...draft, segment: draft.audience === 'segment' ? (draft.segment ?? 'high_value') : draft.segment };
      const created = await api.createCareCampaign(body);
      setDraft(blank());
      setNotice({ ok: true, text: t('campaignCreated') });
      onCreated(created);
    } catch (caught) {
      setNotice({ ok: false, text: t('error', { message: (caught as Error).message }) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="campaign-form" data-testid="campaign-form" onSubmit={submit}>
      <h3>{t('newCampaign')}</h3>
      <div class="form-grid">
        <label>
          {t('name')}
          <input name="name" required maxLength={200} value={draft.name} onInput={(e) => set('name', e.currentTarget.value)} />
        </label>
        <label>
          {t('audience')}
          <select name="audience" value={draft.audience} onChange={(e) => set('audience', e.currentTarget.value as CareAudience)}>
            {careAudiences.map((a) => <option key={a} value={a}>{t(`audience.${a}`)}</option>)}
          </select>
        </label>
        {draft.audience === 'no_contact' && (
          <label>
            {t('inactiveDays')}
            <input name="inactiveDays" type="number" min={1} max={3650} required value={draft.inactiveDays} onInput={(e) => set('inactiveDays', Number(e.currentTarget.value))} />
          </label>
        )}
        <label>
          {t('segment')}
          <select name="segment" value={draft.segment ?? ''} required={draft.audience === 'segment'} onChange={(e) => set('segment', (e.currentTarget.value || null) as CustomerSegment | null)}>
            {draft.audience !== 'segment' && <option value="">{t('anySegment')}</option>}
            {draft.audience === 'segment' && !draft.segment && <option value="">—</option>}
            {customerSegments.map((s) => <option key={s} value={s}>{t(`segment.${s}`)}</option>)}
          </select>
        </label>
        <label>
          {t('replyTemplate')}
          <select name="templateId" required value={draft.templateId ? String(draft.templateId) : ''} onChange={(e) => set('templateId', Number(e.currentTarget.value))}>
            <option value="">{t('pickTemplate')}</option>
            {templates.map((tpl) => <option key={tpl.id} value={String(tpl.id)}>{tpl.title}</option>)}
          </select>
        </label>
        <label>
          {t('mailSubject')}
          <input name="subject" required maxLength={300} value={draft.subject} onInput={(e) => set('subject', e.currentTarget.value)} />
        </label>
        <label>
          {t('sendTime')}
          <input name="sendTime" type="time" required value={draft.sendTime} onInput={(e) => set('sendTime', e.currentTarget.value.slice(0, 5))} />
        </label>
        <label>
          {t('timeZone')}
          <input name="timeZone" required value={draft.timeZone} onInput={(e) => set('timeZone', e.currentTarget.value)} />
        </label>
        <label class="inline">
          <input type="checkbox" name="active" checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} /> {t('campaignActive')}
        </label>
      </div>
      <div class="actions">
        <button type="submit" data-testid="campaign-create" disabled={saving}>
          {t('createCampaign')}
        </button>
      </div>
      {notice && (
        <p class={notice.ok ? 'notice' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="campaign-form-notice">
          {notice.text}
        </p>
      )}
    </form>
  );
}

export function CarePanel() {
  const [campaigns, setCampaigns] = useState<CareCampaign[] | null>(null);
  const [templates, setTemplates] = useState<ReplyTemplate[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.careCampaigns().then(
      (page) => setCampaigns(page.data),
      (caught: Error) => setError(t('error', { message: caught.message })),
    );
    api.templates({ limit: 200 }).then(
      (page) => setTemplates(page.data),
      (caught: Error) => setError(t('error', { message: caught.message })),
    );
  }, []);

  const replace = (next: CareCampaign) => setCampaigns((list) => (list ?? []).map((c) => (c.id === next.id ? next : c)));
  return (
    <section class="data-section editor" data-testid="care-panel" aria-labelledby="care-title">
      <h2 id="care-title">{t('careCampaigns')}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {campaigns === null && !error && <p class="loading">{t('loading')}</p>}
      {campaigns?.length === 0 && <p class="empty" data-testid="no-campaigns">{t('noCampaigns')}</p>}
      {campaigns && campaigns.length > 0 && (
        <ul class="campaigns" data-testid="campaigns">
          {campaigns.map((campaign) => (
            <CampaignRow key={campaign.id} campaign={campaign} templates={templates} onChanged={replace} onDeleted={() => setCampaigns((list) => (list ?? []).filter((c) => c.id !== campaign.id))} />
          ))}
        </ul>
      )}
      <CampaignForm templates={templates} onCreated={(created) => setCampaigns((list) => [...(list ?? []), created])} />
    </section>
  );
}
