/**
 * Search across tickets, messages and customers for one agent: parse the query, look each type
 * up in the index (only tickets and messages the agent may see), load the page's rows and shape
 * them. A ticket number (`#10042` or `10042`) puts that ticket first.
 */
import { Op } from 'sequelize';
import type { AppContext } from '../context';
import { Customer } from '../models/Customer';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';
import { presentTickets } from '../presenters/ticketPresenter';
import type { TicketJson } from '../presenters/schemas';
import { emailsByCustomer } from '../services/customerService';
import { findHits, type Hit } from './searchQuery';
import { makeSnippet } from './snippet';
import { parseQuery, type QueryGroup } from './searchTerms';

export const searchTypes = ['all', 'tickets', 'messages', 'customers'] as const;
export type SearchType = (typeof searchTypes)[number];

export interface SearchResults {
  tickets: Array<{ ticket: TicketJson; score: number; highlights: string[] }>;
  messages: Array<{ id: number; ticketId: number; ticketNumber: number; subject: string; snippet: string; highlights: string[]; internal: boolean; createdAt: string; score: number }>;
  customers: Array<{ id: number; name: string | null; emails: string[]; organisation: string | null; score: number }>;
}

/** Score given to the ticket whose number was typed, so it sorts before any word match. */
const NUMBER_MATCH_SCORE = 1000;

async function ticketResults(ctx: AppContext, actor: Actor, groups: QueryGroup[], ticketNumber: number | null, limit: number): Promise<SearchResults['tickets']> {
  const hits = await findHits(ctx, actor, 'ticket', groups, limit);
  const scored = new Map<number, number>(hits.map((hit) => [hit.docId, hit.score]));
  const order = hits.map((hit) => hit.docId);
  if (ticketNumber !== null) {
    const byNumber = await Ticket.findOne({ where: { [Op.or]: [{ number: ticketNumber }, { number: null, id: ticketNumber }] } });
    if (byNumber && canSeeTicket(actor, byNumber)) {
      scored.set(byNumber.id, NUMBER_MATCH_SCORE);
      order.unshift(byNumber.id);
    }
  }
  const ids = [...new Set(order)].slice(0, limit);
  if (!ids.length) return [];
  // Checked again on the row itself: the index's copy of the ticket id is never trusted for access.
  const rows = (await Ticket.findAll({ where: { id: { [Op.in]: ids } } })).filter((t) => canSeeTicket(actor, t));
  const byId = new Map(rows.map((t) => [t.id, t]));
  const tickets = ids.map((id) => byId.get(id)).filter((t): t is Ticket => t !== undefined);
  const presented = await presentTickets(tickets);
  return presented.map((ticket, i) => ({ ticket, score: scored.get(ticket.id) ?? 0, highlights: makeSnippet(tickets[i].subject, groups).highlights }));
}

async function messageResults(ctx: AppContext, actor: Actor, groups: QueryGroup[], limit: number): Promise<SearchResults['messages']> {
  const hits = await findHits(ctx, actor, 'message', groups, limit);
  if (!hits.length) return [];
  const messages = await Message.findAll({ where: { id: { [Op.in]: hits.map((h) => h.docId) } }, attributes: ['id', 'ticketId', 'body', 'internal', 'createdAt'] });
  const tickets = await Ticket.findAll({ where: { id: { [Op.in]: [...new Set(messages.map((m) => m.ticketId))] } }, attributes: ['id', 'number', 'subject', 'groupId', 'assigneeId'] });
  const ticketById = new Map(tickets.map((t) => [t.id, t]));
  const messageById = new Map(messages.map((m) => [m.id, m]));
  return hits.flatMap((hit: Hit) => {
    const message = messageById.get(hit.docId);
    const ticket = message ? ticketById.get(message.ticketId) : undefined;
    if (!message || !ticket || !canSeeTicket(actor, ticket)) return [];
    const { snippet, highlights } = makeSnippet(message.body, groups);
    return [{ id: message.id, ticketId: ticket.id, ticketNumber: ticket.number ?? ticket.id, subject: ticket.subject, snippet, highlights, internal: message.internal, createdAt: message.createdAt.toISOString(), score: hit.score }];
  });
}

async function customerResults(ctx: AppContext, actor: Actor, groups: QueryGroup[], limit: number): Promise<SearchResults['customers']> {
  const hits = await findHits(ctx, actor, 'customer', groups, limit);
  if (!hits.length) return [];
  const ids = hits.map((h) => h.docId);
  const [customers, emails] = await Promise.all([Customer.findAll({ where: { id: { [Op.in]: ids }, mergedIntoId: null }, attributes: ['id', 'name', 'organisation'] }), emailsByCustomer(ids)]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  return hits.flatMap((hit) => {
    const customer = byId.get(hit.docId);
    return customer ? [{ id: customer.id, name: customer.name, emails: emails.get(customer.id) ?? [], organisation: customer.organisation ?? null, score: hit.score }] : [];
  });
}

export async function search(ctx: AppContext, actor: Actor, input: { q: string; type: SearchType; limit: number }): Promise<SearchResults> {
  const { groups, ticketNumber } = parseQuery(input.q);
  const wants = (type: SearchType) => input.type === 'all' || input.type === type;
  const [tickets, messages, customers] = await Promise.all([
    wants('tickets') ? ticketResults(ctx, actor, groups, ticketNumber, input.limit) : [],
    wants('messages') ? messageResults(ctx, actor, groups, input.limit) : [],
    wants('customers') ? customerResults(ctx, actor, groups, input.limit) : [],
  ]);
  return { tickets, messages, customers };
}
