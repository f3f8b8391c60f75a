/**
 * Fault: kill -9 during mail ingestion (the promise of the email channel). A mailbox of mails of
 * every kind is ingested with nothing lost and nothing doubled, even when the server is killed
 * (SIGKILL) halfway through. The help desk runs as a real process (`server/main.ts`) against a
 * real Dovecot. The fault suite runs it on 250 mails to stay quick; TEST_MAILBOX_SIZE=2000 (or
 * more) runs the full-size proof (about three minutes per database).
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { openDatabase } from '../../server/db/database';
import { describeEachDatabase } from '../helpers/databases';
import { imapEnv, startDovecot } from '../helpers/dovecot';
import { expectedQuarantined, expectedStoredIds, generateCorpus } from '../helpers/mailCorpus';

const root = path.resolve(import.meta.dirname, '../..');
const MAILBOX_SIZE = Number(process.env.TEST_MAILBOX_SIZE ?? 250);

async function scalar(sequelize: Sequelize, sql: string): Promise<number> {
  try {
    const [row] = await sequelize.query<{ n: number | string | null }>(sql, { type: QueryTypes.SELECT });
    return Number(row?.n ?? 0);
  } catch {
    return 0; // the schema may not exist yet while the first process starts
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeEachDatabase(`fault: kill -9 during mail ingestion, a mailbox of ${MAILBOX_SIZE} mails of every kind`, (database) => {
  it('is ingested exactly once across a SIGKILL halfway through', async function () {
    this.timeout(600_000);
    const dovecot = await startDovecot();
    const db = database.create();
    let child: ChildProcess | null = null;
    let sequelize: Sequelize | null = null;
    try {
      const corpus = generateCorpus(MAILBOX_SIZE, `${database.name}-${Date.now()}`);
      await dovecot.appendMany(corpus.map((m) => m.raw));
      const env = {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        DATA_DIR: db.dataDir,
        ADMIN_PASSWORD: 'restart-test-password',
        ...imapEnv(dovecot),
        IMAP_POLL_SECONDS: '2',
        LOG_LEVEL: 'error',
      };
      // `node --import tsx` runs the server in this one process, so SIGKILL really kills it
      // (the tsx wrapper would leave its child running).
      const startHelpDesk = () => spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
      ({ sequelize } = await openDatabase(db.url));
      const db_ = sequelize;
      const stored = () => scalar(db_, "SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'");

      child = startHelpDesk();
      await waitFor(async () => (await stored()) >= MAILBOX_SIZE * 0.4, 300_000, 'the first process to store 40% of the mailbox');
      child.kill('SIGKILL');
      await once(child, 'exit');
      const atKill = await stored();
      expect(atKill).to.be.lessThan(expectedStoredIds(corpus).size);

      child = startHelpDesk();
      await waitFor(async () => (await scalar(db_, 'SELECT MAX(lastUid) AS n FROM mailboxes')) === MAILBOX_SIZE, 300_000, 'the second process to reach the last UID');
      child.kill('SIGTERM');
      await once(child, 'exit');
      child = null;

      const rows = await db_.query<{ externalId: string }>("SELECT externalId FROM messages WHERE direction = 'inbound'", { type: QueryTypes.SELECT });
      const ids = rows.map((r) => r.externalId);
      const expected = expectedStoredIds(corpus);
      expect(new Set(ids).size, 'no mail stored twice').to.equal(ids.length);
      expect(ids.length, 'every mail stored').to.equal(expected.size);
      expect(ids.filter((id) => !expected.has(id))).to.deep.equal([]);
      expect(await scalar(db_, 'SELECT COUNT(*) AS n FROM quarantined_mails')).to.equal(expectedQuarantined(corpus));
      expect(await scalar(db_, "SELECT COUNT(*) AS n FROM messages WHERE autoKind = 'bounce'")).to.equal(corpus.filter((m) => m.kind === 'bounce').length);
      expect(await scalar(db_, "SELECT COUNT(*) AS n FROM messages WHERE autoKind = 'auto-reply'")).to.equal(corpus.filter((m) => m.kind === 'auto-reply').length);
      console.log(`      ${MAILBOX_SIZE} mails: ${atKill} stored before the kill, ${ids.length} in all, ${expectedQuarantined(corpus)} quarantined`);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await sequelize?.close();
      await dovecot.stop();
      await db.destroy();
    }
  });
});
