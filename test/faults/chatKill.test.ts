/**
 * Fault: a node is killed (-9) in the middle of a chat. A widget visitor (socket.io-client and the
 * widget's own outbox, which re-sends unacknowledged messages with the same clientId) and an agent
 * (HTTP replies) keep talking; the visitor goes on typing while the node is down; the node comes
 * back on the same port. Counted in the database: every visitor message once, in the order sent;
 * every reply the server acknowledged once; the visitor got every stored reply.
 */
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { io as connect, type Socket } from 'socket.io-client';
import { ChatOutbox } from '../../client/shared/chatOutbox';
import { openDatabase } from '../../server/db/database';
import { describeEachDatabase } from '../helpers/databases';
import { freePort } from '../helpers/net';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';

const ADMIN = { email: 'admin@faults.test', password: 'faults-admin-password' };
const VISITOR_MESSAGES = 60;

interface WidgetMessage {
  id: number | null;
  authorType: string;
  body: string;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('fault: kill -9 of a node during a chat', (database) => {
  it('keeps every acknowledged message once, delivers the ones sent during the outage once, in order', async function () {
    this.timeout(120_000);
    const db = database.create();
    const port = await freePort();
    const env = { DATABASE_URL: db.url, DATA_DIR: db.dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PORT: String(port), CHAT_RATE_PER_MINUTE: '10000', LOG_LEVEL: 'info' };
    let node: ServerProcess | null = null;
    let socket: Socket | null = null;
    let sequelize: Sequelize | null = null;
    try {
      node = await startServerProcess(env);
      const url = node.url;
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      const { token } = (await login.json()) as { token: string };

      // The visitor: the widget's outbox over a socket that reconnects by itself with its token.
      let visitorToken: string | undefined;
      const receivedReplies = new Set<number>();
      const seen = (message: WidgetMessage) => {
        if (message.authorType === 'agent' && message.id) receivedReplies.add(message.id);
      };
      const visitor = connect(`${url}/widget`, {
        auth: (send) => send({ visitorToken, name: 'Visitor Kim', lastSeenId: Math.max(0, ...receivedReplies) }),
        transports: ['websocket'],
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
      });
      socket = visitor;
      visitor.on('session', (session: { visitorToken: string; history: WidgetMessage[] }) => {
        visitorToken = session.visitorToken;
        session.history.forEach(seen);
      });
      visitor.on('message', seen);
      const acked: Array<{ text: string; id: number }> = [];
      let ticketId = 0;
      const outbox = new ChatOutbox(visitor, (message, storedIn) => {
        acked.push({ text: message.text, id: message.id as number });
        ticketId = storedIn;
      });

      // The agent: replies over HTTP, one every few visitor messages, without retrying.
      const replies: Array<{ body: string; status: number | 'network' }> = [];
      const reply = async (body: string) => {
        try {
          const response = await fetch(`${url}/api/tickets/${ticketId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ body }),
          });
          replies.push({ body, status: response.status });
        } catch {
          replies.push({ body, status: 'network' });
        }
      };

      const sent: string[] = [];
      const typeOne = async (i: number) => {
        const text = `visitor message ${String(i).padStart(3, '0')}`;
        sent.push(text);
        outbox.send(text);
        if (i > 0 && i % 5 === 0 && ticketId) await reply(`agent reply after ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 40));
      };

      let i = 0;
      for (; i < 20; i += 1) await typeOne(i);
      await until(() => acked.length >= 10, 30_000, 'the first acknowledgements');

      // The fault, mid-stream: the visitor keeps typing while the node is gone.
      await node.kill();
      const ackedAtKill = acked.length;
      for (; i < 40; i += 1) await typeOne(i);

      // Recovery: the same port, the same database; the socket reconnects and the outbox re-sends.
      node = await startServerProcess(env);
      for (; i < VISITOR_MESSAGES; i += 1) await typeOne(i);
      await until(() => outbox.pending.length === 0 && acked.length >= VISITOR_MESSAGES, 60_000, 'every visitor message to be acknowledged');

      ({ sequelize } = await openDatabase(db.url));
      const stored = await sequelize.query<{ id: number; body: string; clientId: string }>(
        "SELECT id, body, clientId FROM messages WHERE authorType = 'customer' ORDER BY id",
        { type: QueryTypes.SELECT },
      );
      expect(stored.map((m) => m.body), 'visitor messages: each once, in the order typed').to.deep.equal(sent);
      expect(new Set(stored.map((m) => m.clientId)).size).to.equal(sent.length);
      expect(acked.map((a) => a.text), 'acknowledged in the order typed').to.deep.equal(sent);
      expect(acked.map((a) => a.id), 'each ack names the stored message').to.deep.equal(stored.map((m) => m.id));

      const storedReplies = await sequelize.query<{ id: number; body: string }>("SELECT id, body FROM messages WHERE authorType = 'agent' ORDER BY id", { type: QueryTypes.SELECT });
      const replyBodies = storedReplies.map((m) => m.body);
      for (const { body, status } of replies) {
        const copies = replyBodies.filter((b) => b === body).length;
        // 201: stored once. A reply whose request died with the node may be stored or not, never twice.
        if (status === 201) expect(copies, body).to.equal(1);
        else expect(copies, body).to.be.at.most(1);
      }
      expect(replies.filter((r) => r.status !== 201 && r.status !== 'network'), 'replies refused otherwise').to.deep.equal([]);
      expect(replyBodies.length).to.be.at.most(replies.length);
      // Every stored reply reaches the visitor: live, or replayed after the reconnect.
      await until(() => storedReplies.every((m) => receivedReplies.has(m.id)), 15_000, 'the visitor to have every stored reply');
      console.log(
        `      ${sent.length} visitor messages (${ackedAtKill} acknowledged before the kill), ${replies.filter((r) => r.status === 201).length}/${replies.length} agent replies acknowledged, all stored once`,
      );
    } finally {
      socket?.disconnect();
      await node?.kill();
      await sequelize?.close();
      await db.destroy();
    }
  });
});
