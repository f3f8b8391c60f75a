/**
 * The first answer of a new email ticket, sent by the system: the best reply template when
 * automatic answers are on and it matches well enough (see suggestionService), else, with
 * MAIL_ACKNOWLEDGE=true, a short acknowledgement with the ticket number. Never to automatic
 * mail, at most a few per sender per hour so two auto-responders can never ping-pong; marked
 * `automatic` in the ticket, and it does not end the customer's wait for a person.
 */
import { Op } from 'sequelize';
import type { AppContext } from '../../../context';
import { Message } from '../../../models/Message';
import { Ticket } from '../../../models/Ticket';
import { appendMessage } from '../../../services/messageService';
import { chooseAutoAnswer } from '../../../services/suggestionService';

const PER_SENDER_PER_HOUR = 3;

export function acknowledgementText(ticket: Pick<Ticket, 'number' | 'subject'>): string {
  return [
    `We have received your message "${ticket.subject}" and opened ticket #${ticket.number}. We will answer as soon as we can; to add anything, just reply to this mail.`,
    '',
    `我们已收到您的来信“${ticket.subject}”，工单号 #${ticket.number}。我们会尽快回复；如需补充，请直接回复本邮件。`,
  ].join('\n');
}

export async function acknowledgeNewTicket(ctx: AppContext, ticketId: number): Promise<void> {
  // Chat and web tickets never get one: decide before taking a (write) transaction.
  const opened = await Ticket.findByPk(ticketId);
  if (opened?.channel !== 'email') return;
  const firstMessage = await Message.findOne({ where: { ticketId }, order: [['id', 'ASC']] });
  if (!firstMessage || firstMessage.autoKind || firstMessage.authorType !== 'customer') return;
  const answer = await chooseAutoAnswer(ctx, opened, firstMessage);
  if (!answer && !ctx.config.MAIL_ACKNOWLEDGE) return;
  await ctx.transactions.run(async (transaction) => {
    const ticket = await Ticket.findByPk(ticketId, { transaction });
    if (!ticket) return;
    const since = new Date(ctx.now().getTime() - 3_600_000);
    const customerTickets = await Ticket.findAll({ attributes: ['id'], where: { customerId: ticket.customerId }, transaction });
    const sentToSender = await Message.count({
      where: { authorType: 'system', direction: 'outbound', createdAt: { [Op.gte]: since }, ticketId: { [Op.in]: customerTickets.map((t) => t.id) } },
      transaction,
    });
    if (sentToSender >= PER_SENDER_PER_HOUR) {
      ctx.logger.info('acknowledgement skipped: sender rate limit', { ticketId });
      return;
    }
    await appendMessage(ctx, transaction, ticket, {
      direction: 'outbound',
      authorType: 'system',
      authorId: null,
      body: answer?.body ?? acknowledgementText(ticket),
      templateId: answer?.templateId ?? null,
      automatic: true,
    });
  });
}
