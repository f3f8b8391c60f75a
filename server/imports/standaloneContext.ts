/**
 * The AppContext a command-line tool (the import CLI, the import benchmark) needs to call the
 * services without starting the HTTP server: database, migrations, models, transactions.
 */
import type { Config } from '../config';
import type { AppContext } from '../context';
import { openDatabase } from '../db/database';
import { migrateUp } from '../db/migrator';
import { TransactionRunner } from '../db/transaction';
import { EventBus } from '../events/bus';
import { KnowledgeIndex } from '../knowledge/knowledgeIndex';
import { initModels } from '../models';
import { createLogger } from '../util/logger';

export async function openStandaloneContext(config: Config): Promise<{ ctx: AppContext; close(): Promise<void> }> {
  const logger = createLogger(config.LOG_LEVEL);
  const { sequelize, dialect } = await openDatabase(config.DATABASE_URL);
  await migrateUp(sequelize);
  initModels(sequelize);
  const events = new EventBus(logger);
  const ctx: AppContext = {
    config,
    logger,
    sequelize,
    dialect,
    transactions: new TransactionRunner(sequelize, dialect),
    events,
    knowledge: new KnowledgeIndex(logger),
    now: () => new Date(),
    channels: { email: null },
  };
  return {
    ctx,
    close: async () => {
      await events.drain();
      await sequelize.close();
    },
  };
}
