/**
 * Runs the ordered, reversible migrations in `migrations/` with umzug, recording what ran in
 * the `schema_migrations` table. Used at start and by `npm run migrate`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';

export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
}

interface MigrationModule {
  up(context: MigrationContext): Promise<void>;
  down(context: MigrationContext): Promise<void>;
}

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function createMigrator(sequelize: Sequelize, log: (message: string) => void = () => {}) {
  const files = fs
    .readdirSync(migrationsDir)
    .filter((file) => /^\d{4}-[\w-]+\.ts$/.test(file))
    .sort();
  const context: MigrationContext = { queryInterface: sequelize.getQueryInterface(), sequelize };
  return new Umzug<MigrationContext>({
    context,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: { info: (e) => log(JSON.stringify(e)), warn: (e) => log(JSON.stringify(e)), error: (e) => log(JSON.stringify(e)), debug: () => {} },
    migrations: files.map((file) => {
      const load = async () => (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as MigrationModule;
      return {
        name: file.replace(/\.ts$/, ''),
        up: async ({ context: ctx }) => (await load()).up(ctx),
        down: async ({ context: ctx }) => (await load()).down(ctx),
      };
    }),
  });
}

export async function migrateUp(sequelize: Sequelize, log?: (message: string) => void): Promise<string[]> {
  const applied = await createMigrator(sequelize, log).up();
  return applied.map((m) => m.name);
}
