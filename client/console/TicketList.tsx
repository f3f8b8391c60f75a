/**
 * The inbox an agent works from: views with live counts on the side, the filter bar, rows with
 * what matters at a glance, selection with a bulk bar, and the keyboard (j/k move, Enter opens,
 * x selects). The view and filters come from the address bar (inboxQuery.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Agent, type BulkTicketResult, type Ticket } from '../shared/api';
import { formatDuration, formatTime, t, type MessageKey } from '../shared/i18n';
import { onInboxChange } from '../shared/realtime';
import { BulkBar } from './BulkBar';
import { rememberInboxOrder } from './inboxOrder';
import { inboxHash, type InboxQuery } from './inboxQuery';
import { InboxViews } from './InboxViews';
import { useShortcuts } from './shortcuts';
import { categoryName, useCategories } from './TicketCategory';
import { TicketFilters } from './TicketFilters';
import { useLatestRequest } from './formParts';

const PAGE = 50;

export function TicketList({ query, me }: { query: InboxQuery; me: Agent }) {
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(-1);
  const [result, setResult] = useState<BulkTicketResult | null>(null);
  const { categories } = useCategories();
  const listRef = useRef<HTMLUListElement>(null);
  // The rows listed now, for "load more" to append to.
  const shown = useRef<Ticket[]>([]);
  /** Only the latest request may fill the list: a late answer for the filters before would win. */
  const beginRequest = useLatestRequest();
  const key = inboxHash(query);

  const load = async (offset: number) => {
    const isLatest = beginRequest();
    setLoading(true);
    try {
      const page = await api.inboxTickets({ view: query.view, status: query.status, priority: query.priority, channel: query.channel, tag: query.tag, category: query.category, segment: query.segment, sort: query.sort, q: query.q, limit: PAGE, offset });
      if (!isLatest()) return;
      const next = offset ? [...shown.current, ...page.data] : page.data;
      shown.current = next;
      setTickets(next);
      // j/k inside a ticket walks this list, in this order.
      rememberInboxOrder(next.map((ticket) => ticket.id));
      // A reload keeps the selection of tickets still listed (a live update must not drop it).
      const ids = new Set(next.map((ticket) => ticket.id));
      setSelected((chosen) => new Set([...chosen].filter((id) => ids.has(id))));
      setCursor((at) => Math.min(at, next.length - 1));
      setTotal(page.total);
      setError(null);
    } catch (caught) {
      if (isLatest()) setError(t('error', { message: (caught as Error).message }));
    } finally {
      if (isLatest()) setLoading(false);
    }
  };
  useEffect(() => {
    setSelected(new Set());
    setCursor(-1);
    void load(0);
  }, [key]);
  // New tickets and changes arrive live; reload the first page once per burst of events.
  useEffect(() => onInboxChange(() => void load(0)), [key]);

  const toggle = (id: number) =>
    setSelected((chosen) => {
      const next = new Set(chosen);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const moveCursor = (step: 1 | -1) => {
    if (!tickets.length) return;
    const next = cursor === -1 ? (step === 1 ? 0 : tickets.length - 1) : Math.max(0, Math.min(tickets.length - 1, cursor + step));
    setCursor(next);
    // Focus follows the cursor: the ring shows where Enter goes, and screen readers read the row.
    listRef.current?.querySelectorAll<HTMLAnchorElement>('a.row-link')[next]?.focus();
  };
  useShortcuts({
    j: () => moveCursor(1),
    k: () => moveCursor(-1),
    x: () => cursor >= 0 && tickets[cursor] && toggle(tickets[cursor].id),
    Enter: (event) => {
      // Enter on a focused button or link outside the rows keeps doing what it always does.
      const control = (event.target as HTMLElement | null)?.closest<HTMLElement>('a, button, summary, [role="button"]');
      if (control && !control.classList.contains('row-link')) {
        control.click();
        return;
      }
      const ticket = control ? tickets.find((row) => String(row.id) === control.dataset.id) : tickets[cursor];
      if (ticket) location.hash = `#/tickets/${ticket.id}`;
    },
  });

  const allSelected = tickets.length > 0 && tickets.every((ticket) => selected.has(ticket.id));
  const now = Date.now();
  return (
    <div class="inbox">
      <InboxViews query={query} />
      <section class="ticket-list" aria-labelledby="inbox-title">
        <h1 id="inbox-title" class="visually-hidden">
          {t(`inbox.view.${query.view}` as MessageKey)}
        </h1>
        <TicketFilters query={query} />
        {selected.size > 0 && (
          <BulkBar
            ids={[...selected]}
            me={me}
            onClear={() => setSelected(new Set())}
            onDone={(outcome) => {
              setResult(outcome);
              setSelected(new Set());
              void load(0);
            }}
          />
        )}
        {result && (
          <div class="bulk-result" role="status" data-testid="bulk-result">
            <span>{t('inbox.bulkResult', { updated: result.updated.length, failed: result.failed.length })}</span>
            {result.failed.length > 0 && (
              <ul>
                {result.failed.slice(0, 10).map((failure) => (
                  <li key={failure.id}>{t('inbox.bulkFailedOne', { id: failure.id, message: failure.error.message })}</li>
                ))}
              </ul>
            )}
            <button type="button" class="link" onClick={() => setResult(null)}>
              {t('close')}
            </button>
          </div>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {tickets.length > 0 && (
          <label class="select-all">
            <input
              type="checkbox"
              data-testid="select-all"
              checked={allSelected}
              ref={(box) => {
                if (box) box.indeterminate = selected.size > 0 && !allSelected;
              }}
              onChange={() => setSelected(allSelected ? new Set() : new Set(tickets.map((ticket) => ticket.id)))}
            />
            <span>{t('inbox.selectAll')}</span>
          </label>
        )}
        {!loading && !tickets.length && !error && <p class="empty">{t('noTickets')}</p>}
        <ul ref={listRef} class="rows">
          {tickets.map((ticket, index) => {
            const overdue = ticket.alertDueAt !== null && new Date(ticket.alertDueAt).getTime() <= now;
            const channel = t(`channel.${ticket.channel}` as MessageKey);
            return (
              <li
                key={ticket.id}
                data-testid="ticket-row"
                data-ticket-id={ticket.id}
                data-category={ticket.category ?? ''}
                aria-current={index === cursor ? 'true' : undefined}
                class={`row ${ticket.waitingSince ? 'waiting' : ''} ${overdue ? 'overdue' : ''} ${index === cursor ? 'cursor' : ''} ${selected.has(ticket.id) ? 'selected' : ''}`}
              >
                <a href={`#/tickets/${ticket.id}`} class="row-link" data-id={ticket.id} onFocus={() => setCursor(index)}>
                  <span class={`channel channel-${ticket.channel}`}>{channel}</span>
                  <span class="number">#{ticket.number}</span>
                  <span class="summary">
                    <span class="subject">
                      {ticket.category && <span class="chip category-chip">{categoryName(categories, ticket.category)}</span>}
                      {ticket.subject}
                    </span>
                    <span class="meta">
                      <span class="customer">{ticket.customer?.name ?? ticket.customer?.email ?? ''}</span>
                      {ticket.tags.map((tag) => (
                        <span key={tag} class="chip tag-chip">
                          {tag}
                        </span>
                      ))}
                    </span>
                  </span>
                  <span class={`badge status-${ticket.status}`}>{t(`status.${ticket.status}` as MessageKey)}</span>
                  <span class={`badge priority-${ticket.priority}`}>{t(`priority.${ticket.priority}` as MessageKey)}</span>
                  <span class={`assignee ${ticket.assignee ? '' : 'none'}`} data-testid="row-assignee">
                    {ticket.assignee?.name ?? t('unassigned')}
                  </span>
                  <span class="time">
                    {ticket.waitingSince ? (overdue ? `${t('overdue')} · ` : '') + t('waitingFor', { duration: formatDuration(ticket.waitingSince) }) : formatTime(ticket.lastActivityAt)}
                  </span>
                </a>
                {/* After the link in the DOM so Tab reaches the ticket first; shown first by CSS. */}
                <label class="row-select">
                  <span class="visually-hidden">{t('inbox.selectTicket', { number: ticket.number })}</span>
                  <input type="checkbox" data-testid="row-select" checked={selected.has(ticket.id)} onChange={() => toggle(ticket.id)} />
                </label>
              </li>
            );
          })}
        </ul>
        <footer class="paging">
          <span>{t('shownOf', { shown: tickets.length, total })}</span>
          {tickets.length < total && (
            <button type="button" disabled={loading} onClick={() => load(tickets.length)}>
              {loading ? t('loading') : t('more')}
            </button>
          )}
        </footer>
      </section>
    </div>
  );
}
