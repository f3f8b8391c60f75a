/** What every service needs, built once at boot and passed down (no module-level singletons). */
import type { Sequelize } from 'sequelize';
import type { EmailChannel } from './channels/email/emailChannel';
import type { Config } from './config';
import type { Dialect } from './db/database';
import type { TransactionRunner } from './db/transaction';
import type { EventBus } from './events/bus';
import type { KnowledgeIndex } from './knowledge/knowledgeIndex';
import type { LeaseStore } from './jobs/leaseStore';
import type { Logger } from './util/logger';

export interface AppContext {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  dialect: Dialect;
  transactions: TransactionRunner;
  events: EventBus;
  /** Templates and articles ranked for suggestions and search, kept in step with the database. */
  knowledge: KnowledgeIndex;
  /** The time now; tests inject a clock so waiting times need no real waiting. */
  now(): Date;
  /** The running channels, set once they have started (null when a channel is off). */
  channels: { email: EmailChannel | null };
  // ── scale-out (issue #9) ──
  /** Where job leases live (database, or Redis with REDIS_URL); unset: the database. */
  leases?: LeaseStore;
  /** Set once a graceful shutdown has begun: readiness answers 503 and no new work starts. */
  lifecycle?: { shuttingDown: boolean };
}
