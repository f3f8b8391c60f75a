/**
 * Fault: the IMAP server drops the connection in the middle of a fetch. A real Dovecot holds a
 * few hundred mails of every kind; while the help desk is fetching them, Dovecot's imap process
 * serving it is killed (-9), twice: the socket dies mid-command, as when a server restarts or a
 * network path breaks. The poller reconnects with backoff and resumes from its UID checkpoint:
 * every mail stored exactly once, none skipped, nothing quarantined because of the disconnects.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { QueryTypes, type Sequelize } from 'sequelize';
import { describeEachDatabase } from '../helpers/databases';
import { imapEnv, startDovecot, type DovecotServer } from '../helpers/dovecot';
import { expectedQuarantined, expectedStoredIds, generateCorpus } from '../helpers/mailCorpus';
import { startTestServer, type TestServer } from '../helpers/server';

const MAILBOX_SIZE = 200;

/** Pids of the Dovecot processes holding an established connection on this (our own) port. */
function imapProcessesOn(port: number): number[] {
  const out = spawnSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).stdout;
  return [...new Set([...out.matchAll(/\("imap",pid=(\d+)/g)].map((m) => Number(m[1])))];
}

async function count(sequelize: Sequelize, sql: string): Promise<number> {
  const [row] = await sequelize.query<{ n: number | string | null }>(sql, { type: QueryTypes.SELECT });
  return Number(row?.n ?? 0);
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachDatabase('fault: the IMAP server drops the connection mid-fetch', (database) => {
  let dovecot: DovecotServer;
  let server: TestServer | null = null;
  before(async () => {
    dovecot = await startDovecot();
  });
  after(async () => {
    await server?.close();
    await dovecot?.stop();
  });

  it('reconnects and stores every mail exactly once, skipping none and quarantining none because of it', async function () {
    this.timeout(180_000);
    const corpus = generateCorpus(MAILBOX_SIZE, `imap-drop-${database.name}-${Date.now()}`);
    await dovecot.appendMany(corpus.map((m) => m.raw));
    server = await startTestServer(database, {
      ...imapEnv(dovecot),
      IMAP_POLL_SECONDS: '2',
    });
    const sequelize = server.server.ctx.sequelize;
    const handled = () => count(sequelize, "SELECT (SELECT COUNT(*) FROM messages WHERE direction = 'inbound') + (SELECT COUNT(*) FROM quarantined_mails) AS n");

    // Two drops, each while the fetch is under way (some mails stored, most still to come).
    const drops: number[] = [];
    const killed = new Set<number>();
    for (const share of [0.2, 0.5]) {
      await until(async () => (await handled()) >= MAILBOX_SIZE * share, 120_000, `${share * 100}% of the mailbox`);
      const pids = imapProcessesOn(dovecot.port);
      expect(pids, 'the imap process serving the help desk').to.have.length.greaterThan(0);
      for (const pid of pids) {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      }
      drops.push(await handled());
    }
    expect(drops[1], 'the second drop was mid-fetch too').to.be.lessThan(expectedStoredIds(corpus).size);

    await until(async () => (await count(sequelize, 'SELECT MAX(lastUid) AS n FROM mailboxes')) === MAILBOX_SIZE, 120_000, 'the last UID to be checkpointed');
    // The poller came back on a new connection (a new imap process) and stays connected for IDLE.
    await until(async () => imapProcessesOn(dovecot.port).some((pid) => !killed.has(pid)), 30_000, 'the poller to be connected again');
    const rows = await sequelize.query<{ externalId: string }>("SELECT externalId FROM messages WHERE direction = 'inbound'", { type: QueryTypes.SELECT });
    const ids = rows.map((r) => r.externalId);
    const expected = expectedStoredIds(corpus);
    expect(new Set(ids).size, 'no mail stored twice').to.equal(ids.length);
    expect(ids.filter((id) => !expected.has(id)), 'nothing unexpected stored').to.deep.equal([]);
    expect(ids.length, 'every mail stored').to.equal(expected.size);
    const quarantined = await sequelize.query<{ reason: string }>('SELECT reason FROM quarantined_mails', { type: QueryTypes.SELECT });
    expect(quarantined.length, `only the unprocessable mails are quarantined: ${JSON.stringify(quarantined.map((q) => q.reason))}`).to.equal(expectedQuarantined(corpus));
    const mailbox = await sequelize.query<{ lastError: string | null }>('SELECT lastError FROM mailboxes', { type: QueryTypes.SELECT });
    expect(mailbox[0]?.lastError ?? null, 'the error of the drop is cleared by the next good sync').to.equal(null);
    console.log(`      ${MAILBOX_SIZE} mails; connection dropped at ${drops.join(' and ')} handled; ${ids.length} stored once, ${quarantined.length} quarantined (the unprocessable ones)`);
  });
});
