/**
 * A sent care mail in the customer's history: a solved email ticket holding one outbound system
 * message marked automatic. The message is stored as already sent (deliveryState 'sent'), so the
 * reply mailer's claim never matches it and it is mailed exactly once, by the care sender. A
 * system message neither starts the waiting clock nor raises an alert, and the ticket is solved,
 * so nobody has to answer it; a customer's reply reopens it like any other.
 */
import type { Transaction } from 'sequelize';
import type { AppContext } from '../context';
import type { Message } from '../models/Message';
import { appendMessage } from '../services/messageService';
import { openTicket } from '../services/ticketOpening';

export interface SentCareMail {
  customerId: number;
  subject: string;
  body: string;
  templateId: number;
  /** The Message-ID the mail went out with: a reply's In-Reply-To finds this ticket by it. */
  externalId: string;
  from: string;
  to: string;
}

export async function recordCareMail(ctx: AppContext, transaction: Transaction, mail: SentCareMail): Promise<Message> {
  // Solved from the start: nobody has to answer a care mail.
  const ticket = await openTicket(ctx, transaction, { subject: mail.subject, channel: 'email', status: 'solved', customerId: mail.customerId });
  const message = await appendMessage(ctx, transaction, ticket, {
    direction: 'outbound',
    authorType: 'system',
    authorId: null,
    body: mail.body,
    templateId: mail.templateId,
    externalId: mail.externalId,
    fromAddress: mail.from,
    recipients: { to: [mail.to], cc: [] },
    deliveryState: 'sent',
    automatic: true,
  });
  ctx.events.publishAfterCommit(transaction, 'ticket.created', { ticketId: ticket.id, actorId: null });
  return message;
}
