/** `GET /api/search`: one query across tickets, messages and customers (issue #8, search). */
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { ticketSchema } from '../presenters/schemas';
import { search, searchTypes } from '../search/searchService';

const timestamp = z.string().describe('ISO 8601');

const searchResultsSchema = z
  .object({
    tickets: z.array(z.object({ ticket: ticketSchema, score: z.number(), highlights: z.array(z.string()).describe('words of the subject that matched') })),
    messages: z.array(
      z.object({
        id: z.number().int(),
        ticketId: z.number().int(),
        ticketNumber: z.number().int(),
        subject: z.string(),
        snippet: z.string().describe('plain text around the first match (not HTML)'),
        highlights: z.array(z.string()).describe('the words in the snippet that matched the query'),
        internal: z.boolean(),
        createdAt: timestamp,
        score: z.number(),
      }),
    ),
    customers: z.array(z.object({ id: z.number().int(), name: z.string().nullable(), emails: z.array(z.string()), organisation: z.string().nullable(), score: z.number() })),
  })
  .meta({ id: 'SearchResults' });

export const searchRoutes = [
  defineRoute({
    method: 'get',
    path: '/search',
    summary: 'Search tickets (subject, number), messages (text, internal notes included) and customers (name, emails, phones, organisation), in English and Chinese; every word must match',
    tag: 'search',
    access: 'agent',
    query: z.object({
      q: z.string({ message: 'q is required' }).trim().min(1, 'q must not be empty').max(200, 'q is at most 200 characters'),
      type: z.enum(searchTypes).default('all'),
      limit: z.coerce.number().int().min(1).max(50).default(20).describe('results per group, at most 50'),
    }),
    responses: {
      200: { description: 'Results per group, best first (newer first on equal scores); only tickets and messages the agent may see', schema: searchResultsSchema },
      400: { description: 'q empty or over 200 characters, or an unknown type' },
    },
    handler: async ({ ctx, actor, query }) => ({ body: await search(ctx, actor, query) }),
  }),
];
