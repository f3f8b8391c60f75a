/**
 * The databases every suite runs on: SQLite always, and MariaDB/MySQL when TEST_DATABASE_URL is
 * set (CI sets it to the local MariaDB). Each server started gets a database of its own.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropMysqlDatabase } from '../../server/db/database';

export interface TestDatabase {
  name: 'sqlite' | 'mariadb';
  /** A fresh, empty database and the way to remove it afterwards. */
  create(): { url: string; dataDir: string; destroy(): Promise<void> };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-'));
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  create() {
    const dataDir = tempDir();
    return {
      url: `sqlite:${path.join(dataDir, 'helpdesk.sqlite')}`,
      dataDir,
      destroy: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

function mariadb(baseUrl: string): TestDatabase {
  return {
    name: 'mariadb',
    create() {
      const url = new URL(baseUrl);
      url.pathname = `/${(url.pathname.slice(1) || 'helpdesk_test').slice(0, 40)}_${randomBytes(4).toString('hex')}`;
      const dataDir = tempDir();
      return {
        url: url.toString(),
        dataDir,
        destroy: async () => {
          await dropMysqlDatabase(url.toString());
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function testDatabases(): TestDatabase[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqlite, mariadb(url)] : [sqlite];
}

/** `describe` once per database, with the database's name in the title. */
export function describeEachDatabase(title: string, body: (database: TestDatabase) => void): void {
  for (const database of testDatabases()) describe(`${title} [${database.name}]`, () => body(database));
}
