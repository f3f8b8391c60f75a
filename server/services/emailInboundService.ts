/**
 * Stores an inbound mail: finds its thread, its customer, opens a ticket or adds to one, links
 * its attachments and advances the mailbox checkpoint, all in one transaction. A mail whose
 * Message-ID is already stored only advances the checkpoint.
 */
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { Agent } from '../models/Agent';
import { Attachment } from '../models/Attachment';
import { Identity } from '../models/Identity';
import { Mailbox } from '../models/Mailbox';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { openTicket } from './ticketOpening';
import type { Checkpoint, InboundEmail } from '../channels/email/inbound/types';
import { findTicketNumberInSubject, stripSubjectPrefixes } from '../channels/email/inbound/forwarded';
import { ticketIdFromMessageId } from '../channels/email/messageIds';
import { normalizeEmail } from '../util/normalize';
import { findOrCreateCustomerByEmail } from './customerService';
import { appendMessage } from './messageService';
import { followMerges } from './ticketMergeService';

export type ReceiveOutcome = 'created' | 'appended' | 'duplicate';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  ticketId: number | null;
  messageId: number | null;
}

/** Moves the checkpoint forward (never back), inside the caller's transaction. */
export async function advanceCheckpoint(ctx: AppContext, transaction: Transaction, checkpoint: Checkpoint): Promise<void> {
  await Mailbox.update(
    { uidValidity: checkpoint.uidValidity, lastUid: checkpoint.uid, lastSyncedAt: ctx.now(), lastError: null },
    { where: { id: checkpoint.mailboxId, lastUid: { [Op.lt]: checkpoint.uid } }, transaction },
  );
}

/** Is this address the ticket's customer, or has it written on the ticket before? */
async function takesPart(transaction: Transaction, ticket: Ticket, address: string): Promise<boolean> {
  const identity = await Identity.findOne({ where: { kind: 'email', value: address, customerId: ticket.customerId }, transaction });
  if (identity) return true;
  return (await Message.count({ where: { ticketId: ticket.id, fromAddress: address }, transaction })) > 0;
}

/**
 * The ticket a mail continues: by our signed Message-IDs or known Message-IDs in In-Reply-To and
 * References first; then by `[#number]` in the subject, only for someone who already takes part.
 */
export async function findThread(ctx: AppContext, transaction: Transaction, mail: InboundEmail, threadSecret: string, sender: string): Promise<Ticket | null> {
  const referenced = [...mail.inReplyTo, ...[...mail.references].reverse()];
  for (const id of referenced) {
    const ticketId = ticketIdFromMessageId(threadSecret, id);
    if (ticketId !== null) {
      const ticket = await Ticket.findByPk(ticketId, { transaction });
      // A ticket merged since we wrote: the conversation continues in the one it was merged into.
      if (ticket) return followMerges(ticket, transaction);
    }
  }
  if (referenced.length) {
    const known = await Message.findOne({ where: { externalId: { [Op.in]: referenced.slice(0, 50) } }, order: [['id', 'DESC']], transaction });
    if (known) return Ticket.findByPk(known.ticketId, { transaction });
  }
  const number = findTicketNumberInSubject(mail.subject);
  if (number !== null) {
    const ticket = await Ticket.findOne({ where: { number }, transaction });
    if (ticket && (await takesPart(transaction, ticket, sender))) return ticket;
  }
  return null;
}

/** A bounce of one of our replies marks that reply failed, so the agent sees it was not delivered. */
async function markBounced(ctx: AppContext, transaction: Transaction, mail: InboundEmail, threadSecret: string): Promise<void> {
  const ours = mail.bouncedMessageIds.filter((id) => ticketIdFromMessageId(threadSecret, id) !== null);
  if (!ours.length) return;
  const bounced = await Message.findAll({ where: { externalId: { [Op.in]: ours }, direction: 'outbound' }, transaction });
  for (const message of bounced) {
    await message.update({ deliveryState: 'failed', deliveryError: `Bounced: ${mail.subject}`.slice(0, 2000), nextAttemptAt: null }, { transaction });
    transaction.afterCommit(() => ctx.events.publish('message.delivery', { ticketId: message.ticketId, messageId: message.id, state: 'failed' }));
  }
}

export async function receiveEmail(
  ctx: AppContext,
  mailbox: Mailbox | null,
  mail: InboundEmail,
  threadSecret: string,
  checkpoint?: Checkpoint,
): Promise<ReceiveResult> {
  try {
    return await ctx.transactions.run(async (transaction) => {
      const duplicate = await Message.findOne({ where: { externalId: mail.messageId }, transaction });
      if (duplicate) {
        if (checkpoint) await advanceCheckpoint(ctx, transaction, checkpoint);
        return { outcome: 'duplicate', ticketId: duplicate.ticketId, messageId: duplicate.id };
      }
      // A mail an agent forwarded is the original sender's request.
      const fromAgent = mail.forwardedFrom ? await Agent.findOne({ where: { email: normalizeEmail(mail.from.address) }, transaction }) : null;
      const sender = fromAgent && mail.forwardedFrom ? mail.forwardedFrom : mail.from;
      const senderAddress = normalizeEmail(sender.address);
      const customer = await findOrCreateCustomerByEmail(transaction, senderAddress, sender.name);

      let ticket = fromAgent ? null : await findThread(ctx, transaction, mail, threadSecret, senderAddress);
      // A closed ticket is finished: a new mail on it starts a new ticket.
      if (ticket?.status === 'closed') ticket = null;
      const outcome: ReceiveOutcome = ticket ? 'appended' : 'created';
      if (!ticket) {
        ticket = await openTicket(ctx, transaction, {
          subject: (stripSubjectPrefixes(mail.subject) || '(no subject)').slice(0, 500),
          channel: 'email',
          customerId: customer.id,
          mailboxId: mailbox?.id ?? null,
          groupId: mailbox?.groupId ?? null,
          tags: mail.autoKind ? [mail.autoKind] : [],
        });
      }
      const notes = [...mail.notes, ...(fromAgent ? [`Forwarded by ${fromAgent.name} <${fromAgent.email}>.`] : [])];
      const message = await appendMessage(ctx, transaction, ticket, {
        direction: 'inbound',
        authorType: 'customer',
        authorId: customer.id,
        body: [mail.text, ...notes.map((note) => `[${note}]`)].filter(Boolean).join('\n\n'),
        html: mail.html,
        externalId: mail.messageId,
        fromAddress: senderAddress,
        recipients: { to: mail.to, cc: mail.cc },
        originalBody: mail.originalText,
        rawKey: mail.rawKey,
        autoKind: mail.autoKind,
      });
      if (mail.attachments.length) {
        await Attachment.bulkCreate(
          mail.attachments.map((file) => ({ ...file, messageId: message.id, uploadedById: null })),
          { transaction },
        );
      }
      await markBounced(ctx, transaction, mail, threadSecret);
      if (checkpoint) await advanceCheckpoint(ctx, transaction, checkpoint);
      if (outcome === 'created') ctx.events.publishAfterCommit(transaction, 'ticket.created', { ticketId: ticket.id, actorId: null });
      return { outcome, ticketId: ticket.id, messageId: message.id };
    });
  } catch (error) {
    // The same mail stored a moment ago by another process: nothing to add but the checkpoint.
    if (error instanceof UniqueConstraintError && (await Message.count({ where: { externalId: mail.messageId } })) > 0) {
      if (checkpoint) await ctx.transactions.run((transaction) => advanceCheckpoint(ctx, transaction, checkpoint));
      const stored = await Message.findOne({ where: { externalId: mail.messageId } });
      return { outcome: 'duplicate', ticketId: stored?.ticketId ?? null, messageId: stored?.id ?? null };
    }
    throw error;
  }
}
