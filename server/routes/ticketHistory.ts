/** Routes of the ticket view: merge one ticket into another, and a ticket's audit history. */
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { auditEntrySchema, presentAuditEntries } from '../presenters/auditPresenter';
import { presentTicket } from '../presenters/ticketPresenter';
import { listOf, ticketSchema } from '../presenters/schemas';
import { listTicketAudit } from '../services/ticketAuditService';
import { mergeTickets } from '../services/ticketMergeService';
import { idParams, paging } from './common';

export const ticketHistoryRoutes = [
  defineRoute({
    method: 'post',
    path: '/tickets/:id/merge',
    summary: "Merge another ticket into this one: its messages and tags move here, it is closed and points here",
    tag: 'tickets',
    access: 'agent',
    params: idParams,
    body: z.object({ otherId: z.number().int().positive().describe('the ticket to merge into this one (by id)') }),
    responses: {
      200: { description: 'This (the target) ticket after the merge', schema: ticketSchema },
      400: { description: 'Merging a ticket into itself, an already merged ticket, or into a merged ticket' },
      404: { description: 'Either ticket does not exist or is not visible to you' },
    },
    handler: async ({ ctx, actor, params, body }) => ({ body: await presentTicket(await mergeTickets(ctx, actor, params.id, body.otherId)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/tickets/:id/audit',
    summary: "The ticket's history (audit entries), newest first",
    tag: 'tickets',
    access: 'agent',
    params: idParams,
    query: z.object({ ...paging }),
    responses: { 200: { description: 'A page of audit entries', schema: listOf(auditEntrySchema) }, 404: { description: 'No such ticket, or not visible to you' } },
    handler: async ({ actor, params, query }) => {
      const { rows, total } = await listTicketAudit(actor, params.id, query);
      return { body: { data: await presentAuditEntries(rows), total } };
    },
  }),
];
