/**
 * The alert scanner: every ALERT_SCAN_SECONDS, one indexed query (tickets.alertScanAt <= now)
 * finds tickets whose warning or deadline has come; an alert row is inserted per ticket, wait
 * and kind (the unique key makes a second scanner or a restart a no-op) and `alert.raised` is
 * published after commit. Overdue alerts still open after the escalation time are escalated.
 */
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { acquireLease, nodeId } from '../jobs/jobLock';
import { Alert, type AlertKind } from '../models/Alert';
import { Ticket } from '../models/Ticket';
import { alertPolicy } from '../services/waitingClockService';

const LEASE = 'alert-scanner';
const BATCH = 500;

export interface ScanReport {
  raised: number;
  escalated: number;
  skipped: boolean;
}

/** Inserts the alert unless this ticket already has one for this wait and kind. */
async function raise(ctx: AppContext, transaction: Transaction, ticket: Ticket, kind: AlertKind, dueAt: Date | null): Promise<Alert | null> {
  try {
    // A savepoint, so a duplicate does not abort the surrounding transaction (MySQL and SQLite alike).
    return await ctx.sequelize.transaction({ transaction }, (savepoint) =>
      Alert.create({ ticketId: ticket.id, waitSeq: ticket.waitSeq, kind, raisedAt: ctx.now(), dueAt, assigneeId: ticket.assigneeId, groupId: ticket.groupId }, { transaction: savepoint }),
    );
  } catch (error) {
    if (error instanceof UniqueConstraintError) return null;
    throw error;
  }
}

export async function scanOnce(ctx: AppContext, owner = nodeId): Promise<ScanReport> {
  const report: ScanReport = { raised: 0, escalated: 0, skipped: false };
  if (!(await acquireLease(ctx, LEASE, Math.max(30_000, ctx.config.ALERT_SCAN_SECONDS * 3000), owner))) return { ...report, skipped: true };
  const now = ctx.now();
  for (;;) {
    const due = await Ticket.findAll({ attributes: ['id'], where: { alertScanAt: { [Op.lte]: now } }, order: [['alertScanAt', 'ASC']], limit: BATCH });
    if (!due.length) break;
    for (const { id } of due) {
      report.raised += await ctx.transactions.run(async (transaction) => {
        const ticket = await Ticket.findByPk(id, { transaction, lock: ctx.dialect === 'mysql' ? transaction.LOCK.UPDATE : undefined });
        if (!ticket?.alertScanAt || ticket.alertScanAt > now) return 0;
        const overdue = ticket.alertDueAt !== null && ticket.alertDueAt <= now;
        const kind: AlertKind = overdue ? 'overdue' : 'warning';
        const alert = await raise(ctx, transaction, ticket, kind, ticket.alertDueAt);
        // Next look: the deadline after a warning; nothing after the overdue alert.
        await ticket.update({ alertScanAt: overdue ? null : ticket.alertDueAt }, { transaction });
        if (alert) ctx.events.publishAfterCommit(transaction, 'alert.raised', { alertId: alert.id, ticketId: ticket.id, kind });
        return alert ? 1 : 0;
      });
    }
    if (due.length < BATCH) break;
  }
  report.escalated = await escalate(ctx, now);
  return report;
}

async function escalate(ctx: AppContext, now: Date): Promise<number> {
  const policy = await alertPolicy(ctx);
  if (policy.escalateAfterHours === null) return 0;
  const before = new Date(now.getTime() - policy.escalateAfterHours * 3_600_000);
  const stale = await Alert.findAll({ where: { state: 'open', kind: 'overdue', escalatedAt: null, raisedAt: { [Op.lte]: before } }, limit: BATCH });
  let count = 0;
  for (const overdue of stale) {
    count += await ctx.transactions.run(async (transaction) => {
      const [claimed] = await Alert.update({ escalatedAt: now }, { where: { id: overdue.id, escalatedAt: null, state: 'open' }, transaction });
      if (!claimed) return 0;
      const ticket = await Ticket.findByPk(overdue.ticketId, { transaction });
      if (!ticket) return 0;
      const alert = await raise(ctx, transaction, ticket, 'escalation', overdue.dueAt);
      if (alert) ctx.events.publishAfterCommit(transaction, 'alert.raised', { alertId: alert.id, ticketId: ticket.id, kind: 'escalation' });
      return alert ? 1 : 0;
    });
  }
  return count;
}

export class AlertScanner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  /** `afterScan` runs after each scan (the notifier's retries of failed deliveries). */
  constructor(private readonly ctx: AppContext, private readonly afterScan: () => Promise<unknown> = async () => undefined) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.ctx.config.ALERT_SCAN_SECONDS * 1000);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = scanOnce(this.ctx)
      .then(() => this.afterScan())
      .catch((error: unknown) => this.ctx.logger.error('alert scan failed', { error }))
      .finally(() => (this.running = null));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
