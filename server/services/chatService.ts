/**
 * Live chat on the service side: visitor sessions (anonymous, or joined to a known customer by a
 * verified identity), storing a visitor's message exactly once per clientId, and the agent
 * replies a visitor has not seen yet.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { openTicket } from './ticketOpening';
import { normalizeEmail } from '../util/normalize';
import { recordAudit } from './auditService';
import { findOrCreateCustomerByEmail } from './customerService';
import { appendMessage } from './messageService';
import { writeAttachmentBytes } from './attachmentService';
import { Attachment } from '../models/Attachment';

export interface VisitorClaims {
  visitorToken?: string;
  name?: string;
  email?: string;
  identifierHash?: string;
}

export interface VisitorSession {
  customerId: number;
  visitorToken: string;
  /** True when the visitor proved their email with identifierHash. */
  verified: boolean;
  /** The email the visitor gave (verified or not), for replies while they are away. */
  email: string | null;
}

/** Visitor tokens are stored hashed, like agents' tokens: the identities table holds no usable secret. */
export function visitorTokenHash(token: string): string {
  return createHash('sha256').update(`visitor:${token}`).digest('hex');
}

/** hex(HMAC-SHA256(secret, email)), compared in constant time. */
export function identifierHashValid(secret: string | undefined, email: string, given: string): boolean {
  if (!secret || !/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = createHmac('sha256', secret).update(email).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

async function findByToken(token: string, transaction: Transaction): Promise<Identity | null> {
  if (!token || token.length > 200) return null;
  return Identity.findOne({ where: { kind: 'visitor', value: visitorTokenHash(token) }, transaction });
}

/**
 * The visitor behind a connection: known by their token, or new. A verified email joins the
 * visitor to that customer's history (moving the visitor's own chats along); an unverified
 * email is only remembered as a contact address, never linked to anyone's history.
 */
/** Thrown by startVisitorSession when `mayCreateVisitor` says no: nothing was written. The message is the widget's error code. */
export class NewVisitorRefused extends Error {
  constructor() {
    super('rate_limited');
  }
}

/**
 * `mayCreateVisitor` is asked only when the token names nobody, so the caller can limit how many
 * customers one address makes without looking the token up a second time.
 */
export async function startVisitorSession(ctx: AppContext, claims: VisitorClaims, mayCreateVisitor: () => boolean = () => true): Promise<VisitorSession> {
  const email = claims.email ? normalizeEmail(claims.email) : null;
  const verified = Boolean(email && claims.identifierHash && identifierHashValid(ctx.config.WIDGET_HMAC_SECRET, claims.email as string, claims.identifierHash));
  return ctx.transactions.run(async (transaction) => {
    let token = claims.visitorToken ?? '';
    let identity = await findByToken(token, transaction);
    if (!identity) {
      if (!mayCreateVisitor()) throw new NewVisitorRefused();
      token = randomBytes(24).toString('base64url');
      const customer = verified && email ? await findOrCreateCustomerByEmail(transaction, email, claims.name ?? null) : await Customer.create({ name: claims.name?.trim().slice(0, 200) || null }, { transaction });
      identity = await Identity.create({ customerId: customer.id, kind: 'visitor', value: visitorTokenHash(token), verified }, { transaction });
    } else if (verified && email) {
      const owner = await findOrCreateCustomerByEmail(transaction, email, claims.name ?? null);
      if (owner.id !== identity.customerId) {
        // The anonymous visitor turns out to be a known customer: their chats join that history.
        await Ticket.update({ customerId: owner.id }, { where: { customerId: identity.customerId, channel: 'chat' }, transaction });
        await recordAudit(transaction, { actor: null, action: 'visitor.verified', entityType: 'customer', entityId: owner.id, changes: { fromCustomerId: identity.customerId } });
        await identity.update({ customerId: owner.id, verified: true }, { transaction });
      }
    }
    if (claims.name && !verified) {
      const customer = await Customer.findByPk(identity.customerId, { transaction });
      if (customer && !customer.name) await customer.update({ name: claims.name.trim().slice(0, 200) }, { transaction });
    }
    return { customerId: identity.customerId, visitorToken: token, verified, email };
  });
}

/** The visitor's current chat: the latest one not closed. */
export function currentChat(customerId: number, transaction?: Transaction): Promise<Ticket | null> {
  return Ticket.findOne({ where: { customerId, channel: 'chat', status: { [Op.ne]: 'closed' } }, order: [['id', 'DESC']], transaction });
}

export interface ReceivedChatMessage {
  message: Message;
  ticket: Ticket;
  duplicate: boolean;
}

/** Stores a visitor's message once per clientId (a re-send returns the stored one), in their current chat. */
export async function receiveVisitorMessage(
  ctx: AppContext,
  session: VisitorSession,
  input: { text: string; clientId: string },
  /** Extra rows that belong to the message (a file), written in the same transaction. */
  withMessage: (transaction: Transaction, message: Message) => Promise<unknown> = async () => undefined,
): Promise<ReceivedChatMessage> {
  return ctx.transactions.run(async (transaction) => {
    const existing = await Message.findOne({ where: { clientId: input.clientId, authorType: 'customer', authorId: session.customerId }, transaction });
    if (existing) return { message: existing, ticket: await Ticket.findByPk(existing.ticketId, { transaction, rejectOnEmpty: true }), duplicate: true };
    let ticket = await currentChat(session.customerId, transaction);
    let created = false;
    if (!ticket) {
      const subject = input.text.replace(/\s+/g, ' ').trim().slice(0, 80) || 'Chat';
      ticket = await openTicket(ctx, transaction, { subject, channel: 'chat', customerId: session.customerId, contactEmail: session.email });
      created = true;
    } else if (session.email && ticket.contactEmail !== session.email) {
      await ticket.update({ contactEmail: session.email }, { transaction });
    }
    const message = await appendMessage(ctx, transaction, ticket, { direction: 'inbound', authorType: 'customer', authorId: session.customerId, body: input.text, clientId: input.clientId });
    await withMessage(transaction, message);
    if (created) ctx.events.publishAfterCommit(transaction, 'ticket.created', { ticketId: ticket.id, actorId: null });
    return { message, ticket, duplicate: false };
  });
}

/** File types a chat visitor may send: pictures, PDFs, plain text and office documents. */
export const CHAT_UPLOAD_TYPES = [
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain',
  'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export async function findVisitor(ctx: AppContext, token: string): Promise<VisitorSession | null> {
  if (!token || token.length > 200) return null;
  const identity = await Identity.findOne({ where: { kind: 'visitor', value: visitorTokenHash(token) } });
  return identity ? { customerId: identity.customerId, visitorToken: token, verified: identity.verified, email: null } : null;
}

/** A file from a chat visitor: stored as a message of its own in their current chat (once per clientId). */
export async function receiveVisitorFile(ctx: AppContext, session: VisitorSession, file: { filename: string; contentType: string; data: Buffer }, clientId: string): Promise<ReceivedChatMessage> {
  const { sha256, storageKey } = await writeAttachmentBytes(ctx, file.data);
  // The attachment is committed with its message, so the agents' event already carries it.
  return receiveVisitorMessage(ctx, session, { text: `📎 ${file.filename}`, clientId }, (transaction, message) =>
    Attachment.create({ messageId: message.id, uploadedById: null, filename: file.filename, contentType: file.contentType, size: file.data.length, sha256, storageKey }, { transaction }),
  );
}

/** Public agent (and system) replies on the visitor's chats after `afterId`, oldest first: what they missed while away. */
export async function repliesSince(customerId: number, afterId: number): Promise<Message[]> {
  const chats = await Ticket.findAll({ attributes: ['id'], where: { customerId, channel: 'chat' } });
  if (!chats.length) return [];
  return Message.findAll({
    where: { ticketId: chats.map((t) => t.id), id: { [Op.gt]: afterId }, direction: 'outbound', internal: false },
    order: [['id', 'ASC']],
    limit: 500,
  });
}

/** The visitor's current chat, oldest first, for a returning visitor's panel. */
export async function chatHistory(customerId: number): Promise<{ ticket: Ticket | null; messages: Message[] }> {
  const ticket = await currentChat(customerId);
  if (!ticket) return { ticket: null, messages: [] };
  const messages = await Message.findAll({ where: { ticketId: ticket.id, internal: false }, order: [['id', 'ASC']], limit: 500 });
  return { ticket, messages };
}
