/**
 * Opens the Sequelize connection for DATABASE_URL: SQLite (embedded default) or MySQL/MariaDB.
 * The MySQL database and the SQLite file's folder are created when missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConnectionError, Sequelize, TimeoutError } from 'sequelize';
import mysql from 'mysql2/promise';

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  run(sql: string): void;
}

/**
 * Sequelize opens a new SQLite connection for every transaction, so a connection's own page cache
 * starts empty each time and every write re-reads the B-tree pages it touches. Memory-mapping the
 * file lets each new connection read pages straight from the operating system's cache instead of
 * copying them in with a system call each (large index writes, such as a search backfill, touch
 * many pages). 1 GiB is address space, not memory.
 */
const SQLITE_MMAP_BYTES = 2 ** 30;

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
        afterConnect: (connection: unknown) => {
          const sqlite = connection as SqliteConnection;
          sqlite.configure('busyTimeout', 10_000);
          sqlite.run(`PRAGMA mmap_size = ${SQLITE_MMAP_BYTES}`);
        },
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
      // A database that does not answer fails a request in seconds (a 503) rather than holding
      // it: connect within 5 s, a pooled connection within 10 s, dead connections evicted.
      dialectOptions: { charset: 'utf8mb4', dateStrings: false, connectTimeout: 5_000, enableKeepAlive: true },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
      pool: { max: 10, min: 0, idle: 10_000, acquire: 10_000, evict: 1_000 },
    });
  }
  await sequelize.authenticate();
  return { sequelize, dialect };
}

/** Driver codes of a database that went away or does not answer (as opposed to a bad query). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY',
]);

/**
 * True when a query failed because the database is down, restarting or overloaded: the caller
 * may try again later (HTTP 503), nothing about the request itself is wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  for (let cause: unknown = error, depth = 0; cause && depth < 3; depth += 1) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    // mysql2 on a connection the server closed: "Can't add new command when connection is in closed state".
    if (typeof message === 'string' && /connection is in closed state|connection lost/i.test(message)) return true;
    cause = (cause as { parent?: unknown; original?: unknown }).parent ?? (cause as { original?: unknown }).original;
  }
  return false;
}
