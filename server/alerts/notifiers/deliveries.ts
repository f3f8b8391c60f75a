/**
 * Email and SMS notifications of alerts, as a processor of `alert.raised`: one delivery row per
 * recipient and channel (unique, so a re-run never notifies twice), sent at once and retried
 * with backoff from the scanner's tick; failures stay visible on the alert.
 */
import type { Transporter } from 'nodemailer';
import { Op } from 'sequelize';
import type { AppContext } from '../../context';
import { createSmtpTransport } from '../../channels/email/outbound/transport';
import { Agent } from '../../models/Agent';
import { AgentGroup } from '../../models/AgentGroup';
import { Alert } from '../../models/Alert';
import { AlertDelivery } from '../../models/AlertDelivery';
import { Customer } from '../../models/Customer';
import { Ticket } from '../../models/Ticket';
import { emailsByCustomer } from '../../services/customerService';
import { alertSubject, alertText, type AlertFacts } from './alertText';

export const DELIVERY_RETRY_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

/** Who hears of an alert: the assignee; else the ticket's group; else every agent. Escalations go to admins. */
export async function alertRecipients(alert: Alert): Promise<Agent[]> {
  const active = { active: true };
  if (alert.kind === 'escalation') return Agent.findAll({ where: { ...active, role: 'admin' } });
  if (alert.assigneeId) return Agent.findAll({ where: { ...active, id: alert.assigneeId } });
  if (alert.groupId) {
    const members = await AgentGroup.findAll({ where: { groupId: alert.groupId } });
    return Agent.findAll({ where: { ...active, id: members.map((m) => m.agentId) } });
  }
  return Agent.findAll({ where: active });
}

export async function alertFacts(ctx: AppContext, alert: Alert): Promise<AlertFacts> {
  const ticket = await Ticket.findByPk(alert.ticketId, { rejectOnEmpty: true });
  const customer = await Customer.findByPk(ticket.customerId);
  const email = (await emailsByCustomer([ticket.customerId])).get(ticket.customerId)?.[0];
  return {
    kind: alert.kind,
    ticketId: ticket.id,
    number: ticket.number ?? ticket.id,
    subject: ticket.subject,
    customer: customer?.name ?? email ?? `#${ticket.customerId}`,
    waitingMs: ticket.waitingSince ? ctx.now().getTime() - ticket.waitingSince.getTime() : 0,
    link: `${ctx.config.publicUrl}/#/tickets/${ticket.id}`,
  };
}

export class AlertNotifier {
  private readonly transport: Transporter | null;

  constructor(private readonly ctx: AppContext) {
    this.transport = createSmtpTransport(ctx.config);
  }

  stop(): void {
    this.transport?.close();
  }

  /** Creates the deliveries for a new alert and tries them at once. */
  async notify(alertId: number): Promise<void> {
    const alert = await Alert.findByPk(alertId);
    if (!alert) return;
    const recipients = await alertRecipients(alert);
    const rows: Array<{ alertId: number; channel: 'email' | 'sms'; recipient: string }> = [];
    for (const agent of recipients) {
      rows.push({ alertId, channel: 'email', recipient: agent.email });
      if (this.ctx.config.SMS_WEBHOOK_URL && agent.phone) rows.push({ alertId, channel: 'sms', recipient: agent.phone });
    }
    if (rows.length) await AlertDelivery.bulkCreate(rows, { ignoreDuplicates: true });
    for (const delivery of await AlertDelivery.findAll({ where: { alertId, state: 'pending' } })) await this.attempt(delivery);
  }

  /** Retries deliveries that are due. */
  async retryDue(): Promise<number> {
    const due = await AlertDelivery.findAll({ where: { state: 'pending', nextAttemptAt: { [Op.lte]: this.ctx.now() } }, limit: 200 });
    for (const delivery of due) await this.attempt(delivery);
    return due.length;
  }

  private async attempt(delivery: AlertDelivery): Promise<void> {
    const alert = await Alert.findByPk(delivery.alertId);
    if (!alert) return;
    // Claim by a conditional update so two nodes never send the same delivery.
    const [claimed] = await AlertDelivery.update(
      { nextAttemptAt: new Date(this.ctx.now().getTime() + 5 * 60_000), attempts: delivery.attempts + 1 },
      { where: { id: delivery.id, state: 'pending', attempts: delivery.attempts } },
    );
    if (!claimed) return;
    const agent = await Agent.findOne({ where: delivery.channel === 'email' ? { email: delivery.recipient } : { phone: delivery.recipient } });
    const locale = agent?.locale === 'zh-CN' ? 'zh-CN' : 'en';
    const facts = await alertFacts(this.ctx, alert);
    try {
      if (delivery.channel === 'email') await this.sendEmail(delivery.recipient, facts, locale);
      else await this.sendSms(delivery.recipient, alertText(facts, locale));
      await delivery.update({ state: 'sent', sentAt: this.ctx.now(), nextAttemptAt: null, lastError: null, attempts: delivery.attempts + 1 });
    } catch (error) {
      const attempts = delivery.attempts + 1;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const giveUp = attempts > DELIVERY_RETRY_MS.length;
      await delivery.update({
        attempts,
        lastError: message,
        state: giveUp ? 'failed' : 'pending',
        nextAttemptAt: giveUp ? null : new Date(this.ctx.now().getTime() + DELIVERY_RETRY_MS[attempts - 1]),
      });
      this.ctx.logger.warn('alert delivery failed', { deliveryId: delivery.id, channel: delivery.channel, attempts, error: message });
    }
  }

  private async sendEmail(to: string, facts: AlertFacts, locale: 'en' | 'zh-CN'): Promise<void> {
    if (!this.transport) throw new Error('No SMTP server is configured (SMTP_HOST)');
    const from = this.ctx.config.mailFrom;
    if (!from) throw new Error('No sender address: set MAIL_FROM');
    await this.transport.sendMail({
      from: { name: 'Help desk alerts', address: from },
      to,
      subject: alertSubject(facts, locale),
      text: alertText(facts, locale),
      // Machine-made: other systems must not answer it (RFC 3834).
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Helpdesk-Ticket': String(facts.number) },
    });
  }

  private async sendSms(to: string, text: string): Promise<void> {
    const url = this.ctx.config.SMS_WEBHOOK_URL;
    if (!url) throw new Error('SMS_WEBHOOK_URL is not set');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, text }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
