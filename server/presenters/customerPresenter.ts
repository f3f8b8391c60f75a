/**
 * Customers as JSON. The one place that decides whether restricted fields leave the server: they
 * are included only when the reader's role may see them (and that read is audited); otherwise
 * `restricted` is null and `redactedFields` names what was withheld.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { customerSegments, restrictedFieldNames, type Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import type { HistoryEntry } from '../services/customerProfileService';
import { readRestricted } from '../services/customerProfileService';
import { presentMessages } from './messagePresenter';
import { messageSchema } from './schemas';

const timestamp = z.string().describe('ISO 8601 time');

export const restrictedSchema = z
  .object({ homeAddress: z.string().nullable(), income: z.string().nullable(), householdSize: z.number().int().nullable(), birthday: z.string().nullable() })
  .meta({ id: 'RestrictedCustomerFields' });

export const customerSchema = z
  .object({
    id: z.number().int(),
    name: z.string().nullable(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    organisation: z.string().nullable(),
    locale: z.string().nullable(),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.string()),
    identities: z.array(z.object({ id: z.number().int(), kind: z.enum(['email', 'visitor', 'phone']), value: z.string(), verified: z.boolean() })),
    ticketCount: z.number().int(),
    mergedIntoId: z.number().int().nullable(),
    segment: z.enum(customerSegments).nullable().describe('value tier from purchases; null until segments are computed'),
    rfm: z
      .object({ recency: z.number().int(), frequency: z.number().int(), monetary: z.number(), r: z.number().int(), f: z.number().int(), m: z.number().int() })
      .nullable()
      .describe('days since the last purchase, purchases and amount in the last 365 days, and their 1–5 scores; null for non-buyers'),
    restricted: restrictedSchema.nullable().describe('null when your role may not see private fields'),
    redactedFields: z.array(z.string()).describe('private fields withheld from you'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Customer' });

const historyTicketSchema = z.object({ id: z.number().int(), number: z.number().int(), subject: z.string(), channel: z.string(), status: z.string() });
export const historyEntrySchema = z
  .object({
    kind: z.enum(['ticket', 'message', 'survey', 'purchase']).describe('a ticket opened, a message, a satisfaction survey answered, or a purchase'),
    at: timestamp,
    ticket: historyTicketSchema.optional().describe('the ticket (every kind but purchase)'),
    message: messageSchema.optional(),
    survey: z.object({ id: z.number().int(), rating: z.number().int().min(1).max(5), comment: z.string().nullable() }).optional(),
    purchase: z.object({ id: z.number().int(), orderRef: z.string().nullable(), product: z.string().nullable(), amount: z.string(), currency: z.string() }).optional(),
  })
  .meta({ id: 'HistoryEntry' });

export type CustomerJson = z.infer<typeof customerSchema>;

export async function presentCustomers(ctx: AppContext, actor: Actor, customers: Customer[]): Promise<CustomerJson[]> {
  const ids = customers.map((c) => c.id);
  if (!ids.length) return [];
  const [identities, counts, restricted] = await Promise.all([
    Identity.findAll({ where: { customerId: ids }, order: [['id', 'ASC']] }),
    Ticket.count({ where: { customerId: ids }, group: ['customerId'] }) as unknown as Promise<Array<{ customerId: number; count: number }>>,
    readRestricted(ctx, actor, ids),
  ]);
  const countOf = new Map(counts.map((row) => [Number(row.customerId), Number(row.count)]));
  return customers.map((customer) => {
    const own = identities.filter((i) => i.customerId === customer.id);
    // Visitor tokens are stored hashed and say nothing to an agent; list them without the hash.
    const shown = own.map((i) => ({ id: i.id, kind: i.kind, value: i.kind === 'visitor' ? 'chat visitor' : i.value, verified: i.verified }));
    const fields = restricted?.get(customer.id);
    return {
      id: customer.id,
      name: customer.name,
      emails: own.filter((i) => i.kind === 'email').map((i) => i.value),
      phones: own.filter((i) => i.kind === 'phone').map((i) => i.value),
      organisation: customer.organisation,
      locale: customer.locale,
      notes: customer.notes,
      tags: customer.tags,
      customFields: customer.customFields ?? {},
      identities: shown,
      ticketCount: countOf.get(customer.id) ?? 0,
      mergedIntoId: customer.mergedIntoId,
      segment: customer.segment ?? null,
      rfm: customer.rfm ?? null,
      restricted: restricted ? (fields ?? { homeAddress: null, income: null, householdSize: null, birthday: null }) : null,
      redactedFields: restricted ? [] : [...restrictedFieldNames],
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    };
  });
}

export async function presentHistory(entries: HistoryEntry[]): Promise<Array<z.infer<typeof historyEntrySchema>>> {
  const messages = await presentMessages(entries.flatMap((e) => (e.kind === 'message' ? [e.message] : [])));
  const byId = new Map(messages.map((m) => [m.id, m]));
  return entries.map((entry) => {
    const at = entry.at.toISOString();
    if (entry.kind === 'purchase') {
      const { id, orderRef, product, amount, currency } = entry.purchase;
      return { kind: entry.kind, at, purchase: { id, orderRef, product, amount: String(amount), currency } };
    }
    const ticket = { id: entry.ticket.id, number: entry.ticket.number as number, subject: entry.ticket.subject, channel: entry.ticket.channel, status: entry.ticket.status };
    if (entry.kind === 'message') return { kind: entry.kind, at, ticket, message: byId.get(entry.message.id) };
    if (entry.kind === 'survey') return { kind: entry.kind, at, ticket, survey: { id: entry.survey.id, rating: entry.survey.rating as number, comment: entry.survey.comment } };
    return { kind: entry.kind, at, ticket };
  });
}
