/**
 * Starts the help desk: database, migrations, models, first admin, HTTP. Used by main.ts and by
 * the tests (which start it on a free port with their own database and clock).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildClientAssets } from '../client/build';
import { createApp } from './app';
import { Alerting } from './alerts/alerting';
import { CareScheduler } from './care/careScheduler';
import { EmailChannel } from './channels/email/emailChannel';
import { RealtimeServer } from './realtime/socketServer';
import { startSurveys } from './surveys/surveyProcessor';
import { SearchIndexer } from './search/indexer';
import { metricsOf } from './metrics/helpdeskMetrics';
import { Webhooks } from './webhooks/webhooks';
import type { Config } from './config';
import type { AppContext } from './context';
import { openDatabase } from './db/database';
import { migrateUp } from './db/migrator';
import { TransactionRunner } from './db/transaction';
import { EventBus } from './events/bus';
import { startKnowledge } from './knowledge/knowledge';
import { KnowledgeIndex } from './knowledge/knowledgeIndex';
import { initModels } from './models';
import { ensureFirstAdmin } from './services/authService';
import { createLogger, type Logger } from './util/logger';
// ── scale-out (issue #9) ──
import { openLeaseStore } from './jobs/leaseStores';
import { createRealtimeRedis } from './realtime/redisAdapter';
import { HttpDrain, workerOnly } from './util/httpLifecycle';

export interface RunningServer {
  ctx: AppContext;
  realtime: RealtimeServer;
  alerting: Alerting;
  httpServer: http.Server;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  now?: () => Date;
  /** Start a poller for each active mailbox (default true). */
  pollMailboxes?: boolean;
  /** Run the alert scanner every ALERT_SCAN_SECONDS (default true). */
  scanAlerts?: boolean;
  /** Run the care scheduler every CARE_SCAN_SECONDS (default true). */
  scheduleCare?: boolean;
}

/** How long a graceful shutdown waits for in-flight HTTP requests before closing their connections. */
const DRAIN_TIMEOUT_MS = 15_000;

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const { sequelize, dialect } = await openDatabase(config.DATABASE_URL, config.LOG_LEVEL === 'debug');
  const applied = await migrateUp(sequelize);
  if (applied.length) logger.info('migrations applied', { applied });
  initModels(sequelize);
  const ctx: AppContext = {
    config,
    logger,
    sequelize,
    dialect,
    transactions: new TransactionRunner(sequelize, dialect),
    events: new EventBus(logger),
    knowledge: new KnowledgeIndex(logger),
    now: options.now ?? (() => new Date()),
    channels: { email: null },
  };
  // ── scale-out (issue #9) ── leases (Redis or the database) before any loop takes one.
  const lifecycle = { shuttingDown: false };
  ctx.lifecycle = lifecycle;
  const leases = await openLeaseStore(ctx);
  ctx.leases = leases.store;
  const role = config.SERVER_ROLE;
  // web: requests and sockets only; worker: the loops (and health/metrics over HTTP); both: all.
  const background = role !== 'web';
  await ensureFirstAdmin(ctx);
  await startKnowledge(ctx);
  // Metrics (issue #9) before anything publishes events, so every alert raised is counted.
  const metrics = metricsOf(ctx);
  // Event processors (pushes, mail sends, webhook queueing, indexing) run on every node, in the
  // process that published the event; only the periodic loops depend on the role.
  ctx.channels.email = await EmailChannel.start(ctx, { pollMailboxes: background && (options.pollMailboxes ?? true), retryScan: background });
  const assets = role === 'worker' ? new Map() : await buildClientAssets();
  const app = createApp(ctx, assets);
  const drain = new HttpDrain(lifecycle);
  const httpServer = http.createServer(drain.track(role === 'worker' ? workerOnly(app) : app));
  const realtimeRedis = config.REDIS_URL ? createRealtimeRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, logger) : null;
  // A worker serves no sockets: its Socket.IO server only emits, through Redis, to the web nodes' clients.
  const realtime = new RealtimeServer(role === 'worker' ? null : httpServer, ctx, { adapter: realtimeRedis?.adapter });
  metrics.sockets = () => [realtime.agents, realtime.widget].map((namespace) => ({ namespace: namespace.name, count: namespace.sockets.size }));
  // Outgoing webhooks (issue #9): queue on events, deliver in the background.
  const webhooks = new Webhooks(ctx, { deliver: background });
  startSurveys(ctx, realtime.widget);
  // Search (issue #8): index on events, backfill and catch up in the background.
  const search = new SearchIndexer(ctx);
  if (background) search.start();
  const alerting = new Alerting(ctx, { scan: background && (options.scanAlerts ?? true) });
  const care = new CareScheduler(ctx);
  if (background && (options.scheduleCare ?? true)) care.start();
  if (role !== 'both' && !config.REDIS_URL) logger.warn('SERVER_ROLE without REDIS_URL: live pushes of one node do not reach the clients of another', { role });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info('help desk listening', { url, publicUrl: config.publicUrl, database: dialect, role, redis: config.REDIS_URL ? 'on' : 'off' });

  let closing: Promise<void> | undefined;
  /**
   * Graceful shutdown: readiness says 503 at once and no new connection is accepted; the loops
   * stop (a running scan or poll finishes, a poll between two mails) and their leases are
   * released so another node takes over now rather than after the TTL; in-flight requests finish
   * (up to DRAIN_TIMEOUT_MS); then sockets, pending event processors, Redis and the database close.
   */
  const close = () =>
    (closing ??= (async () => {
      lifecycle.shuttingDown = true;
      drain.stopListening(httpServer);
      const stopLoops = async () => {
        await Promise.all([alerting.stop(), care.stop(), search.stop(), webhooks.stop(), ctx.channels.email?.stop()]);
        await leases.store.releaseAll().catch((error: unknown) => logger.warn('job leases not released', { error }));
      };
      const [, drained] = await Promise.all([stopLoops(), drain.idle(DRAIN_TIMEOUT_MS)]);
      if (!drained) logger.warn('shutdown: requests still running after the drain timeout are cut', { inFlight: drain.inFlight });
      // Pushes and sends the finished requests published, then Socket.IO disconnects its clients
      // (they reconnect to another node) and what is left of the connections is dropped.
      await ctx.events.drain();
      const closed = realtime.close();
      httpServer.closeAllConnections();
      await closed;
      await ctx.events.drain();
      await Promise.all([realtimeRedis?.close(), leases.close()]);
      await sequelize.close();
    })());
  return { ctx, realtime, alerting, httpServer, url, close };
}
