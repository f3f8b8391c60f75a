/**
 * Fault: a node is killed (-9) in the middle of sending a reply by SMTP. The mail server has the
 * whole mail but has not answered yet when the node dies, so it does not take it. After the
 * restart the reply is still claimed ("sending"); once the claim runs out the retry scan sends it,
 * exactly once. The claim lasts 10 minutes: the test ages it in the database instead of waiting.
 * (A node dying after the server's 250 but before it records "sent" sends the reply a second time
 * with the same Message-ID; that window is not shown here.)
 * Runs on one database (MariaDB when TEST_DATABASE_URL is set): the other faults cover both.
 */
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { openDatabase } from '../../server/db/database';
import { testDatabases } from '../helpers/databases';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';

const ADMIN = { email: 'admin@faults.test', password: 'faults-admin-password' };
const database = testDatabases()[testDatabases().length - 1];

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`fault: kill -9 of a node during an SMTP send [${database.name}]`, () => {
  it('sends the reply exactly once after the restart', async function () {
    this.timeout(120_000);
    const db = database.create();
    const smtp: SmtpSink = await startSmtpSink();
    let node: ServerProcess | null = null;
    let sequelize: Sequelize | null = null;
    const env = { DATABASE_URL: db.url, DATA_DIR: db.dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test', MAIL_RETRY_SCAN_SECONDS: '1' };
    try {
      node = await startServerProcess(env);
      const url = node.url;
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const opened = await fetch(`${url}/api/tickets`, { method: 'POST', headers, body: JSON.stringify({ subject: 'Parcel lost', body: 'Where is it?', customer: { email: 'fay@customer.test', name: 'Fay' } }) });
      const ticket = (await opened.json()) as { id: number };

      // The server will take the mail in and never answer: the node is killed mid-send.
      smtp.failNext(1, 'silence');
      const replied = await fetch(`${url}/api/tickets/${ticket.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ body: 'We found your parcel.' }) });
      expect(replied.status).to.equal(201);
      const reply = (await replied.json()) as { id: number };
      await until(() => smtp.refusedData() === 1, 'the mail to be in the SMTP server, unanswered');
      ({ sequelize } = await openDatabase(db.url));
      const db_ = sequelize;
      const state = async () => (await db_.query<{ deliveryState: string }>('SELECT deliveryState FROM messages WHERE id = ?', { replacements: [reply.id], type: QueryTypes.SELECT }))[0]?.deliveryState;
      expect(await state(), 'claimed by the node when it dies').to.equal('sending');
      await node.kill();

      node = await startServerProcess(env);
      // Still claimed by the dead node: nothing is sent until the claim runs out.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(smtp.messages, 'not sent while the dead node’s claim holds').to.have.length(0);
      await db_.query('UPDATE messages SET nextAttemptAt = ? WHERE id = ?', { replacements: [new Date(Date.now() - 1000), reply.id] });
      await until(async () => (await state()) === 'sent', 'the restarted node to send the reply');
      // A few more scans: still one.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(smtp.messages, 'delivered exactly once').to.have.length(1);
      expect(smtp.messages[0].raw.toString()).to.contain('We found your parcel.');
      console.log(`      ${smtp.attempts()} SMTP attempts (1 cut by the kill), ${smtp.messages.length} delivered`);
    } finally {
      await node?.kill();
      await sequelize?.close();
      await smtp.stop();
      await db.destroy();
    }
  });
});
