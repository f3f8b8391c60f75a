/** Reply templates: list, read, write (admins), soft delete; every write audited and re-indexed. */
import { Op, type WhereOptions } from 'sequelize';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { assertValidTemplate } from '../knowledge/templateRenderer';
import { ReplyTemplate } from '../models/ReplyTemplate';
import { TemplateExample } from '../models/TemplateExample';
import type { Actor } from '../policies/actor';
import { uniquePhrases } from '../util/normalize';
import { diffFields, recordAudit } from './auditService';

export interface TemplateInput {
  title: string;
  body: string;
  keywords: string[];
  examples: string[];
  locale: string;
}

export interface TemplateFilters {
  q?: string;
  locale?: string;
  limit: number;
  offset: number;
}

export async function listTemplates(filters: TemplateFilters): Promise<{ rows: ReplyTemplate[]; total: number }> {
  const where: WhereOptions<ReplyTemplate> = { deletedAt: null };
  if (filters.locale) Object.assign(where, { locale: filters.locale });
  if (filters.q) Object.assign(where, { title: { [Op.like]: `%${filters.q.replace(/[\\%_]/g, '\\$&')}%` } });
  const { rows, count } = await ReplyTemplate.findAndCountAll({ where, order: [['title', 'ASC'], ['id', 'ASC']], limit: filters.limit, offset: filters.offset });
  return { rows, total: count };
}

export async function getTemplate(id: number): Promise<ReplyTemplate> {
  const template = await ReplyTemplate.findOne({ where: { id, deletedAt: null } });
  if (!template) throw notFound('Template');
  return template;
}

/** How many examples each template has learned from agents' replies. */
export async function learnedCounts(templateIds: number[]): Promise<Map<number, number>> {
  if (!templateIds.length) return new Map();
  const rows = (await TemplateExample.count({ where: { templateId: templateIds }, group: ['templateId'] })) as unknown as Array<{ templateId: number; count: number }>;
  return new Map(rows.map((row) => [row.templateId, Number(row.count)]));
}

export async function createTemplate(ctx: AppContext, actor: Actor, input: TemplateInput): Promise<ReplyTemplate> {
  assertValidTemplate(input.body);
  const template = await ctx.transactions.run(async (transaction) => {
    const created = await ReplyTemplate.create({ ...input, keywords: uniquePhrases(input.keywords), examples: uniquePhrases(input.examples) }, { transaction });
    await recordAudit(transaction, { actor, action: 'template.created', entityType: 'template', entityId: created.id, changes: { title: input.title } });
    return created;
  });
  await ctx.knowledge.sync();
  return template;
}

export async function updateTemplate(ctx: AppContext, actor: Actor, id: number, changes: Partial<TemplateInput>): Promise<ReplyTemplate> {
  if (changes.body !== undefined) assertValidTemplate(changes.body);
  const template = await ctx.transactions.run(async (transaction) => {
    const found = await ReplyTemplate.findOne({ where: { id, deletedAt: null }, transaction });
    if (!found) throw notFound('Template');
    const next = { ...changes, keywords: changes.keywords && uniquePhrases(changes.keywords), examples: changes.examples && uniquePhrases(changes.examples) };
    const diff = diffFields(found.get({ plain: true }), next);
    if (diff) {
      await found.update(next, { transaction });
      await recordAudit(transaction, { actor, action: 'template.updated', entityType: 'template', entityId: id, changes: diff });
    }
    return found;
  });
  await ctx.knowledge.sync();
  return template;
}

export async function deleteTemplate(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.transactions.run(async (transaction) => {
    const found = await ReplyTemplate.findOne({ where: { id, deletedAt: null }, transaction });
    if (!found) throw notFound('Template');
    await found.update({ deletedAt: ctx.now() }, { transaction });
    await recordAudit(transaction, { actor, action: 'template.deleted', entityType: 'template', entityId: id, changes: { title: found.title } });
  });
  await ctx.knowledge.sync();
}
