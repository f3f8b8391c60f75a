/** Response shapes of the inbox routes (view counts, bulk changes), for the OpenAPI description. */
import { z } from 'zod';

export const ticketCountsSchema = z
  .object({
    mine: z.number().int().describe('assigned to me, open or pending'),
    unassigned: z.number().int().describe('nobody assigned, open or pending'),
    group: z.number().int().describe('in one of my groups, open or pending'),
    overdue: z.number().int().describe('the customer waits past the alert deadline'),
    waiting: z.number().int().describe('the customer waits for an answer'),
    all: z.number().int().describe('every open or pending ticket I may see'),
  })
  .meta({ id: 'TicketCounts' });

export const bulkResultSchema = z
  .object({
    updated: z.array(z.number().int()).describe('ids of the tickets changed (or already as asked)'),
    failed: z.array(z.object({ id: z.number().int(), error: z.object({ code: z.string(), message: z.string() }) })).describe('tickets left unchanged, with the reason'),
  })
  .meta({ id: 'BulkTicketResult' });
