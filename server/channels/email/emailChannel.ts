/**
 * The email channel at run time: one poller per active mailbox, the outbound mailer as a
 * processor of new replies, and the optional acknowledgement of new tickets.
 */
import type { AppContext } from '../../context';
import { Mailbox } from '../../models/Mailbox';
import { getOrCreateSetting, randomSecret } from '../../services/settingService';
import { upsertEnvironmentMailbox } from '../../services/mailboxService';
import { acknowledgeNewTicket } from './outbound/acknowledge';
import { MailboxPoller, type SyncReport } from './inbound/poller';
import { OutboundMailer } from './outbound/mailer';

export const THREAD_SECRET_KEY = 'mail.threadSecret';

export class EmailChannel {
  private readonly pollers = new Map<number, MailboxPoller>();

  private constructor(private readonly ctx: AppContext, readonly threadSecret: string, readonly mailer: OutboundMailer) {}

  static async start(ctx: AppContext, options: { pollMailboxes: boolean }): Promise<EmailChannel> {
    const threadSecret = await getOrCreateSetting(ctx, THREAD_SECRET_KEY, randomSecret);
    const channel = new EmailChannel(ctx, threadSecret, new OutboundMailer(ctx, threadSecret));
    ctx.events.subscribe('message.created', 'email.send-reply', async (event) => {
      if (event.internal || event.authorType === 'customer' || (event.channel !== 'email' && event.channel !== 'web')) return;
      await channel.mailer.deliver(event.messageId);
    });
    ctx.events.subscribe('ticket.created', 'email.acknowledge', (event) => acknowledgeNewTicket(ctx, event.ticketId));
    channel.mailer.startRetryScan();
    await upsertEnvironmentMailbox(ctx);
    if (options.pollMailboxes) {
      for (const mailbox of await Mailbox.findAll({ where: { active: true } })) channel.startPoller(mailbox.id);
    }
    return channel;
  }

  startPoller(mailboxId: number): void {
    if (this.pollers.has(mailboxId)) return;
    const poller = new MailboxPoller(this.ctx, mailboxId, this.threadSecret);
    this.pollers.set(mailboxId, poller);
    poller.start();
  }

  async stopPoller(mailboxId: number): Promise<void> {
    const poller = this.pollers.get(mailboxId);
    this.pollers.delete(mailboxId);
    await poller?.stop();
  }

  /** Restarts a mailbox's poller after its settings changed (or stops it when inactive). */
  async reloadPoller(mailboxId: number): Promise<void> {
    await this.stopPoller(mailboxId);
    const mailbox = await Mailbox.findByPk(mailboxId);
    if (mailbox?.active) this.startPoller(mailboxId);
  }

  /** Syncs one mailbox now (the poller's own connection); null when it is not being polled. */
  async syncMailbox(mailboxId: number): Promise<SyncReport | null> {
    const poller = this.pollers.get(mailboxId);
    return poller ? poller.syncNow() : null;
  }

  async stop(): Promise<void> {
    this.mailer.stop();
    await Promise.all([...this.pollers.values()].map((poller) => poller.stop()));
    this.pollers.clear();
  }
}
