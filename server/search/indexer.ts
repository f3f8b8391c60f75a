/**
 * Keeps the search index in step with the data. Changes made through the services arrive as
 * domain events after commit and are indexed at once (off the request's path); everything else —
 * rows written before this feature existed, during a crash, by another process, customers (who
 * publish no events) — is found by the catch-up, run in the background at start (the backfill:
 * batched, the server answers meanwhile) and then every `intervalMs`. A lease in the database
 * lets one node at a time run the catch-up; the index writes are idempotent either way.
 */
import type { AppContext } from '../context';
import { acquireLease } from '../jobs/jobLock';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { catchUpSearchIndex, type CatchUpReport } from './catchUp';
import { loadCustomerDocs, loadMessageDocs, loadTicketDocs, type IndexDoc } from './documents';
import { IndexWriteQueue } from './indexWriteQueue';

const LEASE = 'search-catch-up';
export const DEFAULT_CATCH_UP_MS = 30_000;

/** The documents of one ticket, and optionally of its messages and its customer, as they are now. */
async function ticketDocs(ticketId: number, options: { messages?: boolean; customer?: boolean } = {}): Promise<IndexDoc[]> {
  const docs = await loadTicketDocs([ticketId]);
  if (options.messages) {
    const ids = (await Message.findAll({ where: { ticketId }, attributes: ['id'] })).map((m) => m.id);
    docs.push(...(await loadMessageDocs(ids)));
  }
  if (options.customer) {
    const ticket = await Ticket.findByPk(ticketId, { attributes: ['customerId'] });
    if (ticket) docs.push(...(await loadCustomerDocs([ticket.customerId])));
  }
  return docs;
}

export class SearchIndexer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CatchUpReport | null> | null = null;
  private stopped = false;

  constructor(private readonly ctx: AppContext, private readonly options: { intervalMs?: number; catchUp?: boolean } = {}) {
    // Changes are indexed at once, committed together with whatever else is waiting.
    const queue = new IndexWriteQueue(ctx);
    ctx.events.subscribe('ticket.created', 'search.index-ticket', async ({ ticketId }) => queue.write(await ticketDocs(ticketId, { messages: true, customer: true })));
    ctx.events.subscribe('ticket.updated', 'search.index-ticket', async ({ ticketId, changed }) => queue.write(await ticketDocs(ticketId, { customer: changed.includes('customerId') })));
    ctx.events.subscribe('message.created', 'search.index-message', async ({ messageId }) => queue.write(await loadMessageDocs([messageId])));
  }

  /** Starts the background backfill/catch-up and its timer; returns at once. */
  start(): void {
    if (this.options.catchUp === false) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? DEFAULT_CATCH_UP_MS);
    this.timer.unref();
  }

  /** Runs one catch-up now (unless one is running: then waits for that one). */
  runOnce(): Promise<CatchUpReport | null> {
    this.running ??= (async () => {
      try {
        if (!(await acquireLease(this.ctx, LEASE, 10 * 60_000))) return null;
        const report = await catchUpSearchIndex(this.ctx, { shouldStop: () => this.stopped });
        if (report.indexed) this.ctx.logger.info('search index caught up', { ...report });
        return report;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private tick(): void {
    this.runOnce().catch((error: unknown) => this.ctx.logger.error('search catch-up failed', { error }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => null);
  }
}
