/**
 * The help desk's metrics, one set per running server (tests start several servers in one
 * process, so there is no module-level registry): HTTP traffic, ingested mail, alerts, webhook
 * deliveries, queue lags and open sockets read at scrape time, and process figures.
 */
import { Op } from 'sequelize';
import type { AppContext } from '../context';
import { Message } from '../models/Message';
import { Ticket } from '../models/Ticket';
import { WebhookDelivery } from '../models/WebhookDelivery';
import { CollectedGauge, Counter, Histogram, Registry } from './prometheus';

/** How a fetched mail ended: a new ticket, a reply threaded onto one, a duplicate, quarantined. */
export type MailIngestResult = 'created' | 'threaded' | 'duplicate' | 'quarantined';
export type WebhookDeliveryResult = 'delivered' | 'retrying' | 'failed';

export interface HelpdeskMetrics {
  registry: Registry;
  httpRequests: Counter;
  httpDuration: Histogram;
  mailsIngested: Counter;
  alertsRaised: Counter;
  webhookDeliveries: Counter;
  /** Set once the Socket.IO server exists: open sockets per namespace. */
  sockets: () => Array<{ namespace: string; count: number }>;
}

const byContext = new WeakMap<AppContext, HelpdeskMetrics>();

/** Seconds since the oldest of these dates, 0 when there is none. */
function ageSeconds(now: Date, oldest: unknown): number {
  if (oldest === null || oldest === undefined) return 0;
  const at = oldest instanceof Date ? oldest : new Date(String(oldest));
  return Number.isNaN(at.getTime()) ? 0 : Math.max(0, (now.getTime() - at.getTime()) / 1000);
}

/** How long a callback queued now waits for the event loop: the lag every request sees. */
function eventLoopLagSeconds(): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => setImmediate(() => resolve(Number(process.hrtime.bigint() - started) / 1e9)));
}

async function queueLags(ctx: AppContext): Promise<Array<{ labels: { queue: string }; value: number }>> {
  const now = ctx.now();
  const [webhook, mail, alertScan] = await Promise.all([
    WebhookDelivery.min('createdAt', { where: { state: 'pending' } }),
    Message.min('createdAt', { where: { deliveryState: 'queued' } }),
    Ticket.min('alertScanAt', { where: { alertScanAt: { [Op.lte]: now } } }),
  ]);
  return [
    { labels: { queue: 'webhooks' }, value: ageSeconds(now, webhook) },
    { labels: { queue: 'outbound_mail' }, value: ageSeconds(now, mail) },
    { labels: { queue: 'alert_scan' }, value: ageSeconds(now, alertScan) },
  ];
}

function build(ctx: AppContext): HelpdeskMetrics {
  const registry = new Registry();
  const metrics: HelpdeskMetrics = {
    registry,
    httpRequests: registry.register(new Counter('helpdesk_http_requests_total', 'HTTP requests answered, by route pattern', ['method', 'route', 'status'])),
    httpDuration: registry.register(new Histogram('helpdesk_http_request_duration_seconds', 'Time to answer an HTTP request, by route pattern', ['route'])),
    mailsIngested: registry.register(new Counter('helpdesk_mails_ingested_total', 'Mails fetched from mailboxes, by outcome', ['result'])),
    alertsRaised: registry.register(new Counter('helpdesk_alerts_raised_total', 'Alerts raised by the scanner, by kind', ['kind'])),
    webhookDeliveries: registry.register(new Counter('helpdesk_webhook_deliveries_total', 'Webhook delivery attempts, by result', ['result'])),
    sockets: () => [],
  };
  registry.register(new CollectedGauge('helpdesk_socket_connections', 'Open Socket.IO connections, by namespace', () => metrics.sockets().map(({ namespace, count }) => ({ labels: { namespace }, value: count }))));
  registry.register(new CollectedGauge('helpdesk_queue_lag_seconds', 'Age of the oldest waiting item, by queue', () => queueLags(ctx)));
  registry.register(new CollectedGauge('process_resident_memory_bytes', 'Resident memory size in bytes', () => [{ value: process.memoryUsage.rss() }]));
  registry.register(new CollectedGauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes', () => [{ value: process.memoryUsage().heapUsed }]));
  registry.register(new CollectedGauge('nodejs_heap_total_bytes', 'V8 heap reserved, in bytes', () => [{ value: process.memoryUsage().heapTotal }]));
  registry.register(new CollectedGauge('nodejs_eventloop_lag_seconds', 'Delay of a callback queued at scrape time', async () => [{ value: await eventLoopLagSeconds() }]));
  registry.register(new CollectedGauge('process_uptime_seconds', 'Seconds since the process started', () => [{ value: process.uptime() }]));
  // Counted from the event, so the scanner needs no knowledge of metrics.
  ctx.events.subscribe('alert.raised', 'metrics.alerts', ({ kind }) => metrics.alertsRaised.inc({ kind }));
  return metrics;
}

/** The metrics of this server, made (and subscribed to its events) on first use. */
export function metricsOf(ctx: AppContext): HelpdeskMetrics {
  let metrics = byContext.get(ctx);
  if (!metrics) {
    metrics = build(ctx);
    byContext.set(ctx, metrics);
  }
  return metrics;
}

/** For the mail poller: one fetched mail's outcome (the service says `appended` for a threaded reply). */
export function countIngestedMail(ctx: AppContext, outcome: 'created' | 'appended' | 'duplicate' | 'quarantined'): void {
  metricsOf(ctx).mailsIngested.inc({ result: outcome === 'appended' ? 'threaded' : outcome });
}
