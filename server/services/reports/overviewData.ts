/**
 * The overview report's figures, read with one SQL query per kind of moment, grouped by the
 * reader's local day in the database (sqlDays.ts) so that only groups come back; the waiting
 * times come back one number per ticket, since medians need every value.
 *
 * Where the moments come from:
 * - opened: tickets.createdAt;
 * - first response: the earliest message by an agent that is public and not automatic
 *   (internal notes and system/automatic answers do not count);
 * - first resolution: the earliest audit entry (`ticket.updated`) that moved status to solved
 *   or closed: the audit log is the only record of status changes;
 * - alerts: alerts.raisedAt; CSAT: surveys.answeredAt (as the CSAT report counts them).
 * Every query is limited to tickets the reader may see (the ticket policy's own condition) and,
 * when asked, to one channel.
 */
import { QueryTypes, type Sequelize, type WhereOptions } from 'sequelize';
import type { AlertKind } from '../../models/Alert';
import type { Channel, Ticket } from '../../models/Ticket';
import { durationMsSql, localDateSql, sqlDialect, useIndex, type SqlDialect } from './sqlDays';

export interface Scope {
  sequelize: Sequelize;
  from: Date;
  to: Date;
  channel: Channel | null;
  /** visibleTicketsWhere(actor): undefined when the reader sees every ticket. */
  visible: WhereOptions<Ticket> | undefined;
  offsets: Array<{ until: Date | null; offsetMinutes: number }>;
}

export interface OpenedGroup {
  day: string;
  channel: Channel;
  category: string | null;
  count: number;
}
/** One ticket's first response or first resolution: the local day it happened and how long after opening. */
export interface Milestone {
  day: string;
  channel: Channel;
  ms: number;
}
export interface AlertGroup {
  day: string;
  kind: AlertKind;
  count: number;
}
export interface RatingGroup {
  day: string;
  rating: number;
  count: number;
}

type Raw = Record<string, unknown>;

interface QueryGenerator {
  whereItemsQuery(where: WhereOptions, options: { prefix: string }): string;
}

/** The ticket policy's condition as SQL on the alias `t` (Sequelize writes it, so it stays the policy's). */
function visibleSql(scope: Scope): string {
  if (!scope.visible) return '';
  const generator = (scope.sequelize.getQueryInterface() as unknown as { queryGenerator: QueryGenerator }).queryGenerator;
  return ` AND ${generator.whereItemsQuery(scope.visible, { prefix: 't' })}`;
}

/** Runs `sql` with :from, :to, :channel and the day expression's cut instants bound. */
async function select(scope: Scope, build: (parts: { day: (column: string) => string; ms: (later: string, earlier: string) => string; tickets: string; index: (name: string) => string }) => string): Promise<Raw[]> {
  const dialect: SqlDialect = sqlDialect(scope.sequelize.getDialect());
  const replacements: Record<string, unknown> = { from: scope.from, to: scope.to, channel: scope.channel };
  const day = (column: string) => {
    const built = localDateSql(dialect, column, scope.offsets);
    Object.assign(replacements, built.replacements);
    return built.sql;
  };
  const tickets = `${scope.channel ? ' AND t.channel = :channel' : ''}${visibleSql(scope)}`;
  const sql = build({ day, ms: (later, earlier) => durationMsSql(dialect, later, earlier), tickets, index: (name) => useIndex(dialect, name) });
  return scope.sequelize.query<Raw>(sql, { type: QueryTypes.SELECT, replacements });
}

const text = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));

export async function openedTickets(scope: Scope): Promise<OpenedGroup[]> {
  const rows = await select(
    scope,
    ({ day, tickets }) => `SELECT ${day('t.createdAt')} AS d, t.channel AS channel, t.category AS category, COUNT(*) AS n
       FROM tickets t WHERE t.createdAt >= :from AND t.createdAt < :to${tickets}
      GROUP BY 1, 2, 3`,
  );
  return rows.map((row) => ({ day: text(row.d), channel: row.channel as Channel, category: (row.category as string | null) ?? null, count: Number(row.n) }));
}

// A public reply by a person: the definition of "a response" for both halves of the query.
const isResponse = (alias: string) => `${alias}.authorType = 'agent' AND ${alias}.internal = 0 AND ${alias}.automatic = 0`;

/** Tickets whose first response was given in the window. */
export async function firstResponses(scope: Scope): Promise<Milestone[]> {
  const rows = await select(
    scope,
    // The earlier-reply check must walk this ticket's messages (messages_ticket_time), not every agent reply.
    ({ day, ms, tickets, index }) => `SELECT ${day('m.createdAt')} AS d, t.channel AS channel, ${ms('m.createdAt', 't.createdAt')} AS ms
       FROM messages m JOIN tickets t ON t.id = m.ticketId
      WHERE ${isResponse('m')} AND m.createdAt >= :from AND m.createdAt < :to${tickets}
        AND NOT EXISTS (SELECT 1 FROM messages p${index('messages_ticket_time')} WHERE p.ticketId = m.ticketId AND ${isResponse('p')}
                         AND (p.createdAt < m.createdAt OR (p.createdAt = m.createdAt AND p.id < m.id)))`,
  );
  return rows.map((row) => ({ day: text(row.d), channel: row.channel as Channel, ms: Number(row.ms) }));
}

// The audit entry of a change to solved or closed. diffFields writes `"status":{"from":…,"to":…}`
// with enum values, so these exact patterns match only a status change (user text inside a JSON
// string would have its quotes escaped).
const statuses = ['open', 'pending', 'solved', 'closed'];
const resolvingPatterns = statuses.flatMap((from) => ['solved', 'closed'].filter((to) => to !== from).map((to) => `%"status":{"from":"${from}","to":"${to}"}%`));
const isResolution = (alias: string) =>
  `${alias}.entityType = 'ticket' AND ${alias}.action = 'ticket.updated' AND (${resolvingPatterns.map((pattern) => `${alias}.changes LIKE '${pattern}'`).join(' OR ')})`;

/** Tickets solved or closed for the first time in the window (a solve after a reopen is not counted again). */
export async function firstResolutions(scope: Scope): Promise<Milestone[]> {
  const rows = await select(
    scope,
    // The earlier-solve check must walk this ticket's entries (audit_entity), not every status change.
    ({ day, ms, tickets, index }) => `SELECT ${day('a.createdAt')} AS d, t.channel AS channel, ${ms('a.createdAt', 't.createdAt')} AS ms
       FROM audit_logs a JOIN tickets t ON t.id = a.entityId
      WHERE ${isResolution('a')} AND a.createdAt >= :from AND a.createdAt < :to${tickets}
        AND NOT EXISTS (SELECT 1 FROM audit_logs p${index('audit_entity')} WHERE p.entityType = 'ticket' AND p.entityId = a.entityId AND ${isResolution('p')}
                         AND (p.createdAt < a.createdAt OR (p.createdAt = a.createdAt AND p.id < a.id)))`,
  );
  return rows.map((row) => ({ day: text(row.d), channel: row.channel as Channel, ms: Number(row.ms) }));
}

export async function raisedAlerts(scope: Scope): Promise<AlertGroup[]> {
  const rows = await select(
    scope,
    ({ day, tickets }) => `SELECT ${day('a.raisedAt')} AS d, a.kind AS kind, COUNT(*) AS n
       FROM alerts a JOIN tickets t ON t.id = a.ticketId
      WHERE a.raisedAt >= :from AND a.raisedAt < :to${tickets}
      GROUP BY 1, 2`,
  );
  return rows.map((row) => ({ day: text(row.d), kind: row.kind as AlertKind, count: Number(row.n) }));
}

/** Survey answers given in the window, counted per day and rating. */
export async function surveyRatings(scope: Scope): Promise<RatingGroup[]> {
  const rows = await select(
    scope,
    ({ day, tickets }) => `SELECT ${day('s.answeredAt')} AS d, s.rating AS rating, COUNT(*) AS n
       FROM surveys s JOIN tickets t ON t.id = s.ticketId
      WHERE s.answeredAt >= :from AND s.answeredAt < :to AND s.rating IS NOT NULL${tickets}
      GROUP BY 1, 2`,
  );
  return rows.map((row) => ({ day: text(row.d), rating: Number(row.rating), count: Number(row.n) }));
}
