/**
 * The inbox's state in the address bar: `#/tickets?view=mine&status=&priority=&channel=&tag=
 * &category=&segment=&sort=&q=`, so a reload, the back button or a shared link shows the same
 * list. Old links (`#/tickets?status=open`, `?status=waiting`, `?status=all`) still work.
 */
import type { InboxView } from '../shared/api';

export const inboxViewList: InboxView[] = ['mine', 'unassigned', 'group', 'overdue', 'waiting', 'all'];
export const filterKeys = ['status', 'priority', 'channel', 'tag', 'category', 'segment', 'sort', 'q'] as const;
export type FilterKey = (typeof filterKeys)[number];

export type InboxQuery = { view: InboxView } & Record<FilterKey, string>;

/** Every status, for "any status" (a view alone lists open and pending tickets). */
export const ANY_STATUS = 'open,pending,solved,closed';

export function parseInboxQuery(hash: string): InboxQuery {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  const query = { view: 'all' } as InboxQuery;
  for (const key of filterKeys) query[key] = params.get(key)?.trim() ?? '';
  const view = params.get('view') as InboxView | null;
  if (view && inboxViewList.includes(view)) query.view = view;
  else if (query.status === 'waiting') {
    // The old "Waiting longest" tab.
    query.view = 'waiting';
    query.status = '';
  } else if (query.status === 'all') query.status = ANY_STATUS;
  return query;
}

/** The hash for a query; empty filters are left out so links stay short. */
export function inboxHash(query: InboxQuery): string {
  const params = new URLSearchParams({ view: query.view });
  for (const key of filterKeys) if (query[key]) params.set(key, query[key]);
  return `#/tickets?${params}`;
}
