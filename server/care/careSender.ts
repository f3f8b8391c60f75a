/**
 * Sends queued care deliveries through the one SMTP transport set-up (createSmtpTransport). A
 * delivery is claimed by a conditional update before sending, so a scheduler and an admin's
 * "run now" never send it twice; temporary failures are retried with backoff, refusals (5xx)
 * and the last attempt mark it failed. Once sent it is recorded in the customer's history.
 */
import { randomBytes } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { Op, type WhereOptions } from 'sequelize';
import { messageIdDomain } from '../channels/email/messageIds';
import { createSmtpTransport } from '../channels/email/outbound/transport';
import type { AppContext } from '../context';
import { renderTemplate } from '../knowledge/templateRenderer';
import { CareCampaign } from '../models/CareCampaign';
import { CareDelivery } from '../models/CareDelivery';
import { CareUnsubscribe } from '../models/CareUnsubscribe';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { ReplyTemplate } from '../models/ReplyTemplate';
import { recordCareMail } from './careHistory';
import { careLocale, careText } from './strings';
import { unsubscribeUrl } from './unsubscribeToken';

/** Waits before attempts 2, 3, …; after the last one the delivery is failed. */
export const CARE_RETRY_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];
/** How long a claimed delivery is left alone before a crashed sender's claim is taken over. */
const CLAIM_MS = 10 * 60_000;
const BATCH = 200;

class PermanentFailure extends Error {}

export interface SendReport {
  sent: number;
  failed: number;
  retrying: number;
}

export class CareSender {
  private readonly transport: Transporter | null;
  readonly report: SendReport = { sent: 0, failed: 0, retrying: 0 };

  constructor(private readonly ctx: AppContext) {
    this.transport = createSmtpTransport(ctx.config);
  }

  close(): void {
    this.transport?.close();
  }

  /** Sends every queued delivery that is due (of one campaign, or all). */
  async sendDue(campaignId?: number): Promise<SendReport> {
    let lastId = 0;
    for (;;) {
      const where = { id: { [Op.gt]: lastId }, state: 'queued', [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: this.ctx.now() } }], ...(campaignId ? { campaignId } : {}) };
      const due = await CareDelivery.findAll({ where: where as WhereOptions<CareDelivery>, order: [['id', 'ASC']], limit: BATCH });
      for (const delivery of due) await this.attempt(delivery);
      if (due.length < BATCH) return this.report;
      lastId = due[due.length - 1].id;
    }
  }

  private async attempt(delivery: CareDelivery): Promise<void> {
    const now = this.ctx.now();
    const [claimed] = await CareDelivery.update(
      { attempts: delivery.attempts + 1, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
      { where: { id: delivery.id, state: 'queued', attempts: delivery.attempts } },
    );
    if (!claimed) return;
    delivery.attempts += 1;
    try {
      const mail = await this.compose(delivery);
      if (!this.transport) throw new PermanentFailure('No SMTP server is configured (SMTP_HOST)');
      await this.transport.sendMail({ ...mail.envelope, date: now });
      await this.ctx.transactions.run(async (transaction) => {
        const message = await recordCareMail(this.ctx, transaction, mail.history);
        await delivery.update({ state: 'sent', sentAt: now, error: null, nextAttemptAt: null, recipient: mail.history.to, messageId: message.id }, { transaction });
      });
      this.report.sent += 1;
    } catch (error) {
      await this.recordFailure(delivery, error);
    }
  }

  private async recordFailure(delivery: CareDelivery, error: unknown): Promise<void> {
    const responseCode = (error as { responseCode?: number }).responseCode;
    const permanent = error instanceof PermanentFailure || (typeof responseCode === 'number' && responseCode >= 500);
    const text = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const giveUp = permanent || delivery.attempts > CARE_RETRY_MS.length;
    const nextAttemptAt = giveUp ? null : new Date(this.ctx.now().getTime() + CARE_RETRY_MS[delivery.attempts - 1]);
    await delivery.update({ state: giveUp ? 'failed' : 'queued', error: text, nextAttemptAt });
    this.report[giveUp ? 'failed' : 'retrying'] += 1;
    this.ctx.logger.warn('care mail not sent', { deliveryId: delivery.id, attempts: delivery.attempts, willRetry: !giveUp, error: text });
  }

  private async compose(delivery: CareDelivery) {
    const { ctx } = this;
    const campaign = await CareCampaign.findByPk(delivery.campaignId);
    const template = campaign && (await ReplyTemplate.findByPk(campaign.templateId));
    if (!campaign || !template || template.deletedAt) throw new PermanentFailure('The campaign or its reply template no longer exists');
    // Asked to hear no more since the delivery was queued: never send.
    if (await CareUnsubscribe.count({ where: { customerId: delivery.customerId } })) throw new PermanentFailure('The customer unsubscribed');
    const customer = await Customer.findByPk(delivery.customerId);
    const to = (await Identity.findOne({ where: { customerId: delivery.customerId, kind: 'email' }, order: [['id', 'ASC']] }))?.value;
    if (!customer || !to) throw new PermanentFailure('The customer has no email address');
    const from = ctx.config.mailFrom;
    if (!from) throw new PermanentFailure('No sender address: set MAIL_FROM');
    const context = { customer: { name: customer.name, email: to }, ticket: { number: null, subject: campaign.subject }, agent: { name: null, email: null }, company: { name: ctx.config.COMPANY_NAME } };
    const subject = renderTemplate(campaign.subject, context);
    const body = renderTemplate(template.body, context);
    const link = await unsubscribeUrl(ctx, customer.id);
    const externalId = `<care.d${delivery.id}.${randomBytes(6).toString('hex')}@${messageIdDomain(from, ctx.config.publicUrl)}>`;
    const text = `${body}\n\n-- \n${careText(careLocale(customer.locale ?? template.locale), 'footer')}\n${link}\n`;
    return {
      envelope: {
        from: { name: ctx.config.COMPANY_NAME, address: from },
        to,
        subject,
        text,
        messageId: externalId,
        headers: {
          // Sent by a machine on a schedule: auto-responders must not answer it (RFC 3834).
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          'List-Unsubscribe': `<${link}>`,
          // One-click unsubscribe (RFC 8058): mail clients POST to the link, as our button does.
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      },
      history: { customerId: customer.id, subject, body, templateId: template.id, externalId, from, to },
    };
  }
}
