import { z } from 'zod';
import { defineRoute } from '../http/route';
import { categoriesSchema, feedbackReport, readCategories, reportCsv, saveCategories } from '../services/categoryService';
import { overviewCsv, overviewSections } from '../services/reports/overviewCsv';
import { overviewQuerySchema, resolveOverviewQuery } from '../services/reports/overviewRange';
import { overviewReport } from '../services/reports/overviewReport';

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

// ── overview report (issue #8) ──
const perChannel = z.object({ email: z.number().int(), chat: z.number().int(), web: z.number().int() });
const durations = z.object({ count: z.number().int(), median: z.number().int().nullable().describe('seconds'), p90: z.number().int().nullable().describe('seconds') });
const csatFigures = z.object({ responses: z.number().int(), average: z.number().nullable(), satisfiedShare: z.number().nullable() });
const overviewFigures = {
  created: perChannel.describe('Tickets opened'),
  solved: perChannel.describe('Tickets solved or closed for the first time'),
  firstResponse: durations.describe('Opened → first public, non-automatic agent reply, for first replies given that day'),
  resolution: durations.describe('Opened → first solved/closed, for tickets resolved that day'),
  alerts: z.object({ warning: z.number().int(), overdue: z.number().int(), escalation: z.number().int() }),
  csat: csatFigures.describe('Survey answers given that day'),
  categories: z.record(z.string(), z.number().int()).describe('Tickets opened per category key'),
  uncategorized: z.number().int(),
};
const overviewSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    channel: z.string().nullable(),
    days: z.array(z.object({ day: z.string(), ...overviewFigures })),
    totals: z.object(overviewFigures),
    categories: z.array(z.object({ key: z.string(), label: z.object({ en: z.string(), 'zh-CN': z.string() }) })),
  })
  .meta({ id: 'OverviewReport' });

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
  defineRoute({
    method: 'get',
    path: '/reports/overview',
    summary: 'Per local day: tickets in/out per channel, first-response and resolution times (median, p90), alerts, CSAT, categories',
    tag: 'reports',
    access: 'agent',
    query: overviewQuerySchema,
    responses: { 200: { description: 'One entry per day of [from, to) in the time zone, and totals', schema: overviewSchema }, 400: { description: 'Bad date, range over 366 days, or unknown time zone' } },
    handler: async ({ ctx, actor, query }) => ({ body: await overviewReport(ctx.sequelize, actor, resolveOverviewQuery(query, ctx.now())) }),
  }),
  defineRoute({
    method: 'get',
    path: '/reports/overview.csv',
    summary: 'One section of the overview report as CSV (UTF-8 with BOM)',
    tag: 'reports',
    access: 'agent',
    query: overviewQuerySchema.extend({ section: z.enum(overviewSections), lang: z.enum(['en', 'zh-CN']).default('en').describe('Language of category labels') }),
    responses: { 200: { description: 'text/csv' }, 400: { description: 'Bad parameters' } },
    handler: async ({ ctx, actor, query, res }) => {
      const range = resolveOverviewQuery(query, ctx.now());
      const report = await overviewReport(ctx.sequelize, actor, range);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${query.section}-${range.from}-${range.to}.csv"`);
      res.send(overviewCsv(report, query.section, query.lang));
    },
  }),
];
