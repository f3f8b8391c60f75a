/**
 * Knowledge-base articles: search and listing (customers see public ones, agents all), reading
 * by id or slug, writing with a revision kept for every save, and "was this helpful?" votes.
 */
import { createHash } from 'node:crypto';
import { UniqueConstraintError, type Transaction, type WhereOptions } from 'sequelize';
import type { AppContext } from '../context';
import { conflict, notFound } from '../http/errors';
import type { Ranked } from '../knowledge/suggestionEngine';
import { KbArticle, type ArticleLocale, type ArticleVisibility } from '../models/KbArticle';
import { KbArticleRevision } from '../models/KbArticleRevision';
import { KbFeedback } from '../models/KbFeedback';
import type { Actor } from '../policies/actor';
import { uniquePhrases } from '../util/normalize';
import { diffFields, recordAudit } from './auditService';

export interface ArticleInput {
  title: string;
  slug?: string;
  body: string;
  category: string;
  keywords: string[];
  visibility: ArticleVisibility;
  locale: ArticleLocale;
}

export interface ArticleFilters {
  q?: string;
  locale?: string;
  category?: string;
  limit: number;
  offset: number;
}

export interface ArticleHit {
  article: KbArticle;
  /** Set for a search: how well it matched, and on which words. */
  match: Pick<Ranked, 'score' | 'matched'> | null;
}

/** The most results a search ranks (pages beyond are not worth reading). */
const SEARCH_DEPTH = 200;
/** Below this a hit shares only a common word or two with the question. */
const MIN_SEARCH_SCORE = 0.02;

/** Customers (no actor) see public articles only; an internal one is reported missing. */
const visibleTo = (actor: Actor | null): WhereOptions<KbArticle> => (actor ? { deletedAt: null } : { deletedAt: null, visibility: 'public' });

export async function listArticles(ctx: AppContext, actor: Actor | null, filters: ArticleFilters): Promise<{ hits: ArticleHit[]; total: number }> {
  const where: WhereOptions<KbArticle> = { ...visibleTo(actor) };
  if (filters.locale) Object.assign(where, { locale: filters.locale });
  if (filters.category) Object.assign(where, { category: filters.category });
  if (!filters.q?.trim()) {
    const { rows, count } = await KbArticle.findAndCountAll({ where, order: [['category', 'ASC'], ['title', 'ASC']], limit: filters.limit, offset: filters.offset });
    return { hits: rows.map((article) => ({ article, match: null })), total: count };
  }
  const ranked = await ctx.knowledge.rank(filters.q, { kinds: ['article'], locale: filters.locale ?? null, category: filters.category, publicOnly: !actor, limit: SEARCH_DEPTH, minScore: MIN_SEARCH_SCORE });
  const page = ranked.slice(filters.offset, filters.offset + filters.limit);
  const rows = page.length ? await KbArticle.findAll({ where: { ...where, id: page.map((hit) => hit.id) } }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const hits = page.flatMap((hit) => {
    const article = byId.get(hit.id);
    return article ? [{ article, match: { score: hit.score, matched: hit.matched } }] : [];
  });
  return { hits, total: ranked.length };
}

export async function getArticle(actor: Actor | null, idOrSlug: string): Promise<KbArticle> {
  const key = /^\d+$/.test(idOrSlug) ? { id: Number(idOrSlug) } : { slug: idOrSlug.toLowerCase() };
  const article = await KbArticle.findOne({ where: { ...visibleTo(actor), ...key } });
  if (!article) throw notFound('Article');
  return article;
}

/** Categories with their number of articles visible to this reader, for the portal's front page. */
export async function articleCategories(actor: Actor | null, locale?: string): Promise<Array<{ category: string; count: number }>> {
  const where: WhereOptions<KbArticle> = { ...visibleTo(actor), ...(locale ? { locale } : {}) };
  const rows = (await KbArticle.count({ where, group: ['category'] })) as unknown as Array<{ category: string; count: number }>;
  return rows.map((row) => ({ category: row.category, count: Number(row.count) })).sort((a, b) => a.category.localeCompare(b.category));
}

export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  // A title with no Latin letters (Chinese) gets a short stable hash instead.
  return ascii || `article-${createHash('sha256').update(title).digest('hex').slice(0, 10)}`;
}

async function keepRevision(article: KbArticle, editedById: number | null, transaction: Transaction): Promise<void> {
  const { title, body, category, keywords, visibility, locale, revision } = article;
  await KbArticleRevision.create({ articleId: article.id, revision, title, body, category, keywords, visibility, locale, editedById }, { transaction });
}

export async function createArticle(ctx: AppContext, actor: Actor, input: ArticleInput): Promise<KbArticle> {
  const slug = input.slug ?? slugify(input.title);
  try {
    const article = await ctx.transactions.run(async (transaction) => {
      const created = await KbArticle.create({ ...input, slug, keywords: uniquePhrases(input.keywords), updatedById: actor.agent.id }, { transaction });
      await keepRevision(created, actor.agent.id, transaction);
      await recordAudit(transaction, { actor, action: 'article.created', entityType: 'article', entityId: created.id, changes: { title: input.title, slug } });
      return created;
    });
    await ctx.knowledge.sync();
    return article;
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict(`The slug "${slug}" is already used by another article`);
    throw error;
  }
}

export async function updateArticle(ctx: AppContext, actor: Actor, id: number, changes: Partial<ArticleInput>): Promise<KbArticle> {
  try {
    const article = await ctx.transactions.run(async (transaction) => {
      const found = await KbArticle.findOne({ where: { id, deletedAt: null }, transaction });
      if (!found) throw notFound('Article');
      const next = { ...changes, keywords: changes.keywords && uniquePhrases(changes.keywords) };
      const diff = diffFields(found.get({ plain: true }), next);
      if (!diff) return found;
      await found.update({ ...next, revision: found.revision + 1, updatedById: actor.agent.id }, { transaction });
      await keepRevision(found, actor.agent.id, transaction);
      await recordAudit(transaction, { actor, action: 'article.updated', entityType: 'article', entityId: id, changes: { ...diff, body: diff.body ? '(changed)' : undefined, revision: found.revision } });
      return found;
    });
    await ctx.knowledge.sync();
    return article;
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict(`The slug "${changes.slug}" is already used by another article`);
    throw error;
  }
}

export async function deleteArticle(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.transactions.run(async (transaction) => {
    const found = await KbArticle.findOne({ where: { id, deletedAt: null }, transaction });
    if (!found) throw notFound('Article');
    // The slug is freed for a new article; the old one keeps its revisions.
    await found.update({ deletedAt: ctx.now(), slug: `${found.slug.slice(0, 120)}-deleted-${found.id}` }, { transaction });
    await recordAudit(transaction, { actor, action: 'article.deleted', entityType: 'article', entityId: id, changes: { title: found.title } });
  });
  await ctx.knowledge.sync();
}

export async function listRevisions(articleId: number): Promise<KbArticleRevision[]> {
  if (!(await KbArticle.count({ where: { id: articleId, deletedAt: null } }))) throw notFound('Article');
  return KbArticleRevision.findAll({ where: { articleId }, order: [['revision', 'DESC']] });
}

/**
 * Records one voter's answer; voting again replaces the earlier answer, so the counts are one per
 * voter. The voter key is a hash (never the address itself).
 */
export async function recordFeedback(ctx: AppContext, articleId: number, voter: string, helpful: boolean): Promise<{ helpfulYes: number; helpfulNo: number }> {
  const voterKey = createHash('sha256').update(voter).digest('hex');
  return ctx.transactions.run(async (transaction) => {
    const article = await KbArticle.findOne({ where: { id: articleId, deletedAt: null, visibility: 'public' }, transaction, lock: transaction.LOCK.UPDATE });
    if (!article) throw notFound('Article');
    const previous = await KbFeedback.findOne({ where: { articleId, voterKey }, transaction });
    if (previous?.helpful === helpful) return { helpfulYes: article.helpfulYes, helpfulNo: article.helpfulNo };
    if (previous) await previous.update({ helpful }, { transaction });
    else await KbFeedback.create({ articleId, voterKey, helpful }, { transaction });
    // A changed vote moves one count from the other side; a new vote only adds.
    const counts = {
      helpfulYes: article.helpfulYes + (helpful ? 1 : previous ? -1 : 0),
      helpfulNo: article.helpfulNo + (helpful ? (previous ? -1 : 0) : 1),
    };
    // A vote is not an edit: keep updatedAt (and so the suggestion index) still.
    await KbArticle.update(counts, { where: { id: articleId }, transaction, silent: true });
    return counts;
  });
}
