/**
 * A customer's history (tickets opened, messages, satisfaction answers, purchases): the newest page
 * first, older pages on demand.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type HistoryItem } from '../shared/api';
import { formatTime, getLocale, locales, t, type MessageKey } from '../shared/i18n';

const PAGE = 50;

export interface CustomerHistory {
  /** Oldest first, as the server sends them; null until the first page arrives. */
  items: HistoryItem[] | null;
  total: number;
  hasOlder: boolean;
  busy: boolean;
  error: string | null;
  loadOlder: () => void;
}

/**
 * Loads the newest page: the total first (limit=1), then the last PAGE items. Loads it again
 * whenever `version` changes (a new message on the open ticket); "older" prepends the page before.
 */
export function useCustomerHistory(customerId: number | null, version = 0): CustomerHistory {
  const [state, setState] = useState<{ items: HistoryItem[]; total: number; offset: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The customer shown now: an older page that arrives for another one is dropped. */
  const shown = useRef(customerId);
  shown.current = customerId;
  useEffect(() => {
    setState(null);
    setError(null);
  }, [customerId]);
  useEffect(() => {
    if (customerId === null) return;
    let current = true;
    (async () => {
      const { total } = await api.customerHistory(customerId, 1, 0);
      const offset = Math.max(0, total - PAGE);
      const page = await api.customerHistory(customerId, PAGE, offset);
      if (!current) return;
      setState({ items: page.data, total: page.total, offset });
      setError(null);
    })().catch((caught: Error) => current && setError(t('error', { message: caught.message })));
    return () => {
      current = false;
    };
  }, [customerId, version]);

  const loadOlder = () => {
    if (!state || state.offset === 0 || busy || customerId === null) return;
    const offset = Math.max(0, state.offset - PAGE);
    setBusy(true);
    api.customerHistory(customerId, state.offset - offset, offset).then(
      (page) => {
        setBusy(false);
        if (shown.current !== customerId) return;
        setState((previous) => previous && { items: [...page.data.filter((item) => !previous.items.some((old) => itemKey(old) === itemKey(item))), ...previous.items], total: page.total, offset });
      },
      (caught: Error) => {
        setError(t('error', { message: caught.message }));
        setBusy(false);
      },
    );
  };
  return { items: state?.items ?? null, total: state?.total ?? 0, hasOlder: (state?.offset ?? 0) > 0, busy, error, loadOlder };
}

function itemKey(item: HistoryItem): string {
  if (item.kind === 'message') return `m${item.message.id}`;
  if (item.kind === 'survey') return `s${item.survey.id}`;
  if (item.kind === 'purchase') return `p${item.purchase.id}`;
  return `t${item.ticket.id}`;
}

export function channelLabel(channel: string): string {
  const key = `channel.${channel}`;
  return key in locales.en ? t(key as MessageKey) : channel;
}

const iconPaths: Record<string, string> = {
  email: 'M2 4h12v9H2zM2 5l6 4 6-4',
  chat: 'M3 3h10v8H7l-3 3v-3H3z',
  web: 'M8 2a6 6 0 1 0 0 12A6 6 0 1 0 8 2M2 8h12M8 2c2 2 2 10 0 12M8 2c-2 2-2 10 0 12',
  phone: 'M4 2h2l1 3-1.5 1a8 8 0 0 0 4.5 4.5L11 9l3 1v2a2 2 0 0 1-2 2A10 10 0 0 1 2 4a2 2 0 0 1 2-2z',
};

/** A small line drawing for the channel; its name is shown beside it (or read out, when compact). */
export function ChannelIcon({ channel }: { channel: string }) {
  return (
    <svg class="channel-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <title>{channelLabel(channel)}</title>
      <path d={iconPaths[channel] ?? 'M5 8a3 3 0 1 0 6 0a3 3 0 1 0-6 0'} />
    </svg>
  );
}

function firstLine(body: string): string {
  return body.split('\n').find((line) => line.trim())?.trim() ?? '';
}

function formatAmount(amount: string, currency: string): string {
  try {
    return new Intl.NumberFormat(getLocale(), { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A purchase: no channel and no ticket, just what was bought, when and for how much. */
function PurchaseItem({ item }: { item: Extract<HistoryItem, { kind: 'purchase' }> }) {
  const { purchase } = item;
  return (
    <li class="timeline-item purchase" data-testid="history-item" data-kind="purchase">
      <div class="timeline-meta">
        <span class="badge">{t('historyPurchase')}</span>
        <time dateTime={item.at}>{formatTime(item.at)}</time>
      </div>
      <p class="timeline-text">
        {[purchase.product, purchase.orderRef ? `#${purchase.orderRef}` : null].filter(Boolean).join(' · ')} — {formatAmount(purchase.amount, purchase.currency)}
      </p>
    </li>
  );
}

function TimelineItem({ item, compact, current }: { item: Exclude<HistoryItem, { kind: 'purchase' }>; compact: boolean; current: boolean }) {
  const channel = item.kind === 'message' ? item.message.channel : item.ticket.channel;
  const message = item.kind === 'message' ? item.message : null;
  const author = message ? (message.authorName ?? t(`author.${message.authorType}` as MessageKey)) : null;
  return (
    <li
      class={`timeline-item ${message?.internal ? 'internal' : ''} ${current ? 'current' : ''} ${message?.authorType === 'customer' ? 'from-customer' : ''}`}
      data-testid="history-item"
      data-kind={item.kind}
      data-ticket-id={item.ticket.id}
    >
      <div class="timeline-meta">
        <ChannelIcon channel={channel} />
        <span class={compact ? 'visually-hidden' : ''}>{channelLabel(channel)}</span>
        <a href={`#/tickets/${item.ticket.id}`} title={item.ticket.subject}>
          <span class="visually-hidden">{t('ticketNumber', { number: item.ticket.number })}</span>
          <span aria-hidden="true">#{item.ticket.number}</span>
        </a>
        <time dateTime={item.at}>{formatTime(item.at)}</time>
        {message?.internal && <span class="badge internal">{t('internalNote')}</span>}
      </div>
      {message && (
        <p class={compact ? 'timeline-text compact' : 'timeline-text'}>
          <strong>{author}:</strong> {compact ? firstLine(message.body) : message.body}
        </p>
      )}
      {item.kind === 'survey' && (
        <p class="timeline-text survey">
          {t('historySurvey', { rating: item.survey.rating })}
          {item.survey.comment && <> — “{compact ? firstLine(item.survey.comment) : item.survey.comment}”</>}
        </p>
      )}
      {item.kind === 'ticket' && <p class="timeline-text opened">{t('ticketOpened', { subject: item.ticket.subject })}</p>}
    </li>
  );
}

/** Newest first; "Load older" below. `compact` shows each message's first line only. */
export function HistoryTimeline({ history, compact = false, currentTicketId }: { history: CustomerHistory; compact?: boolean; currentTicketId?: number }) {
  const { items, error } = history;
  return (
    <div class="history">
      {error && <p class="error">{error}</p>}
      {!items && !error && <p class="loading">{t('loading')}</p>}
      {items && !items.length && <p class="empty">{t('noHistory')}</p>}
      {items && items.length > 0 && (
        // The compact list scrolls on its own: focusable, so it scrolls from the keyboard too.
        <ol class={`timeline ${compact ? 'compact' : ''}`} data-testid="history" tabIndex={compact ? 0 : undefined} aria-label={t('history')}>
          {[...items].reverse().map((item) => (
            item.kind === 'purchase' ? <PurchaseItem key={itemKey(item)} item={item} /> : <TimelineItem key={itemKey(item)} item={item} compact={compact} current={item.ticket.id === currentTicketId} />
          ))}
        </ol>
      )}
      {items && (history.hasOlder || items.length < history.total) && (
        <div class="paging">
          <span>{t('shownOf', { shown: items.length, total: history.total })}</span>
          {history.hasOlder && (
            <button type="button" class="secondary small" data-testid="history-older" disabled={history.busy} onClick={history.loadOlder}>
              {history.busy ? t('loading') : t('loadOlder')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
