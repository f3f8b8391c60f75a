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
  await ensureFirstAdmin(ctx);
  await startKnowledge(ctx);
  // Metrics (issue #9) before anything publishes events, so every alert raised is counted.
  const metrics = metricsOf(ctx);
  ctx.channels.email = await EmailChannel.start(ctx, { pollMailboxes: options.pollMailboxes ?? true });
  const assets = await buildClientAssets();
  const httpServer = http.createServer(createApp(ctx, assets));
  const realtime = new RealtimeServer(httpServer, ctx);
  metrics.sockets = () => [realtime.agents, realtime.widget].map((namespace) => ({ namespace: namespace.name, count: namespace.sockets.size }));
  // Outgoing webhooks (issue #9): queue on events, deliver in the background.
  const webhooks = new Webhooks(ctx);
  startSurveys(ctx, realtime.widget);
  // Search (issue #8): index on events, backfill and catch up in the background.
  const search = new SearchIndexer(ctx);
  search.start();
  const alerting = new Alerting(ctx, { scan: options.scanAlerts ?? true });
  const care = new CareScheduler(ctx);
  if (options.scheduleCare ?? true) care.start();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info('help desk listening', { url, publicUrl: config.publicUrl, database: dialect });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Socket.IO disconnects its clients and closes the HTTP server; then drop idle keep-alives.
      const closed = realtime.close();
      httpServer.closeAllConnections();
      await closed;
      await alerting.stop();
      await care.stop();
      await search.stop();
      await webhooks.stop();
      await ctx.channels.email?.stop();
      await ctx.events.drain();
      await sequelize.close();
    })());
  return { ctx, realtime, alerting, httpServer, url, close };
}
