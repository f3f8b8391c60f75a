/** The inbox: status tabs, category filter, search, rows newest activity first, and "load more" paging. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Ticket } from '../shared/api';
import { formatDuration, formatTime, t, type MessageKey } from '../shared/i18n';
import { onServerEvent } from '../shared/realtime';
import { categoryName, useCategories } from './TicketCategory';

const PAGE = 50;
const tabs = ['open', 'waiting', 'pending', 'solved', 'closed', 'all'] as const;

export function TicketList({ status }: { status: string }) {
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [total, setTotal] = useState(0);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const { categories } = useCategories();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = async (offset: number) => {
    setLoading(true);
    try {
      // "Open" puts overdue and soon-due tickets first; "Waiting longest" lists waiting tickets, oldest wait first.
      const query = status === 'waiting' ? { status: 'open,pending', sort: 'waiting' as const } : { status: status === 'all' ? undefined : status, sort: status === 'open' ? ('due' as const) : undefined };
      const page = await api.tickets({ ...query, q: search || undefined, category: category || undefined, limit: PAGE, offset });
      setTickets((previous) => (offset ? [...previous, ...page.data] : page.data));
      setTotal(page.total);
      setError(null);
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(0);
  }, [status, search, category]);
  // New tickets and changes arrive live; reload the first page (cheap, and keeps the order right).
  useEffect(() => {
    const reload = () => void load(0);
    const offs = [onServerEvent('ticket.created', reload), onServerEvent('ticket.updated', reload), onServerEvent('alert.raised', reload)];
    return () => offs.forEach((off) => off());
  }, [status, search, category]);

  return (
    <section class="ticket-list">
      <nav class="tabs">
        {tabs.map((tab) => (
          <a key={tab} href={`#/tickets?status=${tab}`} data-testid={`status-filter-${tab}`} class={tab === status ? 'active' : ''}>
            {tab === 'all' ? t('all') : tab === 'waiting' ? t('waitingLongest') : t(`status.${tab}` as MessageKey)}
          </a>
        ))}
        <label class="category-filter">
          <span class="visually-hidden">{t('category')}</span>
          <select name="category-filter" data-testid="category-filter" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t('allCategories')}</option>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {categoryName(categories, c.key)}
              </option>
            ))}
          </select>
        </label>
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(query.trim());
          }}
        >
          <input type="search" placeholder={t('search')} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </form>
      </nav>
      {error && <p class="error">{error}</p>}
      {!loading && !tickets.length && !error && <p class="empty">{t('noTickets')}</p>}
      <ul>
        {tickets.map((ticket) => {
          const overdue = ticket.alertDueAt !== null && new Date(ticket.alertDueAt).getTime() <= Date.now();
          return (
            <li key={ticket.id} data-testid="ticket-row" data-ticket-id={ticket.id} data-category={ticket.category ?? ''} class={`row ${ticket.waitingSince ? 'waiting' : ''} ${overdue ? 'overdue' : ''}`}>
              <a href={`#/tickets/${ticket.id}`}>
                <span class="number">#{ticket.number}</span>
                <span class="subject">
                  {ticket.category && <span class="chip category-chip">{categoryName(categories, ticket.category)}</span>}
                  {ticket.subject}
                </span>
                <span class="customer">{ticket.customer?.name ?? ticket.customer?.email ?? ''}</span>
                <span class={`badge status-${ticket.status}`}>{t(`status.${ticket.status}` as MessageKey)}</span>
                <span class={`badge priority-${ticket.priority}`}>{t(`priority.${ticket.priority}` as MessageKey)}</span>
                <span class="time">
                  {ticket.waitingSince ? (overdue ? `${t('overdue')} · ` : '') + t('waitingFor', { duration: formatDuration(ticket.waitingSince) }) : formatTime(ticket.lastActivityAt)}
                </span>
              </a>
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
  );
}
