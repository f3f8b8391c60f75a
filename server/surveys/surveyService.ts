/**
 * Satisfaction surveys: one per solve round of a ticket, sent as a system message with a link
 * whose token only the customer has (we keep its SHA-256), answered from the page or the widget.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { AuditLog } from '../models/AuditLog';
import { Survey } from '../models/Survey';
import { Ticket } from '../models/Ticket';
import { appendMessage } from '../services/messageService';
import { invitationText } from './strings';

export const MAX_COMMENT_CHARS = 2000;
const TOKEN_PATTERN = /^[\w-]{43}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function surveyLink(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/survey/${token}`;
}

/** The survey a link's token opens, or null. Looked up by hash, so the token never meets a comparison. */
export async function findSurveyByToken(token: string): Promise<Survey | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const survey = await Survey.findOne({ where: { tokenHash: hash } });
  // MariaDB compares strings without case: confirm the exact hash, in constant time.
  return survey && timingSafeEqual(Buffer.from(survey.tokenHash), Buffer.from(hash)) ? survey : null;
}

/**
 * The status the ticket had before its latest change to solved, from the audit log (the
 * event carries only the field names). Unknown (e.g. no audit row) counts as a reopen.
 */
async function statusBeforeSolve(ticketId: number): Promise<unknown> {
  const rows = await AuditLog.findAll({ where: { entityType: 'ticket', entityId: ticketId, action: 'ticket.updated' }, order: [['id', 'DESC']], limit: 10 });
  const solve = rows.find((row) => (row.changes?.status as { to?: unknown } | undefined)?.to === 'solved');
  return (solve?.changes?.status as { from?: unknown } | undefined)?.from;
}

export interface SentSurvey {
  token: string;
  ticketId: number;
  customerId: number;
  channel: Survey['channel'];
}

/**
 * After a ticket turned solved: a new survey round and its invitation, unless this solve
 * continues the last round (closed → solved again is the same piece of work). The unique
 * (ticketId, round) key makes a duplicate or concurrent run a no-op.
 */
export async function sendSurveyOnSolve(ctx: AppContext, ticketId: number): Promise<SentSurvey | null> {
  const ticket = await Ticket.findByPk(ticketId);
  if (!ticket || ticket.status !== 'solved') return null;
  const latest = await Survey.findOne({ where: { ticketId }, order: [['round', 'DESC']] });
  if (latest && (await statusBeforeSolve(ticketId)) === 'closed') return null;
  const token = randomBytes(32).toString('base64url');
  const channel = ticket.channel === 'chat' ? 'chat' : 'email';
  try {
    const created = await ctx.transactions.run(async (transaction) => {
      const current = await Ticket.findByPk(ticketId, { transaction });
      if (!current || current.status !== 'solved') return false;
      const now = ctx.now();
      await Survey.create(
        { ticketId, round: (latest?.round ?? 0) + 1, agentId: current.assigneeId, category: current.category, channel, tokenHash: hashToken(token), sentAt: now, createdAt: now, updatedAt: now },
        { transaction },
      );
      // A system message, marked automatic: the mailer (email/web) or the widget (chat) delivers it,
      // and it neither reopens the ticket nor starts the customer's wait.
      await appendMessage(ctx, transaction, current, {
        direction: 'outbound',
        authorType: 'system',
        authorId: null,
        body: invitationText({ subject: current.subject, number: current.number, link: surveyLink(ctx, token) }),
        automatic: true,
      });
      return true;
    });
    return created ? { token, ticketId, customerId: ticket.customerId, channel } : null;
  } catch (error) {
    if (error instanceof UniqueConstraintError) return null;
    throw error;
  }
}

/** Records (or changes) the answer. `comment: undefined` keeps the earlier comment (the widget sends only a rating). */
export async function answerSurvey(ctx: AppContext, survey: Survey, answer: { rating: number; comment?: string | null }): Promise<Survey> {
  const comment = answer.comment === undefined ? survey.comment : answer.comment?.trim() || null;
  return survey.update({ rating: answer.rating, comment, answeredAt: ctx.now() });
}
