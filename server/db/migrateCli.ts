/**
 * `npm run migrate` applies pending migrations; `npm run migrate -- down` reverts the last one;
 * `npm run migrate -- down --to 0` reverts all; `npm run migrate -- status` lists them.
 */
import { loadConfig } from '../config';
import { openDatabase } from './database';
import { createMigrator } from './migrator';

async function main(): Promise<void> {
  const config = loadConfig();
  const { sequelize } = await openDatabase(config.DATABASE_URL);
  const migrator = createMigrator(sequelize);
  const [command = 'up', ...rest] = process.argv.slice(2);
  try {
    if (command === 'up') {
      const applied = await migrator.up();
      console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Nothing to apply.');
    } else if (command === 'down') {
      const toIndex = rest.indexOf('--to');
      const reverted = toIndex >= 0 ? await migrator.down({ to: rest[toIndex + 1] === '0' ? 0 : rest[toIndex + 1] }) : await migrator.down();
      console.log(reverted.length ? `Reverted: ${reverted.map((m) => m.name).join(', ')}` : 'Nothing to revert.');
    } else if (command === 'status') {
      for (const m of await migrator.executed()) console.log(`applied  ${m.name}`);
      for (const m of await migrator.pending()) console.log(`pending  ${m.name}`);
    } else {
      throw new Error(`Unknown command "${command}": use up, down [--to NAME|0] or status`);
    }
  } finally {
    await sequelize.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
