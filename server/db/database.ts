/**
 * Opens the Sequelize connection for DATABASE_URL: SQLite (embedded default) or MySQL/MariaDB.
 * The MySQL database and the SQLite file's folder are created when missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import mysql from 'mysql2/promise';

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
}

export type Dialect = 'sqlite' | 'mysql';

export interface Database {
  sequelize: Sequelize;
  dialect: Dialect;
}

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** `sqlite:./data/x.sqlite`, `sqlite:/abs/x.sqlite` or `sqlite::memory:` → a storage path for sqlite3. */
export function sqliteStorage(databaseUrl: string): string {
  const rest = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  return rest === ':memory:' ? ':memory:' : path.resolve(rest);
}

/** MySQL identifiers cannot be bound as parameters, so the name is checked before it is quoted. */
function safeDatabaseName(name: string): string {
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(name)) throw new Error(`Unsupported database name in DATABASE_URL: ${name}`);
  return name;
}

async function createMysqlDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = safeDatabaseName(decodeURIComponent(url.pathname.replace(/^\//, '')));
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export async function dropMysqlDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = safeDatabaseName(decodeURIComponent(url.pathname.replace(/^\//, '')));
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

export async function openDatabase(databaseUrl: string, logQueries = false): Promise<Database> {
  const dialect = dialectOf(databaseUrl);
  const logging = logQueries ? (sql: string) => console.debug(sql) : false;
  let sequelize: Sequelize;
  if (dialect === 'sqlite') {
    const storage = sqliteStorage(databaseUrl);
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(storage), { recursive: true });
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      hooks: {
        // Sequelize opens one sqlite connection per transaction: each must wait for a busy
        // database rather than fail at once.
        afterConnect: (connection: unknown) => (connection as SqliteConnection).configure('busyTimeout', 10_000),
      },
    });
    // WAL lets readers run while a write commits.
    await sequelize.query('PRAGMA journal_mode = WAL');
  } else {
    await createMysqlDatabaseIfMissing(databaseUrl);
    const url = new URL(databaseUrl);
    sequelize = new Sequelize(decodeURIComponent(url.pathname.slice(1)), decodeURIComponent(url.username), decodeURIComponent(url.password), {
      dialect: 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      logging,
      timezone: '+00:00',
      dialectOptions: { charset: 'utf8mb4', dateStrings: false },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
      pool: { max: 10, min: 0, idle: 10_000 },
    });
  }
  await sequelize.authenticate();
  return { sequelize, dialect };
}
