/** Tickets: open, list, read, change. Each write is one transaction with its audit and events. */
import { Op, UniqueConstraintError, literal, type Transaction, type WhereOptions } from 'sequelize';
import { afterStatusChange } from '../alerts/waitingClock';
import type { AppContext } from '../context';
import { badRequest } from '../http/errors';
import { Agent } from '../models/Agent';
import type { CustomerSegment } from '../models/Customer';
import { Group } from '../models/Group';
import { Message } from '../models/Message';
import { openTicket } from './ticketOpening';
import { Ticket, type Channel, type TicketPriority, type TicketStatus } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { assertCanRouteToGroup, visibleTicketsWhere } from '../policies/ticketPolicy';
import { diffFields, recordAudit } from './auditService';
import { assertKnownCategory } from './categoryService';
import { findOrCreateCustomerByEmail } from './customerService';
import { appendMessage } from './messageService';
import { getVisibleTicket } from './ticketAccess';
import { ticketOrder, viewSelection, workingStatuses, type InboxView, type TicketSort } from './ticketViews';
import { alertPolicy, clockFields, resolveAlertsIfIdle, segmentForPolicy, waitStateOf } from './waitingClockService';

export interface TicketFilters {
  status?: TicketStatus[];
  channel?: Channel;
  priority?: TicketPriority;
  customerId?: number;
  assigneeId?: number | null;
  groupId?: number;
  tag?: string;
  category?: string;
  product?: string;
  /** Tickets of customers in this value tier. */
  segment?: CustomerSegment;
  q?: string;
  /** activity: newest activity first; waiting: longest waiting first (waiting tickets only); due: overdue and soonest due first. Default: the view's order, else activity. */
  sort?: TicketSort;
  /** An inbox view (see ticketViews.ts); it lists open and pending tickets unless `status` says otherwise. */
  view?: InboxView;
  /** "Now" for the overdue view (the server's clock, which tests may move). */
  now?: Date;
  limit: number;
  offset: number;
}

export interface NewTicket {
  subject: string;
  body: string;
  customer: { email: string; name?: string | null };
  priority?: TicketPriority;
  groupId?: number | null;
  assigneeId?: number | null;
  tags?: string[];
}

export interface TicketChanges {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: number | null;
  groupId?: number | null;
  tags?: string[];
  subject?: string;
  category?: string | null;
  subcategory?: string | null;
  product?: string | null;
}

/** Tags are compared without case and surrounding space, and kept once each. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listTickets(actor: Actor, filters: TicketFilters): Promise<{ rows: Ticket[]; total: number }> {
  const conditions: WhereOptions<Ticket>[] = [];
  const view = filters.view ? viewSelection(filters.view, actor, filters.now ?? new Date()) : null;
  const visible = visibleTicketsWhere(actor);
  if (visible && !view?.visibleByDefinition) conditions.push(visible);
  if (view) conditions.push(...view.conditions);
  const statuses = filters.status?.length ? filters.status : view ? workingStatuses : [];
  if (statuses.length) conditions.push({ status: { [Op.in]: statuses } });
  if (filters.channel) conditions.push({ channel: filters.channel });
  if (filters.priority) conditions.push({ priority: filters.priority });
  if (filters.customerId !== undefined) conditions.push({ customerId: filters.customerId });
  if (filters.assigneeId !== undefined) conditions.push({ assigneeId: filters.assigneeId });
  if (filters.groupId !== undefined) conditions.push({ groupId: filters.groupId });
  if (filters.category) conditions.push({ category: filters.category });
  if (filters.product) conditions.push({ product: filters.product });
  if (filters.segment) conditions.push({ customerId: { [Op.in]: literal(`(SELECT id FROM customers WHERE segment = ${Ticket.sequelize?.escape(filters.segment)})`) } });
  if (filters.tag) {
    // Tags are a JSON array in text; matching the quoted tag finds whole tags only. The typed
    // where-options do not know the column holds text, hence the cast.
    const quoted = escapeLike(JSON.stringify(filters.tag.toLowerCase()));
    conditions.push({ tags: { [Op.like]: `%${quoted}%` } } as unknown as WhereOptions<Ticket>);
  }
  if (filters.q) {
    const q = filters.q.trim();
    const number = /^#?(\d+)$/.exec(q)?.[1];
    conditions.push(
      number
        ? { [Op.or]: [{ number: Number(number) }, { subject: { [Op.like]: `%${escapeLike(q)}%` } }] }
        : { subject: { [Op.like]: `%${escapeLike(q)}%` } },
    );
  }
  const sort = filters.sort ?? view?.defaultSort ?? 'activity';
  if (sort === 'waiting' && filters.view !== 'waiting' && filters.view !== 'overdue') conditions.push({ waitingSince: { [Op.ne]: null } });
  const where: WhereOptions<Ticket> = conditions.length ? { [Op.and]: conditions } : {};
  const order = ticketOrder(sort, filters.view);
  // Two plain queries: a count and an indexed page (findAndCountAll would add work we don't need).
  const [rows, total] = await Promise.all([
    Ticket.findAll({ where, order, limit: filters.limit, offset: filters.offset }),
    Ticket.count({ where }),
  ]);
  return { rows, total };
}

async function assertAssignable(assigneeId: number | null | undefined, transaction: Transaction): Promise<void> {
  if (assigneeId === undefined || assigneeId === null) return;
  const agent = await Agent.findByPk(assigneeId, { transaction });
  if (!agent || !agent.active) throw badRequest(`No active agent with id ${assigneeId}`);
}

async function assertGroupExists(groupId: number | null | undefined, transaction: Transaction): Promise<void> {
  if (groupId === undefined || groupId === null) return;
  if (!(await Group.findByPk(groupId, { transaction }))) throw badRequest(`No group with id ${groupId}`);
}

/** An agent opens a ticket on a customer's behalf (a phone call, a walk-in): the body is the customer's request. */
export async function createTicketForCustomer(ctx: AppContext, actor: Actor, input: NewTicket): Promise<{ ticket: Ticket; message: Message }> {
  assertCanRouteToGroup(actor, input.groupId ?? null);
  const attempt = () =>
    ctx.transactions.run(async (transaction) => {
      await assertAssignable(input.assigneeId, transaction);
      await assertGroupExists(input.groupId, transaction);
      const customer = await findOrCreateCustomerByEmail(transaction, input.customer.email, input.customer.name ?? null);
      const ticket = await openTicket(ctx, transaction, {
        subject: input.subject,
        channel: 'web',
        customerId: customer.id,
        priority: input.priority ?? 'normal',
        groupId: input.groupId ?? null,
        assigneeId: input.assigneeId ?? null,
        tags: normalizeTags(input.tags ?? []),
      });
      const message = await appendMessage(ctx, transaction, ticket, {
        direction: 'inbound',
        authorType: 'customer',
        authorId: customer.id,
        body: input.body,
      });
      await recordAudit(transaction, {
        actor,
        action: 'ticket.created',
        entityType: 'ticket',
        entityId: ticket.id,
        changes: { subject: input.subject, customerId: customer.id, onBehalf: true },
      });
      ctx.events.publishAfterCommit(transaction, 'ticket.created', { ticketId: ticket.id, actorId: actor.agent.id });
      return { ticket, message };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two first mails from the same new address at once: the loser retries and finds the customer.
    if (error instanceof UniqueConstraintError) return attempt();
    throw error;
  }
}

export async function updateTicket(ctx: AppContext, actor: Actor, id: number, changes: TicketChanges): Promise<Ticket> {
  return updateTicketWith(ctx, actor, id, () => changes);
}

/**
 * updateTicket whose changes are worked out from the ticket as read inside the transaction: bulk
 * "add tag" / "remove tag" start from the ticket's current tags, not from what a client last saw.
 */
export async function updateTicketWith(ctx: AppContext, actor: Actor, id: number, changesFor: (ticket: Ticket) => TicketChanges): Promise<Ticket> {
  return ctx.transactions.run(async (transaction) => {
    const ticket = await getVisibleTicket(actor, id, transaction);
    const changes = changesFor(ticket);
    if (changes.groupId !== undefined) assertCanRouteToGroup(actor, changes.groupId);
    await assertAssignable(changes.assigneeId, transaction);
    await assertGroupExists(changes.groupId, transaction);
    // A new category without a sub-category clears the old sub-category (it belonged to the old one).
    const categoryChanged = changes.category !== undefined && changes.category !== ticket.category;
    const subcategory = changes.subcategory !== undefined ? changes.subcategory : categoryChanged ? null : undefined;
    if (changes.category !== undefined || changes.subcategory !== undefined) await assertKnownCategory(changes.category !== undefined ? changes.category : ticket.category, subcategory ?? null);
    const next: TicketChanges = { ...changes, ...(subcategory !== undefined ? { subcategory } : {}), ...(changes.tags ? { tags: normalizeTags(changes.tags) } : {}) };
    const diff = diffFields(ticket.get({ plain: true }) as TicketChanges, next);
    if (!diff) return ticket;
    const status = next.status ?? ticket.status;
    const priority = next.priority ?? ticket.priority;
    // Leaving "open" pauses the customer's wait (its working time is kept); reopening resumes it.
    const policy = await alertPolicy(ctx, transaction);
    const state = afterStatusChange(waitStateOf(ticket), ticket.status, status, ctx.now(), policy.calendar);
    const segment = await segmentForPolicy(policy, ticket.customerId, transaction);
    await ticket.update({ ...next, ...clockFields(state, status, priority, policy, segment), lastActivityAt: ctx.now() }, { transaction });
    await resolveAlertsIfIdle(ctx, transaction, ticket);
    await recordAudit(transaction, { actor, action: 'ticket.updated', entityType: 'ticket', entityId: ticket.id, changes: diff });
    ctx.events.publishAfterCommit(transaction, 'ticket.updated', { ticketId: ticket.id, actorId: actor.agent.id, changed: Object.keys(diff) });
    return ticket;
  });
}
