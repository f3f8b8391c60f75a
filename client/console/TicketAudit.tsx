/**
 * A ticket's history tab: the audit entries (GET /api/tickets/:id/audit), newest first, as
 * sentences a person reads: who, what changed from → to, when; "Load more" pages further back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Agent, type AuditEntry } from '../shared/api';
import { formatTime, t, type MessageKey } from '../shared/i18n';
import { useLatestRequest } from './formParts';

const PAGE = 20;

const fieldLabels: Record<string, MessageKey> = { status: 'status', priority: 'priority', assigneeId: 'assignee', tags: 'tags' };

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
}

/** A value as a person reads it: translated statuses and priorities, agent names, lists. */
function readable(field: string, value: unknown, agents: Agent[]): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return t('tv.historyEmptyValue');
  if (field === 'status' || field === 'priority') return t(`${field}.${String(value)}` as MessageKey);
  if (field === 'assigneeId') return agents.find((agent) => agent.id === value)?.name ?? `#${String(value)}`;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function describe(entry: AuditEntry, agents: Agent[]): string[] {
  const lines: string[] = [];
  for (const [field, value] of Object.entries(entry.changes ?? {})) {
    const label = fieldLabels[field] ? t(fieldLabels[field]) : field;
    if (field === 'mergedFrom') lines.push(t('tv.mergedFrom', { number: (value as { number: number }).number }));
    else if (field === 'mergedInto') lines.push(t('tv.mergedInto', { number: (value as { number: number }).number }));
    else if (field === 'movedMessages') lines.push(t('tv.movedMessages', { count: Number(value) }));
    else if (field === 'mergedIntoId' || field === 'onBehalf' || field === 'customerId') continue; // said in words elsewhere, or internal detail
    else if (isChange(value)) lines.push(t('tv.historyChange', { field: label, from: readable(field, value.from, agents), to: readable(field, value.to, agents) }));
    else lines.push(`${label}: ${readable(field, value, agents)}`);
  }
  return lines;
}

const knownActions = new Set(['ticket.created', 'ticket.updated', 'ticket.merged']);

function actionLabel(action: string): string {
  return knownActions.has(action) ? t(`tv.action.${action}` as MessageKey) : t('tv.action.other', { action });
}

export function TicketAudit({ ticketId, agents, version }: { ticketId: number; agents: Agent[]; version: number }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  /** Only the latest request may fill the list: reloads race when changes come quickly. */
  const beginRequest = useLatestRequest();
  const shown = useRef(0);
  shown.current = entries.length;
  /** From `offset`, a page; a reload from the top (offset 0) keeps as many entries as were shown. */
  const load = async (offset: number) => {
    const isLatest = beginRequest();
    setLoading(true);
    try {
      const limit = offset === 0 ? Math.min(200, Math.max(PAGE, shown.current)) : PAGE;
      const page = await api.ticketAudit(ticketId, { limit, offset });
      if (!isLatest()) return;
      setEntries((list) => (offset === 0 ? page.data : [...list, ...page.data.filter((entry) => !list.some((seen) => seen.id === entry.id))]));
      setTotal(page.total);
      setError(null);
    } catch (caught) {
      if (isLatest()) setError(t('error', { message: (caught as Error).message }));
    } finally {
      if (isLatest()) setLoading(false);
    }
  };
  useEffect(() => {
    shown.current = 0;
    setEntries([]);
  }, [ticketId]);
  // Again from the top whenever the ticket changed (a new entry is at the top).
  useEffect(() => void load(0), [ticketId, version]);

  return (
    <section class="ticket-audit" data-testid="ticket-audit" aria-labelledby="ticket-audit-title">
      <h2 id="ticket-audit-title" class="visually-hidden">
        {t('tv.tabHistory')}
      </h2>
      {error && <p class="error">{error}</p>}
      {!loading && !entries.length && !error && <p class="muted">{t('tv.historyEmpty')}</p>}
      <ol class="audit-list">
        {entries.map((entry) => (
          <li key={entry.id} class="audit-entry" data-testid="audit-entry">
            <div class="audit-head">
              <strong>{entry.actor ? (entry.actor.name ?? `#${entry.actor.id ?? ''}`) : t('tv.historySystem')}</strong> <span>{actionLabel(entry.action)}</span>{' '}
              <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time>
            </div>
            <ul class="audit-changes">
              {describe(entry, agents).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {entries.length < total && (
        <button type="button" class="secondary" data-testid="audit-more" disabled={loading} onClick={() => void load(entries.length)}>
          {loading ? t('loading') : t('more')}
        </button>
      )}
    </section>
  );
}
