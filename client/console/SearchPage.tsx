/**
 * Search results (#/search?q=…&type=…, issue #8): tickets, messages and customers in three
 * groups, each result linking to its ticket or customer. The server sends plain-text snippets
 * and the words that matched; the matches are wrapped in <mark> here by splitting the text, so
 * nothing from a message is ever parsed as HTML.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { api, type SearchResults, type SearchType } from '../shared/api';
import { formatTime, t, type MessageKey } from '../shared/i18n';
import { searchHash } from './GlobalSearch';
import { useLatestRequest } from './formParts';

const types: SearchType[] = ['all', 'tickets', 'messages', 'customers'];

/** `text` with every occurrence of the given words (any case) wrapped in <mark>. */
export function highlight(text: string, words: string[]): ComponentChildren[] {
  const wanted = [...new Set(words.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!wanted.length) return [text];
  const pattern = new RegExp(`(${wanted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return text.split(pattern).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

export function parseSearchHash(hash: string): { q: string; type: SearchType } {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  const type = params.get('type') as SearchType | null;
  return { q: params.get('q') ?? '', type: type && types.includes(type) ? type : 'all' };
}

function Group({ title, count, testId, children }: { title: string; count: number; testId: string; children: ComponentChildren }) {
  return (
    <section class="search-group" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      {count ? <ul class="item-list">{children}</ul> : <p class="empty">{t('search.noneInGroup')}</p>}
    </section>
  );
}

export function SearchPage({ q, type }: { q: string; type: SearchType }) {
  // Each answer keeps the search it answers: the render right after a new search (before the
  // effect below runs) must not show the previous search's results under the new heading.
  const [answer, setAnswer] = useState<{ key: string; results: SearchResults | null; error: string | null } | null>(null);
  /** Only the latest request's answer is shown. */
  const beginRequest = useLatestRequest();
  const key = `${type}:${q}`;

  useEffect(() => {
    if (!q.trim()) return;
    const isLatest = beginRequest();
    api.search({ q, type }).then(
      (found) => isLatest() && setAnswer({ key, results: found, error: null }),
      (caught: Error) => isLatest() && setAnswer({ key, results: null, error: t('search.error', { message: caught.message }) }),
    );
  }, [key]);
  const current = answer?.key === key ? answer : null;
  const results = current?.results ?? null;
  const error = current?.error ?? null;

  const total = results ? results.tickets.length + results.messages.length + results.customers.length : 0;
  const show = (group: SearchType) => type === 'all' || type === group;
  return (
    <section class="search-page" data-testid="search-page" data-query={q}>
      <h1>{q.trim() ? t('search.resultsFor', { q }) : t('search.title')}</h1>
      {q.trim() && (
        <nav class="tabs search-types" aria-label={t('search.type')}>
          {types.map((option) => (
            <a key={option} href={searchHash(q, option)} class={option === type ? 'active' : ''} aria-current={option === type ? 'page' : undefined}>
              {t(`search.type.${option}` as MessageKey)}
            </a>
          ))}
        </nav>
      )}
      {!q.trim() && <p class="empty" data-testid="search-empty">{t('search.empty')}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {q.trim() && !results && !error && <p class="loading">{t('loading')}</p>}
      {results && total === 0 && (
        <p class="empty" data-testid="search-no-results" role="status">
          {t('search.noResults', { q })}
        </p>
      )}
      {results && total > 0 && (
        <div class="search-groups">
          {show('tickets') && (
            <Group title={t('search.tickets', { count: results.tickets.length })} count={results.tickets.length} testId="search-tickets">
              {results.tickets.map(({ ticket, highlights }) => (
                <li key={ticket.id} data-testid="search-ticket">
                  <a class="item" href={`#/tickets/${ticket.id}`}>
                    <strong>
                      #{ticket.number} {highlight(ticket.subject, highlights)}
                    </strong>
                    <span class="muted">
                      {t(`status.${ticket.status}` as MessageKey)} · {ticket.customer?.name || ticket.customer?.email || ''} · {formatTime(ticket.lastActivityAt)}
                    </span>
                  </a>
                </li>
              ))}
            </Group>
          )}
          {show('messages') && (
            <Group title={t('search.messages', { count: results.messages.length })} count={results.messages.length} testId="search-messages">
              {results.messages.map((message) => (
                <li key={message.id} data-testid="search-message">
                  <a class="item" href={`#/tickets/${message.ticketId}`}>
                    <strong>{t('search.ticketRef', { number: message.ticketNumber, subject: message.subject })}</strong>
                    <span class="search-snippet">{highlight(message.snippet, message.highlights)}</span>
                    <span class="muted">
                      {message.internal && <span class="badge internal">{t('search.internal')}</span>} {formatTime(message.createdAt)}
                    </span>
                  </a>
                </li>
              ))}
            </Group>
          )}
          {show('customers') && (
            <Group title={t('search.customers', { count: results.customers.length })} count={results.customers.length} testId="search-customers">
              {results.customers.map((customer) => (
                <li key={customer.id} data-testid="search-customer">
                  <a class="item" href={`#/customers/${customer.id}`}>
                    <strong>{customer.name || customer.emails[0] || `#${customer.id}`}</strong>
                    <span class="muted">{[...customer.emails, customer.organisation].filter(Boolean).join(' · ')}</span>
                  </a>
                </li>
              ))}
            </Group>
          )}
        </div>
      )}
    </section>
  );
}
