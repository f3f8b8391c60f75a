import { z } from 'zod';
import { defineRoute } from '../http/route';
import { categoriesSchema, feedbackReport, readCategories, reportCsv, saveCategories } from '../services/categoryService';

const DAY = 86_400_000;
const reportQuery = z
  .object({
    from: z.iso.date().optional().describe('YYYY-MM-DD (UTC), default 30 days ago'),
    to: z.iso.date().optional().describe('YYYY-MM-DD (UTC), exclusive, default tomorrow'),
    interval: z.enum(['day', 'week', 'month']).default('day'),
    by: z.enum(['category', 'product']).default('category'),
  })
  .transform((q) => {
    const to = q.to ? new Date(`${q.to}T00:00:00Z`) : new Date(Math.ceil(Date.now() / DAY) * DAY);
    const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 31 * DAY);
    return { ...q, from, to };
  })
  .refine((q) => q.from < q.to && q.to.getTime() - q.from.getTime() <= 3 * 366 * DAY, 'from must be before to, at most three years apart');

const reportRowSchema = z.object({ period: z.string(), category: z.string().nullable(), subcategory: z.string().nullable(), product: z.string().nullable(), count: z.number().int() });

export const reportRoutes = [
  defineRoute({
    method: 'get',
    path: '/settings/categories',
    summary: 'Ticket categories with their sub-categories (labels in en and zh-CN)',
    tag: 'reports',
    access: 'agent',
    responses: { 200: { description: 'Categories', schema: z.object({ data: categoriesSchema }) } },
    handler: async () => ({ body: { data: await readCategories() } }),
  }),
  defineRoute({
    method: 'put',
    path: '/settings/categories',
    summary: 'Set the ticket categories (tickets keep the keys they have)',
    tag: 'reports',
    access: 'admin',
    body: z.object({ data: categoriesSchema }),
    responses: { 200: { description: 'Saved', schema: z.object({ data: categoriesSchema }) } },
    handler: async ({ ctx, actor, body }) => ({ body: { data: await saveCategories(ctx, actor, body.data) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/reports/feedback',
    summary: 'Tickets opened per period by category (and sub-category) or by product, for product and management',
    tag: 'reports',
    access: 'agent',
    query: reportQuery,
    responses: { 200: { description: 'Counts, oldest period first', schema: z.object({ data: z.array(reportRowSchema), total: z.number().int() }) } },
    handler: async ({ actor, query }) => {
      const rows = await feedbackReport(actor, query);
      return { body: { data: rows, total: rows.length } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reports/feedback.csv',
    summary: 'The same report as CSV (UTF-8 with BOM)',
    tag: 'reports',
    access: 'agent',
    query: reportQuery,
    responses: { 200: { description: 'text/csv' } },
    handler: async ({ actor, query, res }) => {
      const rows = await feedbackReport(actor, query);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="feedback-${query.by}-${query.from.toISOString().slice(0, 10)}.csv"`);
      res.send(reportCsv(rows, query.by));
    },
  }),
];
