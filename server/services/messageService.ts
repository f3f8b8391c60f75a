/**
 * Messages on tickets. `appendMessage` is the one place a message is written: it stores the
 * message, moves the waiting clock and last activity on the ticket, and publishes
 * `message.created` after commit. Channels and routes call the functions built on it.
 */
import { Op, type Transaction } from 'sequelize';
import { afterMessage, afterStatusChange } from '../alerts/waitingClock';
import type { AppContext } from '../context';
import { badRequest } from '../http/errors';
import { Attachment } from '../models/Attachment';
import { Message, type AuthorType, type AutoKind, type DeliveryState, type MessageDirection, type Recipients } from '../models/Message';
import type { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { htmlToText, sanitizeMessageHtml } from '../util/html';
import { getVisibleTicket } from './ticketAccess';
import { alertPolicy, clockFields, resolveAlertsIfIdle, segmentForPolicy, waitStateOf } from './waitingClockService';

export interface MessageFields {
  direction: MessageDirection;
  authorType: AuthorType;
  authorId: number | null;
  body: string;
  html?: string | null;
  internal?: boolean;
  templateId?: number | null;
  clientId?: string | null;
  externalId?: string | null;
  deliveryState?: DeliveryState | null;
  /** Email details: sender, recipients, the unstripped text, the raw source on disk. */
  fromAddress?: string | null;
  recipients?: Recipients | null;
  originalBody?: string | null;
  rawKey?: string | null;
  /** Machine-sent mail: stored, but it neither reopens the ticket nor starts the waiting clock. */
  autoKind?: AutoKind | null;
  /** Sent by the system on the agents' behalf (an automatic first answer). */
  automatic?: boolean;
}

/** Public replies on these channels are delivered later by a processor, so they start queued. */
const deliveredLater = new Set(['email', 'chat', 'web']);

export async function appendMessage(ctx: AppContext, transaction: Transaction, ticket: Ticket, fields: MessageFields): Promise<Message> {
  const at = ctx.now();
  const internal = fields.internal ?? false;
  const html = fields.html ? sanitizeMessageHtml(fields.html) : null;
  const message = await Message.create(
    {
      ticketId: ticket.id,
      direction: fields.direction,
      channel: ticket.channel,
      authorType: fields.authorType,
      authorId: fields.authorId,
      body: fields.body || (html ? htmlToText(html) : ''),
      html,
      internal,
      templateId: fields.templateId ?? null,
      clientId: fields.clientId ?? null,
      externalId: fields.externalId ?? null,
      fromAddress: fields.fromAddress ?? null,
      recipients: fields.recipients ?? null,
      originalBody: fields.originalBody ?? null,
      rawKey: fields.rawKey ?? null,
      autoKind: fields.autoKind ?? null,
      automatic: fields.automatic ?? false,
      deliveryState:
        fields.deliveryState !== undefined
          ? fields.deliveryState
          : fields.direction === 'outbound' && !internal && deliveredLater.has(ticket.channel)
            ? 'queued'
            : null,
      createdAt: at,
      updatedAt: at,
    },
    { transaction },
  );
  // A customer writing again reopens a ticket that was pending, solved or closed; an
  // out-of-office reply or a bounce does neither that nor start the waiting clock.
  const automatic = Boolean(fields.autoKind);
  const status = fields.authorType === 'customer' && !automatic ? 'open' : ticket.status;
  if (!automatic) {
    const policy = await alertPolicy(ctx, transaction);
    const resumed = afterStatusChange(waitStateOf(ticket), ticket.status, status, at, policy.calendar);
    const state = afterMessage(resumed, { authorType: fields.authorType, internal, at });
    const segment = await segmentForPolicy(policy, ticket.customerId, transaction);
    await ticket.update({ ...clockFields(state, status, ticket.priority, policy, segment), status, lastActivityAt: at }, { transaction });
    await resolveAlertsIfIdle(ctx, transaction, ticket);
  } else {
    await ticket.update({ lastActivityAt: at }, { transaction });
  }
  ctx.events.publishAfterCommit(transaction, 'message.created', {
    ticketId: ticket.id,
    messageId: message.id,
    channel: ticket.channel,
    authorType: fields.authorType,
    internal,
    templateId: message.templateId,
  });
  return message;
}

export interface AgentReply {
  body: string;
  html?: string | null;
  internal: boolean;
  templateId?: number | null;
  attachmentIds?: number[];
}

/** An agent's public reply or internal note on a ticket they can see. */
export async function addAgentMessage(ctx: AppContext, actor: Actor, ticketId: number, reply: AgentReply): Promise<Message> {
  return ctx.transactions.run(async (transaction) => {
    const ticket = await getVisibleTicket(actor, ticketId, transaction);
    const message = await appendMessage(ctx, transaction, ticket, {
      direction: 'outbound',
      authorType: 'agent',
      authorId: actor.agent.id,
      body: reply.body,
      html: reply.html ?? null,
      internal: reply.internal,
      templateId: reply.templateId ?? null,
    });
    if (reply.attachmentIds?.length) await attachUploads(transaction, actor, message.id, reply.attachmentIds);
    return message;
  });
}

/** Links the agent's own pending uploads to the message; anyone else's or used ones are refused. */
async function attachUploads(transaction: Transaction, actor: Actor, messageId: number, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)];
  const [linked] = await Attachment.update(
    { messageId },
    { where: { id: { [Op.in]: unique }, messageId: null, uploadedById: actor.agent.id }, transaction },
  );
  if (linked !== unique.length) throw badRequest('Some attachments do not exist, are not yours, or are already used');
}

export async function listMessages(actor: Actor, ticketId: number): Promise<Message[]> {
  await getVisibleTicket(actor, ticketId);
  return Message.findAll({ where: { ticketId }, order: [['createdAt', 'ASC'], ['id', 'ASC']] });
}
