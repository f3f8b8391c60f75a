/**
 * The inbox's views beside the list (a scrolling strip at phone width), each with how many open
 * and pending tickets it holds. The counts follow the server live: ticket and alert events
 * trigger one refetch, debounced, so a burst of events costs one request.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type InboxView, type TicketCounts } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';
import { onInboxChange } from '../shared/realtime';
import { inboxHash, inboxViewList, type InboxQuery } from './inboxQuery';

/** The view counts, refetched (debounced) when tickets are created or changed or an alert is raised. */
export function useViewCounts(): TicketCounts | null {
  const [counts, setCounts] = useState<TicketCounts | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api.ticketCounts().then((next) => live && setCounts(next), () => undefined);
    void load();
    const off = onInboxChange(load);
    return () => {
      live = false;
      off();
    };
  }, []);
  return counts;
}

export function InboxViews({ query }: { query: InboxQuery }) {
  const counts = useViewCounts();
  return (
    <nav class="inbox-views" aria-label={t('inbox.views')}>
      <ul>
        {inboxViewList.map((view: InboxView) => {
          const active = view === query.view;
          return (
            <li key={view}>
              {/* Switching view keeps the filters: "overdue" within "urgent" is a useful question. */}
              <a href={inboxHash({ ...query, view })} data-testid={`view-${view}`} class={`${active ? 'active' : ''} ${view === 'overdue' && counts?.overdue ? 'alerting' : ''}`} aria-current={active ? 'page' : undefined}>
                <span class="view-name">{t(`inbox.view.${view}` as MessageKey)}</span>
                <span class="view-count" data-testid={`view-count-${view}`}>
                  {counts ? counts[view] : '…'}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
