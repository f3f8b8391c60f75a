/**
 * Loads tickets, messages and customers as search documents: which fields are indexed, with
 * what weight, and the version (source `updatedAt`) the index records. A row that is gone (or a
 * customer merged into another) comes back as `null` terms, meaning "remove from the index".
 */
import { Op } from 'sequelize';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { Message } from '../models/Message';
import type { SearchDocType } from '../models/SearchTerm';
import { Ticket } from '../models/Ticket';
import { documentTerms } from './searchTerms';

export interface IndexDoc {
  docType: SearchDocType;
  docId: number;
  ticketId: number | null;
  version: number;
  /** null: the document no longer exists (or is merged away) and leaves the index. */
  terms: Map<string, number> | null;
}

/** Field weights: a word in a subject or a name says more about the document than one in a long body. */
export const weights = { subject: 3, number: 5, body: 1, name: 3, email: 3, phone: 3, organisation: 2 };

/** A phone's digits, and its last 11 too, so "13800138000" finds "+86 138 0013 8000". */
function phoneText(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length > 11 ? `${digits} ${digits.slice(-11)}` : digits;
}

const gone = (docType: SearchDocType, docId: number): IndexDoc => ({ docType, docId, ticketId: null, version: 0, terms: null });

export async function loadTicketDocs(ids: number[]): Promise<IndexDoc[]> {
  if (!ids.length) return [];
  const rows = await Ticket.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'number', 'subject', 'updatedAt'] });
  const byId = new Map(rows.map((t) => [t.id, t]));
  return ids.map((id) => {
    const ticket = byId.get(id);
    if (!ticket) return gone('ticket', id);
    const terms = documentTerms([
      { text: ticket.subject, weight: weights.subject },
      { text: String(ticket.number ?? ticket.id), weight: weights.number },
    ]);
    return { docType: 'ticket', docId: id, ticketId: id, version: ticket.updatedAt.getTime(), terms };
  });
}

export async function loadMessageDocs(ids: number[]): Promise<IndexDoc[]> {
  if (!ids.length) return [];
  // The plain-text body only: html is the same words plus markup.
  const rows = await Message.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'ticketId', 'body', 'updatedAt'] });
  const byId = new Map(rows.map((m) => [m.id, m]));
  return ids.map((id) => {
    const message = byId.get(id);
    if (!message) return gone('message', id);
    return { docType: 'message', docId: id, ticketId: message.ticketId, version: message.updatedAt.getTime(), terms: documentTerms([{ text: message.body, weight: weights.body }]) };
  });
}

export async function loadCustomerDocs(ids: number[]): Promise<IndexDoc[]> {
  if (!ids.length) return [];
  const [rows, identities] = await Promise.all([
    Customer.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'name', 'organisation', 'mergedIntoId', 'updatedAt'] }),
    Identity.findAll({ where: { customerId: { [Op.in]: ids }, kind: { [Op.in]: ['email', 'phone'] } }, attributes: ['customerId', 'kind', 'value', 'updatedAt'] }),
  ]);
  const byId = new Map(rows.map((c) => [c.id, c]));
  return ids.map((id) => {
    const customer = byId.get(id);
    if (!customer || customer.mergedIntoId !== null) return gone('customer', id);
    const own = identities.filter((i) => i.customerId === id);
    const fields = [
      { text: customer.name, weight: weights.name },
      { text: customer.organisation, weight: weights.organisation },
      ...own.map((i) => ({ text: i.kind === 'phone' ? phoneText(i.value) : i.value, weight: i.kind === 'phone' ? weights.phone : weights.email })),
    ];
    // A new address or phone changes the customer's document without touching the customer row.
    const version = Math.max(customer.updatedAt.getTime(), ...own.map((i) => i.updatedAt.getTime()));
    return { docType: 'customer', docId: id, ticketId: null, version, terms: documentTerms(fields) };
  });
}

export function loadDocs(docType: SearchDocType, ids: number[]): Promise<IndexDoc[]> {
  if (docType === 'ticket') return loadTicketDocs(ids);
  if (docType === 'message') return loadMessageDocs(ids);
  return loadCustomerDocs(ids);
}
