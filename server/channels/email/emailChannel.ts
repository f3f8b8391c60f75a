/**
 * The email channel at run time: one poller per active mailbox, the outbound mailer as a
 * processor of new replies, and the optional acknowledgement of new tickets.
 *
 * Several nodes (issue #9): each mailbox is polled by exactly one node, the one holding the lease
 * `mailbox:<id>` (renewed while it polls, taken over by another node once a dead node's lease
 * expires, released at shutdown). Outgoing mail needs no lease: every send claims its message row
 * with a conditional UPDATE (see outbound/mailer.ts), so two nodes never send the same reply.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context';
import { LeasedTasks } from '../../jobs/leasedTasks';
import { Mailbox } from '../../models/Mailbox';
import { getOrCreateSetting, randomSecret } from '../../services/settingService';
import { upsertEnvironmentMailbox } from '../../services/mailboxService';
import { acknowledgeNewTicket } from './outbound/acknowledge';
import { MailboxPoller, type SyncReport } from './inbound/poller';
import { OutboundMailer } from './outbound/mailer';

export const THREAD_SECRET_KEY = 'mail.threadSecret';

/** How long a node that stopped renewing keeps a mailbox before another node takes it over. */
export const MAILBOX_LEASE_MS = 30_000;

export interface EmailChannelOptions {
  /** Poll the active mailboxes (each on the node holding its lease). */
  pollMailboxes: boolean;
  /** Retry queued outgoing mail periodically (default true; web-only nodes leave it to workers). */
  retryScan?: boolean;
}

/** Changes whenever a setting the poller connects with changes, so the holder restarts it. */
function connectionVersion(mailbox: Mailbox): string {
  const settings = [mailbox.host, mailbox.port, mailbox.secure, mailbox.username, mailbox.password, mailbox.folder];
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

export class EmailChannel {
  private readonly pollers: LeasedTasks<MailboxPoller>;

  private constructor(private readonly ctx: AppContext, readonly threadSecret: string, readonly mailer: OutboundMailer, private readonly polling: boolean) {
    this.pollers = new LeasedTasks(ctx, {
      leaseName: (mailboxId) => `mailbox:${mailboxId}`,
      ttlMs: MAILBOX_LEASE_MS,
      list: async () => (await Mailbox.findAll({ where: { active: true } })).map((mailbox) => ({ key: mailbox.id, version: connectionVersion(mailbox) })),
      create: (mailboxId) => new MailboxPoller(ctx, mailboxId, threadSecret),
    });
  }

  static async start(ctx: AppContext, options: EmailChannelOptions): Promise<EmailChannel> {
    const threadSecret = await getOrCreateSetting(ctx, THREAD_SECRET_KEY, randomSecret);
    const channel = new EmailChannel(ctx, threadSecret, new OutboundMailer(ctx, threadSecret), options.pollMailboxes);
    ctx.events.subscribe('message.created', 'email.send-reply', async (event) => {
      if (event.internal || event.authorType === 'customer' || (event.channel !== 'email' && event.channel !== 'web')) return;
      await channel.mailer.deliver(event.messageId);
    });
    ctx.events.subscribe('ticket.created', 'email.acknowledge', (event) => acknowledgeNewTicket(ctx, event.ticketId));
    if (options.retryScan ?? true) channel.mailer.startRetryScan();
    await upsertEnvironmentMailbox(ctx);
    // Takes the lease of every active mailbox no other node polls, now and every MAILBOX_LEASE_MS / 3.
    if (options.pollMailboxes) channel.pollers.start();
    return channel;
  }

  /** A mailbox was added or enabled: poll it here at once unless another node already does. */
  startPoller(mailboxId: number): void {
    if (!this.polling) return;
    this.pollers.claim(mailboxId).catch((error: unknown) => this.ctx.logger.warn('mailbox lease not taken', { mailboxId, error }));
  }

  /** Stops polling the mailbox here (it was removed); its lease is released. */
  async stopPoller(mailboxId: number): Promise<void> {
    await this.pollers.drop(mailboxId);
  }

  /**
   * Restarts a mailbox's poller after its settings changed (or stops it when inactive). When
   * another node polls it, that node sees the change at its next lease renewal and restarts there.
   */
  async reloadPoller(mailboxId: number): Promise<void> {
    await this.stopPoller(mailboxId);
    const mailbox = await Mailbox.findByPk(mailboxId);
    if (mailbox?.active) this.startPoller(mailboxId);
  }

  /** Syncs one mailbox now (the poller's own connection); null when no poller runs for it on this node. */
  async syncMailbox(mailboxId: number): Promise<SyncReport | null> {
    let poller = this.pollers.get(mailboxId);
    // Not polled here yet (just enabled, or its lease is free): take it if no other node has it.
    if (!poller && this.polling && (await Mailbox.count({ where: { id: mailboxId, active: true } })) && (await this.pollers.claim(mailboxId))) poller = this.pollers.get(mailboxId);
    return poller ? poller.syncNow() : null;
  }

  /** Stops the retry scan and every poller (each finishes the mail it is storing), releasing their leases. */
  async stop(): Promise<void> {
    this.mailer.stop();
    await this.pollers.stop();
  }
}
