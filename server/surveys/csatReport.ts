/** Customer satisfaction from answered surveys: overall, per agent (assignee at solve) and per category. */
import { Op } from 'sequelize';
import { Agent } from '../models/Agent';
import { Survey } from '../models/Survey';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { visibleTicketsWhere } from '../policies/ticketPolicy';

export interface CsatFigures {
  responses: number;
  /** Mean rating (1–5), two decimals; null without responses. */
  average: number | null;
  /** Share of ratings of 4 or 5 (0–1), four decimals; null without responses. */
  satisfiedShare: number | null;
}

function figures(ratings: number[]): CsatFigures {
  if (!ratings.length) return { responses: 0, average: null, satisfiedShare: null };
  const sum = ratings.reduce((total, rating) => total + rating, 0);
  return {
    responses: ratings.length,
    average: Math.round((sum / ratings.length) * 100) / 100,
    satisfiedShare: Math.round((ratings.filter((rating) => rating >= 4).length / ratings.length) * 10_000) / 10_000,
  };
}

function groupBy<K>(rows: Survey[], key: (row: Survey) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row.rating as number]);
  return groups;
}

/** Answers given in [from, to) on tickets the reader may see. */
export async function csatReport(actor: Actor, range: { from: Date; to: Date }) {
  let rows = await Survey.findAll({
    attributes: ['ticketId', 'agentId', 'category', 'rating'],
    where: { answeredAt: { [Op.gte]: range.from, [Op.lt]: range.to }, rating: { [Op.ne]: null } },
  });
  const visible = visibleTicketsWhere(actor);
  if (visible && rows.length) {
    const ticketIds = [...new Set(rows.map((row) => row.ticketId))];
    const seen = new Set((await Ticket.findAll({ attributes: ['id'], where: { [Op.and]: [visible, { id: { [Op.in]: ticketIds } }] } })).map((t) => t.id));
    rows = rows.filter((row) => seen.has(row.ticketId));
  }
  const byAgent = groupBy(rows, (row) => row.agentId);
  const agentIds = [...byAgent.keys()].filter((id): id is number => id !== null);
  const names = new Map((agentIds.length ? await Agent.findAll({ attributes: ['id', 'name'], where: { id: { [Op.in]: agentIds } } }) : []).map((a) => [a.id, a.name]));
  return {
    overall: figures(rows.map((row) => row.rating as number)),
    byAgent: [...byAgent].map(([agentId, ratings]) => ({ agentId, name: agentId === null ? null : (names.get(agentId) ?? null), ...figures(ratings) })).sort((a, b) => b.responses - a.responses || String(a.name).localeCompare(String(b.name))),
    byCategory: [...groupBy(rows, (row) => row.category)].map(([category, ratings]) => ({ category, ...figures(ratings) })).sort((a, b) => b.responses - a.responses || String(a.category).localeCompare(String(b.category))),
  };
}

/** The same figures for any list of ratings (the overview report's CSAT per day). */
export { figures as csatFigures };
