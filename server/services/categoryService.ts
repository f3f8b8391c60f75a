/**
 * Ticket categories (complaint, question, suggestion …, each with sub-categories), configured by
 * admins and kept in the database; and the feedback report: tickets per category (or product)
 * per day, week or month, so what customers say reaches product and management.
 */
import { Op } from 'sequelize';
import { z } from 'zod';
import type { AppContext } from '../context';
import { badRequest } from '../http/errors';
import { Setting } from '../models/Setting';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { visibleTicketsWhere } from '../policies/ticketPolicy';
import { recordAudit } from './auditService';

const key = z.string().trim().regex(/^[a-z0-9_-]{1,60}$/, 'lowercase letters, digits, _ and -');
const label = z.object({ en: z.string().trim().min(1).max(80), 'zh-CN': z.string().trim().min(1).max(80) });
export const categoriesSchema = z
  .array(z.object({ key, label, subcategories: z.array(z.object({ key, label })).max(50).default([]) }))
  .max(50)
  .refine((list) => new Set(list.map((c) => c.key)).size === list.length, 'category keys must be unique')
  .meta({ id: 'TicketCategories' });
export type Categories = z.infer<typeof categoriesSchema>;

const SETTING = 'ticket.categories';
const DEFAULT_CATEGORIES: Categories = [
  {
    key: 'complaint',
    label: { en: 'Complaint', 'zh-CN': '投诉' },
    subcategories: [
      { key: 'delivery', label: { en: 'Delivery', 'zh-CN': '物流配送' } },
      { key: 'quality', label: { en: 'Product quality', 'zh-CN': '商品质量' } },
      { key: 'service', label: { en: 'Service', 'zh-CN': '服务态度' } },
      { key: 'billing', label: { en: 'Billing', 'zh-CN': '收费与账单' } },
    ],
  },
  { key: 'question', label: { en: 'Question', 'zh-CN': '咨询' }, subcategories: [] },
  { key: 'suggestion', label: { en: 'Suggestion', 'zh-CN': '建议' }, subcategories: [] },
  { key: 'praise', label: { en: 'Praise', 'zh-CN': '表扬' }, subcategories: [] },
  { key: 'return', label: { en: 'Return or refund', 'zh-CN': '退换货' }, subcategories: [] },
];

export async function readCategories(): Promise<Categories> {
  const row = await Setting.findByPk(SETTING);
  const parsed = row ? categoriesSchema.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data : DEFAULT_CATEGORIES;
}

export async function saveCategories(ctx: AppContext, actor: Actor, categories: Categories): Promise<Categories> {
  await ctx.transactions.run(async (transaction) => {
    await Setting.upsert({ key: SETTING, value: JSON.stringify(categories) }, { transaction });
    await recordAudit(transaction, { actor, action: 'settings.categories', entityType: 'setting', entityId: 0, changes: { keys: categories.map((c) => c.key) } });
  });
  return categories;
}

/** Refuses a category or sub-category that is not configured (null clears it). */
export async function assertKnownCategory(category: string | null | undefined, subcategory: string | null | undefined): Promise<void> {
  if (category === undefined && subcategory === undefined) return;
  if (!category) {
    if (subcategory) throw badRequest('A sub-category needs a category');
    return;
  }
  const found = (await readCategories()).find((c) => c.key === category);
  if (!found) throw badRequest(`Unknown category "${category}"`);
  if (subcategory && !found.subcategories.some((s) => s.key === subcategory)) throw badRequest(`Unknown sub-category "${subcategory}" of "${category}"`);
}

export type Interval = 'day' | 'week' | 'month';
export interface ReportRow {
  period: string;
  category: string | null;
  subcategory: string | null;
  product: string | null;
  count: number;
}

/** The first day of the period (UTC) a time falls in: the day, the ISO week's Monday, the month. */
function periodOf(at: Date, interval: Interval): string {
  const day = at.toISOString().slice(0, 10);
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const monday = new Date(`${day}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/**
 * Tickets opened in [from, to) that the reader may see, counted per period and category
 * (with sub-category) or per period and product. Only the three short columns are read.
 */
export async function feedbackReport(actor: Actor, options: { from: Date; to: Date; interval: Interval; by: 'category' | 'product' }): Promise<ReportRow[]> {
  const visible = visibleTicketsWhere(actor);
  const tickets = await Ticket.findAll({
    where: { createdAt: { [Op.gte]: options.from, [Op.lt]: options.to }, ...(visible ? { [Op.and]: [visible] } : {}) },
    attributes: ['createdAt', 'category', 'subcategory', 'product'],
    raw: true,
  });
  const counts = new Map<string, ReportRow>();
  for (const ticket of tickets) {
    const period = periodOf(new Date(ticket.createdAt), options.interval);
    const row: ReportRow =
      options.by === 'category'
        ? { period, category: ticket.category ?? null, subcategory: ticket.subcategory ?? null, product: null, count: 0 }
        : { period, category: null, subcategory: null, product: ticket.product ?? null, count: 0 };
    const id = JSON.stringify([row.period, row.category, row.subcategory, row.product]);
    const existing = counts.get(id) ?? row;
    existing.count++;
    counts.set(id, existing);
  }
  return [...counts.values()].sort((a, b) => a.period.localeCompare(b.period) || b.count - a.count || String(a.category ?? a.product).localeCompare(String(b.category ?? b.product)));
}

/** RFC 4180 CSV, with a BOM so spreadsheet programs read Chinese text as UTF-8. */
export function reportCsv(rows: ReportRow[], by: 'category' | 'product'): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading = + - @ would be run as a formula by spreadsheets: prefix it.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = by === 'category' ? ['period', 'category', 'subcategory', 'count'] : ['period', 'product', 'count'];
  const lines = rows.map((row) => (by === 'category' ? [row.period, row.category, row.subcategory, row.count] : [row.period, row.product, row.count]).map(cell).join(','));
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
