import { z } from 'zod';
import { defineRoute } from '../http/route';
import { Message } from '../models/Message';
import { customerSegments } from '../models/Customer';
import { channels, ticketPriorities, ticketStatuses } from '../models/Ticket';
import { presentMessages } from '../presenters/messagePresenter';
import { presentTicket, presentTickets } from '../presenters/ticketPresenter';
import { listOf, ticketSchema, ticketWithMessagesSchema } from '../presenters/schemas';
import { getVisibleTicket } from '../services/ticketAccess';
import { bulkResultSchema, ticketCountsSchema } from '../presenters/inboxSchemas';
import { bulkUpdateTickets } from '../services/ticketBulkService';
import { createTicketForCustomer, listTickets, updateTicket } from '../services/ticketService';
import { countViews, inboxViews } from '../services/ticketViews';
import { commaList, idParams, paging } from './common';

const optionalId = z.coerce.number().int().positive().optional();
const tags = z.array(z.string().trim().min(1).max(50)).max(50);

const listQuery = z.object({
  status: commaList(ticketStatuses).describe('one status or a comma-separated list'),
  channel: z.enum(channels).optional(),
  priority: z.enum(ticketPriorities).optional(),
  customerId: optionalId,
  assigneeId: z
    .union([z.literal('none'), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === 'none' ? null : v))
    .describe('an agent id, or "none" for unassigned tickets'),
  groupId: optionalId,
  tag: z.string().trim().min(1).max(50).optional(),
  category: z.string().trim().min(1).max(60).optional(),
  product: z.string().trim().min(1).max(120).optional(),
  segment: z.enum(customerSegments).optional().describe("the customer's value tier"),
  q: z.string().trim().min(1).max(200).optional().describe('words of the subject, or a ticket number'),
  view: z
    .enum(inboxViews)
    .optional()
    .describe('an inbox view: mine, unassigned, group (my groups), overdue, waiting, all; lists open and pending tickets unless `status` is given'),
  sort: z
    .enum(['activity', 'waiting', 'due'])
    .optional()
    .describe("activity: newest activity first; waiting: longest waiting first; due: overdue and soonest due first. Default: the view's order (overdue: due, waiting: waiting), else activity"),
  ...paging,
});

const newTicketBody = z.object({
  subject: z.string().trim().min(1).max(500),
  body: z.string().trim().min(1).max(100_000).describe("the customer's request, as they told it"),
  customer: z.object({ email: z.email(), name: z.string().trim().max(200).nullable().optional() }),
  priority: z.enum(ticketPriorities).optional(),
  groupId: z.number().int().positive().nullable().optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
  tags: tags.optional(),
});

const ticketChangesBody = z
  .object({
    subject: z.string().trim().min(1).max(500),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    assigneeId: z.number().int().positive().nullable(),
    groupId: z.number().int().positive().nullable(),
    tags,
    category: z.string().trim().min(1).max(60).nullable().describe('a configured category key (GET /api/settings/categories)'),
    subcategory: z.string().trim().min(1).max(60).nullable(),
    product: z.string().trim().min(1).max(120).nullable(),
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'nothing to change');

const bulkBody = z.object({
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'ids must be unique')
    .describe('the tickets to change, at most 500'),
  changes: z
    .object({
      assigneeId: z.number().int().positive().nullable(),
      status: z.enum(ticketStatuses),
      priority: z.enum(ticketPriorities),
      groupId: z.number().int().positive().nullable(),
      addTags: tags.min(1).describe('tags to add to each ticket'),
      removeTags: tags.min(1).describe('tags to take off each ticket'),
    })
    .partial()
    .strict()
    .refine((changes) => Object.keys(changes).length > 0, 'nothing to change'),
});

export const ticketRoutes = [
  // Before /tickets/:id, so the parameter route does not take "counts" or "bulk" for an id.
  defineRoute({
    method: 'get',
    path: '/tickets/counts',
    summary: 'How many open and pending tickets each inbox view holds, counting only tickets the agent may see',
    tag: 'tickets',
    access: 'agent',
    responses: { 200: { description: 'A count per view', schema: ticketCountsSchema } },
    handler: async ({ ctx, actor }) => ({ body: await countViews(actor, ctx.now()) }),
  }),
  defineRoute({
    method: 'post',
    path: '/tickets/bulk',
    summary: 'Apply one change to many tickets, each under the same rules as PATCH /tickets/{id}',
    tag: 'tickets',
    access: 'agent',
    body: bulkBody,
    responses: {
      200: { description: 'Which tickets changed and why the others did not (a ticket you may not see is `not_found`)', schema: bulkResultSchema },
      400: { description: 'Invalid ids or changes, or an assignee or group that does not exist' },
      403: { description: 'Moving tickets to a group you do not belong to' },
    },
    handler: async ({ ctx, actor, body }) => ({ body: await bulkUpdateTickets(ctx, actor, body.ids, body.changes) }),
  }),
  defineRoute({
    method: 'get',
    path: '/tickets',
    summary: 'Tickets the agent may see, newest activity first (or as the view or sort says)',
    tag: 'tickets',
    access: 'agent',
    query: listQuery,
    responses: { 200: { description: 'A page of tickets', schema: listOf(ticketSchema) } },
    handler: async ({ ctx, actor, query }) => {
      const { rows, total } = await listTickets(actor, { ...query, now: ctx.now() });
      return { body: { data: await presentTickets(rows), total } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tickets',
    summary: "Open a ticket on a customer's behalf (the customer is found or created by email)",
    tag: 'tickets',
    access: 'agent',
    body: newTicketBody,
    responses: { 201: { description: 'The new ticket with its first message', schema: ticketWithMessagesSchema } },
    handler: async ({ ctx, actor, body }) => {
      const { ticket, message } = await createTicketForCustomer(ctx, actor, body);
      return { status: 201, body: { ...(await presentTicket(ticket)), messages: await presentMessages([message]) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/tickets/:id',
    summary: 'One ticket with its messages, oldest first',
    tag: 'tickets',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'The ticket', schema: ticketWithMessagesSchema }, 404: { description: 'No such ticket, or not visible to you' } },
    handler: async ({ actor, params }) => {
      const ticket = await getVisibleTicket(actor, params.id);
      const messages = await Message.findAll({ where: { ticketId: ticket.id }, order: [['createdAt', 'ASC'], ['id', 'ASC']] });
      return { body: { ...(await presentTicket(ticket)), messages: await presentMessages(messages) } };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/tickets/:id',
    summary: 'Change status, priority, assignee, group, tags or subject',
    tag: 'tickets',
    access: 'agent',
    params: idParams,
    body: ticketChangesBody,
    responses: { 200: { description: 'The updated ticket', schema: ticketSchema }, 404: { description: 'No such ticket' } },
    handler: async ({ ctx, actor, params, body }) => ({ body: await presentTicket(await updateTicket(ctx, actor, params.id, body)) }),
  }),
];
