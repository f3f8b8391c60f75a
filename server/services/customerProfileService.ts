/**
 * Customer profiles: search, read (restricted fields only for roles allowed to see them, each
 * such read audited), update, and the one timeline of everything a customer wrote or was told on
 * every channel.
 */
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { Customer, type CustomerSegment, type RestrictedFields } from '../models/Customer';
import { Identity } from '../models/Identity';
import { Message } from '../models/Message';
import { Purchase } from '../models/Purchase';
import { Survey } from '../models/Survey';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { assertCan, can } from '../policies/permissions';
import { visibleTicketsWhere } from '../policies/ticketPolicy';
import { normalizeEmail } from '../util/normalize';
import { diffFields, recordAudit, recordAudits } from './auditService';
import { normalizeTags } from './ticketService';

export interface CustomerFilters {
  q?: string;
  email?: string;
  segment?: CustomerSegment;
  limit: number;
  offset: number;
}

export interface CustomerChanges {
  name?: string | null;
  organisation?: string | null;
  locale?: string | null;
  notes?: string | null;
  tags?: string[];
  customFields?: Record<string, string>;
  restricted?: Partial<RestrictedFields>;
}

const like = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export async function listCustomers(filters: CustomerFilters): Promise<{ rows: Customer[]; total: number }> {
  const where: WhereOptions<Customer> = { mergedIntoId: null, ...(filters.segment ? { segment: filters.segment } : {}) };
  if (filters.email) {
    const owners = await Identity.findAll({ where: { kind: 'email', value: normalizeEmail(filters.email) }, attributes: ['customerId'] });
    Object.assign(where, { id: owners.map((o) => o.customerId) });
  }
  if (filters.q?.trim()) {
    const q = filters.q.trim();
    const byIdentity = await Identity.findAll({ where: { value: { [Op.like]: like(q.toLowerCase()) } }, attributes: ['customerId'], limit: 1000 });
    Object.assign(where, { [Op.or]: [{ name: { [Op.like]: like(q) } }, { organisation: { [Op.like]: like(q) } }, { id: byIdentity.map((i) => i.customerId) }] });
  }
  const { rows, count } = await Customer.findAndCountAll({ where, order: [['id', 'DESC']], limit: filters.limit, offset: filters.offset });
  return { rows, total: count };
}

export async function getCustomer(id: number): Promise<Customer> {
  const customer = await Customer.findByPk(id);
  if (!customer) throw notFound('Customer');
  return customer;
}

/**
 * The restricted fields of these customers for this reader, or null per customer when the role
 * may not see them. Every read that returns them is written to the audit log.
 */
export async function readRestricted(ctx: AppContext, actor: Actor, customerIds: number[]): Promise<Map<number, RestrictedFields | null> | null> {
  if (!(await can(actor, 'customers.restricted.read'))) return null;
  if (!customerIds.length) return new Map();
  const rows = await Customer.scope('withRestricted').findAll({ where: { id: customerIds }, attributes: ['id', 'restricted'] });
  const withValues = rows.filter((row) => row.restricted);
  if (withValues.length) {
    await ctx.transactions.run((transaction) =>
      recordAudits(transaction, withValues.map((row) => ({ actor, action: 'customer.restricted.read', entityType: 'customer', entityId: row.id }))),
    );
  }
  return new Map(rows.map((row) => [row.id, row.restricted ?? null]));
}

export async function updateCustomer(ctx: AppContext, actor: Actor, id: number, changes: CustomerChanges): Promise<Customer> {
  if (changes.restricted) await assertCan(actor, 'customers.restricted.write');
  return ctx.transactions.run(async (transaction) => {
    const customer = await Customer.scope('withRestricted').findByPk(id, { transaction });
    if (!customer) throw notFound('Customer');
    const { restricted, ...plain } = changes;
    const next = { ...plain, tags: plain.tags && normalizeTags(plain.tags) };
    const diff = diffFields(customer.get({ plain: true }), next);
    const restrictedNext = restricted ? { homeAddress: null, income: null, householdSize: null, birthday: null, ...customer.restricted, ...restricted } : undefined;
    if (diff || restrictedNext) {
      await customer.update({ ...next, ...(restrictedNext ? { restricted: restrictedNext } : {}) }, { transaction });
      // The audit names restricted fields that changed, never their values.
      await recordAudit(transaction, { actor, action: 'customer.updated', entityType: 'customer', entityId: id, changes: { ...diff, ...(restricted ? { restricted: Object.keys(restricted) } : {}) } });
    }
    return (await Customer.findByPk(id, { transaction })) as Customer;
  });
}

export type HistoryEntry =
  | { kind: 'ticket'; at: Date; ticket: Ticket }
  | { kind: 'message'; at: Date; ticket: Ticket; message: Message }
  | { kind: 'survey'; at: Date; ticket: Ticket; survey: Survey }
  | { kind: 'purchase'; at: Date; purchase: Purchase };

/**
 * Every ticket opened and every message on the customer's tickets the reader may see, oldest
 * first, one page at a time. One UNION query orders and pages ticket openings and messages
 * together in the database (a ticket's opening sorts just before its first message); the page's
 * rows are then loaded by id.
 */
export async function customerHistory(ctx: AppContext, actor: Actor, customerId: number, page: { limit: number; offset: number }): Promise<{ entries: HistoryEntry[]; total: number }> {
  await getCustomer(customerId);
  const visible = visibleTicketsWhere(actor);
  const tickets = await Ticket.findAll({ where: { customerId, ...(visible ? { [Op.and]: [visible] } : {}) }, order: [['id', 'ASC']] });
  // `IN ()` is not SQL: a customer with purchases but no visible ticket matches no id instead.
  const ticketIds = tickets.length ? tickets.map((t) => t.id) : [0];
  const answered = { ticketId: ticketIds, answeredAt: { [Op.ne]: null } };
  const [messageCount, surveyCount, purchaseCount] = await Promise.all([Message.count({ where: { ticketId: ticketIds } }), Survey.count({ where: answered }), Purchase.count({ where: { customerId } })]);
  const total = tickets.length + messageCount + surveyCount + purchaseCount;
  if (!total) return { entries: [], total: 0 };
  // One timeline paged in the database; `ord` keeps a ticket before its first message at the same instant.
  const rows = (await ctx.sequelize.query(
    `SELECT kind, ticketId, refId, at FROM (
       SELECT 'ticket' AS kind, id AS ticketId, 0 AS refId, createdAt AS at, 0 AS ord FROM tickets WHERE id IN (:ticketIds)
       UNION ALL
       SELECT 'message' AS kind, ticketId, id AS refId, createdAt AS at, 1 AS ord FROM messages WHERE ticketId IN (:ticketIds)
       UNION ALL
       SELECT 'survey' AS kind, ticketId, id AS refId, answeredAt AS at, 2 AS ord FROM surveys WHERE ticketId IN (:ticketIds) AND answeredAt IS NOT NULL
       UNION ALL
       SELECT 'purchase' AS kind, 0 AS ticketId, id AS refId, purchasedAt AS at, 3 AS ord FROM purchases WHERE customerId = :customerId
     ) timeline ORDER BY at ASC, ord ASC, refId ASC LIMIT :limit OFFSET :offset`,
    { replacements: { ticketIds, customerId, limit: page.limit, offset: page.offset }, type: QueryTypes.SELECT },
  )) as Array<{ kind: HistoryEntry['kind']; ticketId: number; refId: number }>;
  const idsOf = (kind: HistoryEntry['kind']) => rows.filter((row) => row.kind === kind).map((row) => Number(row.refId));
  const [messageRows, surveyRows, purchaseRows] = await Promise.all([
    idsOf('message').length ? Message.findAll({ where: { id: idsOf('message') } }) : [],
    idsOf('survey').length ? Survey.findAll({ where: { id: idsOf('survey') } }) : [],
    idsOf('purchase').length ? Purchase.findAll({ where: { id: idsOf('purchase') } }) : [],
  ]);
  const messages = new Map(messageRows.map((m) => [m.id, m]));
  const surveys = new Map(surveyRows.map((s) => [s.id, s]));
  const purchases = new Map(purchaseRows.map((p) => [p.id, p]));
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const entries = rows.flatMap((row): HistoryEntry[] => {
    if (row.kind === 'purchase') {
      const purchase = purchases.get(Number(row.refId));
      return purchase ? [{ kind: 'purchase', at: purchase.purchasedAt, purchase }] : [];
    }
    const ticket = byId.get(Number(row.ticketId));
    if (!ticket) return [];
    if (row.kind === 'ticket') return [{ kind: 'ticket', at: ticket.createdAt, ticket }];
    if (row.kind === 'survey') {
      const survey = surveys.get(Number(row.refId));
      return survey?.answeredAt ? [{ kind: 'survey', at: survey.answeredAt, ticket, survey }] : [];
    }
    const message = messages.get(Number(row.refId));
    return message ? [{ kind: 'message', at: message.createdAt, ticket, message }] : [];
  });
  return { entries, total };
}
