/**
 * Bulk changes from the inbox: the same change applied to many tickets, each through
 * updateTicket's rules (visibility, audit, events, waiting clock) in a transaction of its own, so
 * one ticket that cannot change does not hold back the others. The answer says which changed and
 * why each other one did not; a ticket the agent may not see is reported as not found.
 */
import type { AppContext } from '../context';
import { AppError, badRequest } from '../http/errors';
import { Agent } from '../models/Agent';
import { Group } from '../models/Group';
import type { Ticket, TicketPriority, TicketStatus } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { assertCanRouteToGroup } from '../policies/ticketPolicy';
import { normalizeTags, updateTicketWith, type TicketChanges } from './ticketService';

/** The most tags a ticket may carry, as for PATCH /tickets/:id. */
export const MAX_TAGS = 50;

export interface BulkChanges {
  assigneeId?: number | null;
  status?: TicketStatus;
  priority?: TicketPriority;
  groupId?: number | null;
  addTags?: string[];
  removeTags?: string[];
}

export interface BulkResult {
  updated: number[];
  failed: Array<{ id: number; error: { code: string; message: string } }>;
}

/** Problems that would fail every ticket alike are refused once, before anything changes. */
async function assertChangesPossible(actor: Actor, changes: BulkChanges): Promise<void> {
  if (changes.groupId !== undefined) assertCanRouteToGroup(actor, changes.groupId);
  if (changes.assigneeId !== undefined && changes.assigneeId !== null) {
    const agent = await Agent.findByPk(changes.assigneeId, { attributes: ['id', 'active'] });
    if (!agent || !agent.active) throw badRequest(`No active agent with id ${changes.assigneeId}`);
  }
  if (changes.groupId !== undefined && changes.groupId !== null && !(await Group.findByPk(changes.groupId, { attributes: ['id'] }))) {
    throw badRequest(`No group with id ${changes.groupId}`);
  }
}

/** The PATCH changes for one ticket: the plain fields as given, the tags from its current ones. */
function changesFor(ticket: Ticket, changes: BulkChanges): TicketChanges {
  const { addTags, removeTags, ...plain } = changes;
  if (!addTags?.length && !removeTags?.length) return plain;
  const removed = new Set(normalizeTags(removeTags ?? []));
  const tags = normalizeTags([...ticket.tags, ...(addTags ?? [])]).filter((tag) => !removed.has(tag));
  if (tags.length > MAX_TAGS) throw badRequest(`A ticket can carry at most ${MAX_TAGS} tags`);
  return { ...plain, tags };
}

export async function bulkUpdateTickets(ctx: AppContext, actor: Actor, ids: number[], changes: BulkChanges): Promise<BulkResult> {
  await assertChangesPossible(actor, changes);
  const result: BulkResult = { updated: [], failed: [] };
  // One after the other: on SQLite writes queue anyway, and on MariaDB this keeps one bulk
  // request from taking every pooled connection away from the rest of the console.
  for (const id of ids) {
    try {
      await updateTicketWith(ctx, actor, id, (ticket) => changesFor(ticket, changes));
      result.updated.push(id);
    } catch (error) {
      if (!(error instanceof AppError)) {
        ctx.logger.error('bulk ticket update failed', { ticketId: id, error });
        result.failed.push({ id, error: { code: 'internal_error', message: 'The ticket could not be changed' } });
        continue;
      }
      result.failed.push({ id, error: { code: error.code, message: error.message } });
    }
  }
  return result;
}
