/**
 * The index lookup: documents of one type containing every query group (AND), ranked by the
 * summed weights of the matched terms, newer first on ties (ids grow with time). It reads only
 * `search_terms` (ranges of its primary key) and, for a non-admin, joins the matching documents
 * — not every posting — to `tickets` with the visibility rule of ticketPolicy.ts.
 */
import { QueryTypes, type ModelStatic, type Model, type WhereOptions } from 'sequelize';
import type { AppContext } from '../context';
import type { SearchDocType } from '../models/SearchTerm';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { visibleTicketsWhere } from '../policies/ticketPolicy';
import type { QueryGroup } from './searchTerms';

export interface Hit {
  docId: number;
  ticketId: number | null;
  score: number;
}

// Sequelize's own WHERE builder, so the visibility rule is written once (ticketPolicy.ts) and
// the SQL here cannot drift from it. Its class is not in the public typings, hence the shape.
interface WhereSqlBuilder {
  getWhereConditions(where: WhereOptions, tableName: string, model: ModelStatic<Model>): string;
}

function visibilitySql(ctx: AppContext, actor: Actor): string | null {
  const where = visibleTicketsWhere(actor);
  if (!where) return null;
  const builder = ctx.sequelize.getQueryInterface().queryGenerator as WhereSqlBuilder;
  return builder.getWhereConditions(where, 't', Ticket as unknown as ModelStatic<Model>);
}

/** The first string after every string that starts with `prefix` (its last character plus one). */
function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop() ?? '';
  return chars.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}

const toHits = (rows: Array<{ docId: number | string; ticketId: number | string | null; score: number | string }>): Hit[] =>
  rows.map((row) => ({ docId: Number(row.docId), ticketId: row.ticketId === null ? null : Number(row.ticketId), score: Math.round(Number(row.score) * 100) / 100 }));

/** One word: its best postings in index order (term, docType, weight, docId), a page and no more. */
async function singleTermHits(ctx: AppContext, actor: Actor, docType: SearchDocType, term: string, limit: number): Promise<Hit[]> {
  const visible = docType === 'customer' ? null : visibilitySql(ctx, actor);
  const sql = `SELECT s.docId AS docId, s.ticketId AS ticketId, s.weight AS score FROM search_terms s ${visible ? 'JOIN tickets t ON t.id = s.ticketId' : ''}
    WHERE s.term = :term AND s.docType = :docType ${visible ? `AND ${visible}` : ''} ORDER BY s.weight DESC, s.docId DESC LIMIT :limit`;
  return toHits(await ctx.sequelize.query(sql, { type: QueryTypes.SELECT, replacements: { term, docType, limit } }));
}

/** Postings counted per group before choosing where to start; more than this is just "common". */
const COUNT_CAP = 5000;

function groupCondition(alias: string, group: QueryGroup, i: number, replacements: Record<string, unknown>): string {
  if (group.prefix !== null) {
    // A range, not LIKE: both databases then read just that slice of the primary key.
    replacements[`lo${i}`] = group.prefix;
    replacements[`hi${i}`] = prefixEnd(group.prefix);
    return `${alias}.term >= :lo${i} AND ${alias}.term < :hi${i}`;
  }
  replacements[`g${i}`] = group.terms;
  return `${alias}.term IN (:g${i})`;
}

/** How many postings each group has, counted only up to COUNT_CAP (an index range read, bounded). */
async function cappedCounts(ctx: AppContext, docType: SearchDocType, groups: QueryGroup[]): Promise<number[]> {
  return Promise.all(
    groups.map(async (group, i) => {
      const replacements: Record<string, unknown> = { docType, cap: COUNT_CAP };
      const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM search_terms s WHERE ${groupCondition('s', group, i, replacements)} AND s.docType = :docType LIMIT :cap) capped`;
      const [row] = await ctx.sequelize.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT, replacements });
      return Number(row?.n ?? 0);
    }),
  );
}

/**
 * AND by walking the rarest group's postings and checking the others per document: exact terms
 * through the primary key (term, docType, docId), a lone-character prefix through the
 * per-document index. The cost follows the rarest word, not the most common one.
 */
export async function findHits(ctx: AppContext, actor: Actor, docType: SearchDocType, groups: QueryGroup[], limit: number): Promise<Hit[]> {
  if (!groups.length) return [];
  if (groups.length === 1 && groups[0].prefix === null && groups[0].terms.length === 1) return singleTermHits(ctx, actor, docType, groups[0].terms[0], limit);
  const counts = groups.length > 1 ? await cappedCounts(ctx, docType, groups) : [0];
  if (counts.some((n) => n === 0) && groups.length > 1) return [];
  // The driver: the rarest group, an exact one when counts tie (its lookups are cheapest).
  const order = groups.map((_, i) => i).sort((a, b) => counts[a] - counts[b] || Number(groups[a].prefix !== null) - Number(groups[b].prefix !== null));
  const replacements: Record<string, unknown> = { docType, limit };
  const driver = order[0];
  // Forced join order (CROSS JOIN in SQLite, STRAIGHT_JOIN in MariaDB): the planner has no word statistics.
  const join = ctx.dialect === 'sqlite' ? 'CROSS JOIN' : 'STRAIGHT_JOIN';
  const joins: string[] = [];
  const exists: string[] = [];
  const scores = ['s0.weight'];
  order.slice(1).forEach((g, n) => {
    const alias = `s${n + 1}`;
    if (groups[g].prefix !== null) {
      exists.push(`EXISTS (SELECT 1 FROM search_terms ${alias} WHERE ${alias}.docType = s0.docType AND ${alias}.docId = s0.docId AND ${groupCondition(alias, groups[g], g, replacements)})`);
    } else {
      joins.push(`${join} search_terms ${alias} ON ${groupCondition(alias, groups[g], g, replacements)} AND ${alias}.docType = s0.docType AND ${alias}.docId = s0.docId`);
      scores.push(`${alias}.weight`);
    }
  });
  const grouped = `SELECT s0.docId AS docId, s0.ticketId AS ticketId, SUM(${scores.join(' + ')}) AS score
    FROM search_terms s0 ${joins.join(' ')}
    WHERE s0.docType = :docType AND ${groupCondition('s0', groups[driver], driver, replacements)}${exists.map((e) => ` AND ${e}`).join('')}
    GROUP BY s0.docId, s0.ticketId`;
  const visible = docType === 'customer' ? null : visibilitySql(ctx, actor);
  // Grouping first, then joining: the visibility check runs once per matching document.
  const sql = visible
    ? `SELECT m.docId, m.ticketId, m.score FROM (${grouped}) m JOIN tickets t ON t.id = m.ticketId WHERE ${visible} ORDER BY m.score DESC, m.docId DESC LIMIT :limit`
    : `SELECT m.docId, m.ticketId, m.score FROM (${grouped}) m ORDER BY m.score DESC, m.docId DESC LIMIT :limit`;
  return toHits(await ctx.sequelize.query(sql, { type: QueryTypes.SELECT, replacements }));
}
