/**
 * The inbox's views (mine, unassigned, my groups, overdue, waiting longest, all): what each one
 * selects, how it is ordered by default, and their counts for one agent. Every view lists only
 * tickets still being worked on (open or pending) unless the caller asks for other statuses.
 * Each condition is one an index of `tickets` can answer (see migrations 0001, 0003 and 0011).
 */
import { Op, literal, type Order, type WhereOptions } from 'sequelize';
import { Ticket, type TicketStatus } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { visibleTicketsWhere } from '../policies/ticketPolicy';

export const inboxViews = ['mine', 'unassigned', 'group', 'overdue', 'waiting', 'all'] as const;
export type InboxView = (typeof inboxViews)[number];
export type TicketSort = 'activity' | 'waiting' | 'due';

/** The statuses a view lists when no status filter is given: the tickets somebody still has to work on. */
export const workingStatuses: TicketStatus[] = ['open', 'pending'];

export interface ViewSelection {
  conditions: WhereOptions<Ticket>[];
  /** True when the view's own condition already implies the agent may see the ticket (no visibility clause needed). */
  visibleByDefinition: boolean;
  /** The order when the request names no `sort`. */
  defaultSort: TicketSort;
}

/** Matches no row; used for "my groups" when the agent belongs to none. */
const nothing: WhereOptions<Ticket> = { id: { [Op.in]: [] } };

export function viewSelection(view: InboxView, actor: Actor, now: Date): ViewSelection {
  switch (view) {
    case 'mine':
      // Assigned to me: canSeeTicket always allows these, so the visibility OR is skipped and the
      // (assigneeId, status, lastActivityAt) index answers alone.
      return { conditions: [{ assigneeId: actor.agent.id }], visibleByDefinition: true, defaultSort: 'activity' };
    case 'unassigned':
      return { conditions: [{ assigneeId: null }], visibleByDefinition: false, defaultSort: 'activity' };
    case 'group':
      return { conditions: [actor.groupIds.length ? { groupId: { [Op.in]: actor.groupIds } } : nothing], visibleByDefinition: true, defaultSort: 'activity' };
    case 'overdue':
      // alertDueAt is only ever set while the customer waits on an open ticket (alerts/waitingClock.ts
      // deadlines), so "waiting and past due" is this one range on the alertDueAt index.
      return { conditions: [{ alertDueAt: { [Op.lte]: now } }], visibleByDefinition: false, defaultSort: 'due' };
    case 'waiting':
      return { conditions: [{ waitingSince: { [Op.ne]: null } }], visibleByDefinition: false, defaultSort: 'waiting' };
    case 'all':
      return { conditions: [], visibleByDefinition: false, defaultSort: 'activity' };
  }
}

/**
 * The order of a page. `due` puts tickets without a deadline last; when every row has one (the
 * overdue view) the plain column order is used so the alertDueAt index can serve it.
 */
export function ticketOrder(sort: TicketSort, view: InboxView | undefined): Order {
  if (sort === 'waiting') return [['waitingSince', 'ASC'], ['id', 'ASC']];
  if (sort === 'due' && view === 'overdue') return [['alertDueAt', 'ASC'], ['id', 'ASC']];
  if (sort === 'due') return [[literal('CASE WHEN alertDueAt IS NULL THEN 1 ELSE 0 END'), 'ASC'], ['alertDueAt', 'ASC'], ['lastActivityAt', 'DESC'], ['id', 'DESC']];
  return [['lastActivityAt', 'DESC'], ['id', 'DESC']];
}

export type ViewCounts = Record<InboxView, number>;

/** One COUNT per view, each limited to what this agent may see and to open/pending tickets. */
export async function countViews(actor: Actor, now: Date): Promise<ViewCounts> {
  const visible = visibleTicketsWhere(actor);
  const counts = await Promise.all(
    inboxViews.map(async (view) => {
      if (view === 'group' && !actor.groupIds.length) return 0;
      const selection = viewSelection(view, actor, now);
      const conditions: WhereOptions<Ticket>[] = [{ status: { [Op.in]: workingStatuses } }, ...selection.conditions];
      if (visible && !selection.visibleByDefinition) conditions.push(visible);
      return Ticket.count({ where: { [Op.and]: conditions } });
    }),
  );
  return Object.fromEntries(inboxViews.map((view, i) => [view, counts[i]])) as ViewCounts;
}
