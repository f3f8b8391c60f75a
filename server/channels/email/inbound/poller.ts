/**
 * Reads one IMAP mailbox by UID: IDLE for new mail, a poll as the fallback, reconnect with
 * backoff. Each mail is stored (or quarantined) together with the checkpoint (UIDVALIDITY + UID)
 * in one transaction, so a restart resumes exactly after the last stored mail. Nothing is ever
 * flagged or deleted on the server.
 */
import { ImapFlow } from 'imapflow';
import type { AppContext } from '../../../context';
import { Mailbox } from '../../../models/Mailbox';
import { ingestRawMail, type IngestResult } from './ingest';
import { countIngestedMail } from '../../../metrics/helpdeskMetrics';
import { oversizedMailStandIn } from './oversized';

export interface SyncReport {
  fetched: number;
  created: number;
  appended: number;
  duplicate: number;
  quarantined: number;
}

const FETCH_BATCH = 100;
/** Sources held in memory at once while fetching a batch. */
const FETCH_BATCH_BYTES = 16 * 1024 * 1024;
const MAX_BACKOFF_MS = 60_000;

export class MailboxPoller {
  private client: ImapFlow | null = null;
  private stopped = false;
  private syncing: Promise<SyncReport> | null = null;
  private again = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly ctx: AppContext,
    readonly mailboxId: number,
    private readonly threadSecret: string,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
    this.pollTimer = setInterval(() => void this.syncNow().catch(() => undefined), this.ctx.config.IMAP_POLL_SECONDS * 1000);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.syncing?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures, 6));
    this.failures += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async recordError(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.ctx.logger.warn('mailbox error', { mailboxId: this.mailboxId, error: message });
    await Mailbox.update({ lastError: message.slice(0, 2000) }, { where: { id: this.mailboxId } }).catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const mailbox = await Mailbox.findByPk(this.mailboxId);
    if (!mailbox || !mailbox.active) return;
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: { user: mailbox.username, pass: mailbox.password },
      logger: false,
      // Start IDLE soon after a sync so new mail is announced within seconds.
      autoIdleDelay: 2000,
      // Restart IDLE now and then so a silently dead connection is noticed.
      maxIdleTime: 5 * 60_000,
    });
    client.on('error', (error: Error) => void this.recordError(error));
    client.on('exists', () => void this.syncNow().catch(() => undefined));
    client.on('close', () => {
      if (this.client === client) this.client = null;
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.mailboxOpen(mailbox.folder);
    } catch (error) {
      await this.recordError(error);
      // A failed connect leaves the socket waiting for the server's timeout unless closed.
      client.close();
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.logout().catch(() => client.close());
      return;
    }
    this.client = client;
    this.failures = 0;
    await this.syncNow().catch(() => undefined);
  }

  /** Fetches and stores everything after the checkpoint; concurrent calls share one run and queue one more. */
  syncNow(): Promise<SyncReport> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = this.sync().finally(() => {
      this.syncing = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.syncNow().catch(() => undefined);
      }
    });
    return this.syncing;
  }

  private async sync(): Promise<SyncReport> {
    const report: SyncReport = { fetched: 0, created: 0, appended: 0, duplicate: 0, quarantined: 0 };
    const client = this.client;
    const mailbox = await Mailbox.findByPk(this.mailboxId);
    if (!client || !client.usable || !mailbox || typeof client.mailbox !== 'object') return report;
    try {
      const uidValidity = Number(client.mailbox.uidValidity);
      // A new UIDVALIDITY renumbers the folder: read it all again; Message-ID dedupe skips what we have.
      const after = mailbox.uidValidity === uidValidity ? mailbox.lastUid : 0;
      if (mailbox.uidValidity !== null && mailbox.uidValidity !== uidValidity) {
        this.ctx.logger.warn('UIDVALIDITY changed: rescanning the folder', { mailboxId: mailbox.id, from: mailbox.uidValidity, to: uidValidity });
        await mailbox.update({ uidValidity, lastUid: 0 });
      }
      const found = (await client.search({ uid: `${after + 1}:*` }, { uid: true })) || [];
      // `N:*` also matches the highest UID when N is past it, so filter.
      const uids = found.filter((uid) => uid > after).sort((a, b) => a - b);
      for (let start = 0; start < uids.length && !this.stopped; start += FETCH_BATCH) {
        for (const { uid, raw } of await this.fetchBatch(client, uids.slice(start, start + FETCH_BATCH))) {
          // Stop between mails, never inside one: what is stored is stored with its checkpoint.
          if (this.stopped) break;
          report.fetched += 1;
          const result: IngestResult = await ingestRawMail(this.ctx, mailbox, raw, { threadSecret: this.threadSecret, checkpoint: { mailboxId: mailbox.id, uidValidity, uid } });
          report[result.outcome] += 1;
          countIngestedMail(this.ctx, result.outcome);
        }
      }
      if (report.fetched) this.ctx.logger.info('mailbox synced', { mailboxId: mailbox.id, ...report });
      await Mailbox.update({ lastSyncedAt: this.ctx.now(), lastError: null }, { where: { id: mailbox.id } });
      return report;
    } catch (error) {
      // The checkpoint stays at the last stored mail; the next sync starts from there.
      await this.recordError(error);
      throw error;
    }
  }

  /**
   * The sources of a batch of UIDs, in UID order, fetched in as few round trips as memory allows;
   * a mail over MAIL_MAX_BYTES is replaced by a stand-in of its headers and a note.
   */
  private async fetchBatch(client: ImapFlow, uids: number[]): Promise<Array<{ uid: number; raw: Buffer }>> {
    const limit = this.ctx.config.MAIL_MAX_BYTES;
    const sizes = new Map<number, number>();
    for (const meta of await client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true })) sizes.set(meta.uid, meta.size ?? 0);
    const sources = new Map<number, Buffer>();
    let group: number[] = [];
    let groupBytes = 0;
    const flush = async () => {
      if (!group.length) return;
      for (const message of await client.fetchAll(group.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
      group = [];
      groupBytes = 0;
    };
    for (const uid of uids) {
      const size = sizes.get(uid);
      if (size === undefined) continue; // expunged meanwhile
      if (size > limit) {
        const headers = await client.fetchOne(String(uid), { uid: true, headers: true }, { uid: true });
        sources.set(uid, oversizedMailStandIn(headers ? (headers.headers ?? Buffer.alloc(0)) : Buffer.alloc(0), size, limit, uid));
        continue;
      }
      if (groupBytes + size > FETCH_BATCH_BYTES) await flush();
      group.push(uid);
      groupBytes += size;
    }
    await flush();
    return uids.filter((uid) => sources.has(uid)).map((uid) => ({ uid, raw: sources.get(uid) as Buffer }));
  }
}
