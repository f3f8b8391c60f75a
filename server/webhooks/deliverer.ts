/**
 * The webhook deliverer: one node at a time (a DB lease) selects due deliveries with one indexed
 * query, claims each by a conditional UPDATE (so a second node, or a run that outlived its lease,
 * never sends the same row), POSTs the signed body with a timeout, and records the attempt:
 * 2xx is delivered; anything else is retried with backoff, and failed after the last attempt.
 */
import { Op } from 'sequelize';
import type { AppContext } from '../context';
import { acquireLease, nodeId } from '../jobs/jobLock';
import { metricsOf } from '../metrics/helpdeskMetrics';
import { Webhook } from '../models/Webhook';
import { WebhookDelivery, type WebhookAttempt } from '../models/WebhookDelivery';
import { signWebhook } from './signing';
import { logContext } from '../util/logger';

const LEASE = 'webhook-deliverer';
const BATCH = 50;
/** Receivers are called in parallel, so one hanging receiver does not hold up the others. */
const CONCURRENCY = 8;
/** Waits after the 1st … 5th failed attempt; the 6th failure is final. */
export const RETRY_AFTER_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000];
export const MAX_ATTEMPTS = RETRY_AFTER_MS.length + 1;

export interface DeliveryRunReport {
  skipped: boolean;
  delivered: number;
  retrying: number;
  failed: number;
}

type Outcome = 'delivered' | 'retrying' | 'failed' | 'claimed-elsewhere';

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `No answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const text = cause?.code ? `${cause.code}: ${cause.message ?? ''}` : error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}

/** One POST; resolves with the status, or the reason there is none. */
async function post(ctx: AppContext, webhook: Webhook, delivery: WebhookDelivery): Promise<{ status: number | null; error: string | null }> {
  const timestamp = Math.floor(ctx.now().getTime() / 1000);
  const timeoutMs = ctx.config.WEBHOOK_TIMEOUT_SECONDS * 1000;
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'helpdesk-webhooks',
        'X-Helpdesk-Event': delivery.event,
        'X-Helpdesk-Delivery': delivery.uuid,
        'X-Helpdesk-Timestamp': String(timestamp),
        'X-Helpdesk-Signature': signWebhook(webhook.secret, timestamp, delivery.payload),
      },
      body: delivery.payload,
      // A redirect is not a delivery: the receiver's URL should be fixed instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, error: response.ok ? null : `The receiver answered ${response.status}` };
  } catch (error) {
    return { status: null, error: describe(error, timeoutMs) };
  }
}

async function attempt(ctx: AppContext, candidate: WebhookDelivery): Promise<Outcome> {
  const now = ctx.now();
  const attempts = candidate.attempts + 1;
  // The claim hides the row from other runs until well after this attempt's timeout.
  const [claimed] = await WebhookDelivery.update(
    { attempts, nextAttemptAt: new Date(now.getTime() + ctx.config.WEBHOOK_TIMEOUT_SECONDS * 1000 + 60_000) },
    { where: { id: candidate.id, state: 'pending', attempts: candidate.attempts, nextAttemptAt: { [Op.lte]: now } } },
  );
  if (!claimed) return 'claimed-elsewhere';
  const webhook = await Webhook.findByPk(candidate.webhookId);
  const started = performance.now();
  const result = webhook?.active ? await post(ctx, webhook, candidate) : { status: null, error: webhook ? 'The webhook is inactive' : 'The webhook was deleted' };
  const durationMs = Math.round(performance.now() - started);
  const record: WebhookAttempt = { at: now.toISOString(), status: result.status, error: result.error, durationMs };
  const log = [...(candidate.attemptLog ?? []), record].slice(-MAX_ATTEMPTS * 2);
  const ok = result.error === null;
  const giveUp = !ok && (attempts >= MAX_ATTEMPTS || !webhook?.active);
  const outcome: Outcome = ok ? 'delivered' : giveUp ? 'failed' : 'retrying';
  await WebhookDelivery.update(
    {
      state: ok ? 'delivered' : giveUp ? 'failed' : 'pending',
      lastStatus: result.status,
      lastError: result.error,
      durationMs,
      attemptLog: log,
      deliveredAt: ok ? ctx.now() : null,
      nextAttemptAt: ok || giveUp ? null : new Date(ctx.now().getTime() + RETRY_AFTER_MS[attempts - 1]),
    },
    { where: { id: candidate.id, attempts } },
  );
  metricsOf(ctx).webhookDeliveries.inc({ result: outcome });
  if (!ok) ctx.logger.warn('webhook delivery failed', { webhookId: candidate.webhookId, delivery: candidate.uuid, event: candidate.event, attempts, error: result.error, final: giveUp });
  return outcome;
}

/** One run: deliver what is due now; skipped when another node holds the lease. */
export async function deliverDueOnce(ctx: AppContext, owner = nodeId): Promise<DeliveryRunReport> {
  const report: DeliveryRunReport = { skipped: false, delivered: 0, retrying: 0, failed: 0 };
  const leaseMs = Math.max(60_000, ctx.config.WEBHOOK_POLL_SECONDS * 3000);
  if (!(await acquireLease(ctx, LEASE, leaseMs, owner))) return { ...report, skipped: true };
  const due = await WebhookDelivery.findAll({
    where: { state: 'pending', nextAttemptAt: { [Op.lte]: ctx.now() } },
    order: [['nextAttemptAt', 'ASC'], ['id', 'ASC']],
    limit: BATCH,
  });
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const outcome = await attempt(ctx, due[next++]);
      if (outcome !== 'claimed-elsewhere') report[outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  return report;
}

/** Runs the deliverer every WEBHOOK_POLL_SECONDS, and soon after new deliveries are queued. */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly ctx: AppContext) {}

  start(): void {
    if (this.ctx.config.WEBHOOK_POLL_SECONDS <= 0) return;
    this.timer = setInterval(() => this.tick(), this.ctx.config.WEBHOOK_POLL_SECONDS * 1000);
    this.timer.unref();
  }

  /** New rows were queued: deliver now rather than at the next tick (only when started). */
  kick(): void {
    // Out of the request context the kick came from: the run serves every request's deliveries.
    if (this.timer) logContext.exit(() => this.tick());
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = deliverDueOnce(this.ctx)
      .catch((error: unknown) => this.ctx.logger.error('webhook delivery run failed', { error }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.tick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.running) await this.running;
  }
}
