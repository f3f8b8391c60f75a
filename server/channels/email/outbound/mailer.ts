/**
 * Sends stored replies by SMTP, as a processor of `message.created` and from a periodic scan of
 * queued mail (retries with backoff, and recovery after a crash). A message is claimed with a
 * conditional update before sending, so two workers never send it at once.
 */
import type { Transporter } from 'nodemailer';
import path from 'node:path';
import { Op } from 'sequelize';
import type { AppContext } from '../../../context';
import { Agent } from '../../../models/Agent';
import { Attachment } from '../../../models/Attachment';
import { Identity } from '../../../models/Identity';
import { Mailbox } from '../../../models/Mailbox';
import { Message } from '../../../models/Message';
import { Ticket } from '../../../models/Ticket';
import { makeMessageId, messageIdDomain } from '../messageIds';
import { composeReply } from './compose';
import { createSmtpTransport } from './transport';

/** Waits before attempts 2, 3, …; after the last, the message is marked failed. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 2 * 3_600_000];
/** How long a claimed message may stay "sending" before the scan assumes the sender died. */
const SENDING_LEASE_MS = 10 * 60_000;

class PermanentFailure extends Error {}

export class OutboundMailer {
  private readonly transport: Transporter | null;
  private scanTimer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: AppContext, private readonly threadSecret: string) {
    this.transport = createSmtpTransport(ctx.config);
  }

  startRetryScan(): void {
    this.scanTimer = setInterval(() => void this.sendDue().catch((error: unknown) => this.ctx.logger.error('mail retry scan failed', { error })), this.ctx.config.MAIL_RETRY_SCAN_SECONDS * 1000);
    this.scanTimer.unref();
  }

  stop(): void {
    if (this.scanTimer) clearInterval(this.scanTimer);
    this.transport?.close();
  }

  /** Sends every queued message that is due, and any whose sender died mid-send. */
  async sendDue(): Promise<number> {
    const now = this.ctx.now();
    const due = await Message.findAll({
      attributes: ['id'],
      where: {
        deliveryState: { [Op.in]: ['queued', 'sending'] },
        channel: { [Op.in]: ['email', 'web'] },
        [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }],
      },
      order: [['id', 'ASC']],
      limit: 100,
    });
    for (const { id } of due) await this.deliver(id);
    return due.length;
  }

  /** Claims the message (queued and due) by a conditional update; false when someone else has it. */
  private async claim(messageId: number): Promise<boolean> {
    const now = this.ctx.now();
    const [claimed] = await Message.update(
      { deliveryState: 'sending', nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS) },
      {
        where: {
          id: messageId,
          deliveryState: { [Op.in]: ['queued', 'sending'] },
          [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }],
        },
      },
    );
    return claimed === 1;
  }

  async deliver(messageId: number): Promise<void> {
    if (!(await this.claim(messageId))) return;
    const message = await Message.findByPk(messageId, { rejectOnEmpty: true });
    const ticket = await Ticket.findByPk(message.ticketId, { rejectOnEmpty: true });
    try {
      const mail = await this.compose(ticket, message);
      if (!this.transport) throw new PermanentFailure('No SMTP server is configured (SMTP_HOST)');
      await this.transport.sendMail({ ...mail, date: this.ctx.now() });
      await message.update({ deliveryState: 'sent', deliveryError: null, nextAttemptAt: null, deliveryAttempts: message.deliveryAttempts + 1 });
      this.publish(ticket.id, message.id, 'sent');
    } catch (error) {
      await this.recordFailure(ticket, message, error);
    }
  }

  private async recordFailure(ticket: Ticket, message: Message, error: unknown): Promise<void> {
    const attempts = message.deliveryAttempts + 1;
    const responseCode = (error as { responseCode?: number }).responseCode;
    // 5xx from the server (bad recipient, refused) will not get better by retrying.
    const permanent = error instanceof PermanentFailure || (typeof responseCode === 'number' && responseCode >= 500);
    const text = error instanceof Error ? error.message : String(error);
    if (permanent || attempts > RETRY_DELAYS_MS.length) {
      await message.update({ deliveryState: 'failed', deliveryError: text.slice(0, 2000), deliveryAttempts: attempts, nextAttemptAt: null });
      this.ctx.logger.warn('reply not delivered', { messageId: message.id, attempts, error: text });
      this.publish(ticket.id, message.id, 'failed');
    } else {
      const nextAttemptAt = new Date(this.ctx.now().getTime() + RETRY_DELAYS_MS[attempts - 1]);
      await message.update({ deliveryState: 'queued', deliveryError: text.slice(0, 2000), deliveryAttempts: attempts, nextAttemptAt });
      this.ctx.logger.info('reply delivery will be retried', { messageId: message.id, attempts, nextAttemptAt, error: text });
      this.publish(ticket.id, message.id, 'queued');
    }
  }

  private publish(ticketId: number, messageId: number, state: 'queued' | 'sent' | 'failed'): void {
    this.ctx.events.publish('message.delivery', { ticketId, messageId, state });
  }

  private async compose(ticket: Ticket, message: Message) {
    const mailbox = ticket.mailboxId ? await Mailbox.findByPk(ticket.mailboxId) : null;
    const fromAddress = mailbox?.address ?? this.ctx.config.mailFrom;
    if (!fromAddress) throw new PermanentFailure('No sender address: set MAIL_FROM or the mailbox address');
    const thread = await Message.findAll({
      attributes: ['id', 'externalId', 'direction', 'autoKind', 'fromAddress'],
      where: { ticketId: ticket.id, id: { [Op.lt]: message.id }, internal: false },
      order: [['id', 'ASC']],
    });
    // Answer the address the customer last wrote from; else their first known address.
    const lastFrom = [...thread].reverse().find((m) => m.direction === 'inbound' && m.fromAddress && !m.autoKind)?.fromAddress;
    const identity = lastFrom || ticket.contactEmail ? null : await Identity.findOne({ where: { customerId: ticket.customerId, kind: 'email' }, order: [['id', 'ASC']] });
    const to = lastFrom ?? ticket.contactEmail ?? identity?.value;
    if (!to) throw new PermanentFailure('The customer has no email address');
    const author = message.authorType === 'agent' && message.authorId ? await Agent.findByPk(message.authorId) : null;
    const externalId = message.externalId ?? makeMessageId(this.threadSecret, ticket.id, messageIdDomain(fromAddress, this.ctx.config.publicUrl), String(message.id));
    if (!message.externalId) await message.update({ externalId });
    const attachments = await Attachment.findAll({ where: { messageId: message.id }, order: [['id', 'ASC']] });
    const supportName = mailbox?.name ?? 'Support';
    return composeReply({
      ticket,
      message,
      thread,
      attachments,
      attachmentsDir: path.resolve(this.ctx.config.DATA_DIR, 'attachments'),
      from: { name: author ? `${author.name} (${supportName})` : supportName, address: fromAddress },
      to,
      messageId: externalId,
    });
  }
}
