/**
 * Merging two tickets about the same thing: the other ticket's messages (and so their
 * attachments, which hang off the message rows) move to the target, its tags are added, and it
 * is closed with `mergedIntoId` pointing at the target. One transaction with a system note and an
 * audit entry on each ticket; `ticket.updated` for both after commit.
 *
 * Mail threading keeps working because it resolves a reply by the message row it answers (rows
 * moved) or, for our own signed Message-IDs that name the old ticket, through `followMerges`.
 */
import { Op, type Transaction } from 'sequelize';
import { afterStatusChange, type WaitState } from '../alerts/waitingClock';
import type { AppContext } from '../context';
import { badRequest, notFound } from '../http/errors';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';
import { recordAudits } from './auditService';
import { appendMessage } from './messageService';
import { normalizeTags } from './ticketService';
import { alertPolicy, clockFields, resolveAlertsIfIdle, segmentForPolicy, waitStateOf } from './waitingClockService';

const numberOf = (ticket: Ticket): number => ticket.number ?? ticket.id;

/**
 * The target's wait after the merge. The customer has waited since the older of the two unanswered
 * messages: when that is the other ticket's, the target takes over the other's wait (its start and
 * the working time already waited), paused or running as the target's status says, as a new wait
 * (a new `waitSeq`, so its alerts are not mistaken for the target's earlier ones).
 */
export function mergedWaitState(target: Ticket, other: Ticket, now: Date, calendar: Parameters<typeof afterStatusChange>[4]): WaitState {
  const mine = waitStateOf(target);
  if (!other.waitingSince) return mine;
  if (mine.waitingSince && mine.waitingSince.getTime() <= other.waitingSince.getTime()) return mine;
  const adopted = afterStatusChange(waitStateOf(other), other.status, target.status, now, calendar);
  return { ...adopted, waitSeq: Math.max(mine.waitSeq, other.waitSeq) + 1 };
}

/** Both tickets, locked in id order (so two crossed merges cannot deadlock), if the agent may see them. */
async function lockPair(actor: Actor, targetId: number, otherId: number, transaction: Transaction): Promise<[Ticket, Ticket]> {
  const rows = await Ticket.findAll({ where: { id: { [Op.in]: [targetId, otherId] } }, order: [['id', 'ASC']], lock: transaction.LOCK.UPDATE, transaction });
  const target = rows.find((row) => row.id === targetId);
  const other = rows.find((row) => row.id === otherId);
  if (!target || !canSeeTicket(actor, target)) throw notFound('Ticket');
  if (!other || !canSeeTicket(actor, other)) throw notFound('Ticket');
  return [target, other];
}

/** Merges ticket `otherId` into ticket `targetId`; returns the target. */
export async function mergeTickets(ctx: AppContext, actor: Actor, targetId: number, otherId: number): Promise<Ticket> {
  if (targetId === otherId) throw badRequest('A ticket cannot be merged into itself');
  return ctx.transactions.run(async (transaction) => {
    const [target, other] = await lockPair(actor, targetId, otherId, transaction);
    if (other.mergedIntoId !== null && other.mergedIntoId !== undefined) throw badRequest(`Ticket #${numberOf(other)} is already merged into ticket ${other.mergedIntoId}`);
    if (target.mergedIntoId !== null && target.mergedIntoId !== undefined) throw badRequest(`Ticket #${numberOf(target)} was itself merged into another ticket; merge into that one instead`);

    const now = ctx.now();
    const policy = await alertPolicy(ctx, transaction);
    const before = { tags: target.tags, waitingSince: target.waitingSince?.toISOString() ?? null };
    // Worked out before the other ticket is closed (closing clears its wait).
    const state = mergedWaitState(target, other, now, policy.calendar);
    const [moved] = await Message.update({ ticketId: target.id }, { where: { ticketId: other.id }, transaction });

    // The other ticket: closed, pointing at the target; its wait (now the target's) ends here.
    const otherStatus = other.status;
    const idle: WaitState = { waitingSince: null, waitResumedAt: null, waitCreditMs: 0, waitSeq: other.waitSeq };
    await other.update({ ...clockFields(idle, 'closed', other.priority, policy), status: 'closed', mergedIntoId: target.id, lastActivityAt: now }, { transaction });
    await resolveAlertsIfIdle(ctx, transaction, other);

    // The target: the union of the tags, and the older of the two waits.
    const tags = normalizeTags([...target.tags, ...other.tags]);
    const segment = await segmentForPolicy(policy, target.customerId, transaction);
    await target.update({ ...clockFields(state, target.status, target.priority, policy, segment), tags, lastActivityAt: now }, { transaction });

    // A note on each says what happened (system notes: agents see them, customers never do).
    await appendMessage(ctx, transaction, target, { direction: 'outbound', authorType: 'system', authorId: null, internal: true, body: `#${numberOf(other)} merged into this ticket` });
    await appendMessage(ctx, transaction, other, { direction: 'outbound', authorType: 'system', authorId: null, internal: true, body: `Merged into #${numberOf(target)}` });

    await recordAudits(transaction, [
      {
        actor,
        action: 'ticket.merged',
        entityType: 'ticket',
        entityId: target.id,
        changes: {
          mergedFrom: { id: other.id, number: numberOf(other) },
          movedMessages: moved,
          ...(JSON.stringify(before.tags) !== JSON.stringify(tags) ? { tags: { from: before.tags, to: tags } } : {}),
          ...(before.waitingSince !== (target.waitingSince?.toISOString() ?? null) ? { waitingSince: { from: before.waitingSince, to: target.waitingSince?.toISOString() ?? null } } : {}),
        },
      },
      {
        actor,
        action: 'ticket.merged',
        entityType: 'ticket',
        entityId: other.id,
        changes: { mergedIntoId: { from: null, to: target.id }, mergedInto: { id: target.id, number: numberOf(target) }, status: { from: otherStatus, to: 'closed' }, movedMessages: moved },
      },
    ]);
    ctx.events.publishAfterCommit(transaction, 'ticket.updated', { ticketId: target.id, actorId: actor.agent.id, changed: ['tags', 'waitingSince', 'messages'] });
    ctx.events.publishAfterCommit(transaction, 'ticket.updated', { ticketId: other.id, actorId: actor.agent.id, changed: ['status', 'mergedIntoId'] });
    return target;
  });
}

/**
 * The ticket a merged ticket now lives in (following a chain of merges, at most a few hops), for
 * mail threading: a reply to our Message-ID that names the merged ticket continues the target.
 */
export async function followMerges(ticket: Ticket, transaction?: Transaction): Promise<Ticket> {
  let current = ticket;
  for (let hop = 0; hop < 10 && current.mergedIntoId; hop++) {
    const next = await Ticket.findByPk(current.mergedIntoId, { transaction });
    if (!next) break;
    current = next;
  }
  return current;
}
