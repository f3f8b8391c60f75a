/**
 * Redis (a server of this test's own) goes down under two nodes: each keeps serving its own
 * clients, the alert scanner keeps running on one node through the database lease, and nothing
 * crashes; once Redis is back, a visitor on one node reaches an agent on the other again.
 */
import { expect } from 'chai';
import mysql from 'mysql2/promise';
import type { Socket } from 'socket.io-client';
import { startRedisInstance, type RedisInstance } from '../helpers/redisInstance';
import { nextEvent } from '../helpers/socket';
import type { LogLine, ServerProcess } from '../helpers/serverProcess';
import { agentSocket, api, describeCluster, eventWhere, login, pidOf, startCluster, waitFor, widgetSocket, type Cluster } from './cluster';

type Ack = { ok: boolean; id?: number; ticketId?: number };

const redisLog = (message: string, client: string) => (line: LogLine) => line.message === message && line.client === client;

/** Both Socket.IO clients of the node logged `message` after its `since`-th log line. */
async function bothClients(node: ServerProcess, message: string, since: number): Promise<void> {
  for (const client of ['socket.io-pub', 'socket.io-sub']) {
    await waitFor(async () => node.logs.slice(since).some(redisLog(message, client)), `${client} ${message}`, 30_000);
  }
}

describeCluster('Redis down and back', () => {
  let redis: RedisInstance;
  let cluster: Cluster;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: string;
  const sockets: Socket[] = [];
  before(async function () {
    this.timeout(180_000);
    redis = await startRedisInstance();
    cluster = await startCluster(2, { ALERT_AFTER_HOURS: '0.001', ALERT_SCAN_SECONDS: '1', ALERT_WARN_RATIO: '0' }, redis.url);
    [a, b] = cluster.nodes;
    admin = await login(a);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.destroy();
    await redis?.destroy();
  });

  it('serves each node alone while Redis is down and joins them again when it is back', async function () {
    this.timeout(120_000);
    const agentOnA = await agentSocket(a, admin);
    const agentOnB = await agentSocket(b, admin);
    sockets.push(agentOnA, agentOnB);

    const marks = [a.logs.length, b.logs.length];
    await redis.stop();
    await Promise.all([bothClients(a, 'redis connection lost', marks[0]), bothClients(b, 'redis connection lost', marks[1])]);

    // Node A alone: its visitor's message is stored and reaches its agent; the reply comes back.
    const visitor = widgetSocket(a, { name: 'Rita Redisless' });
    sockets.push(visitor);
    expect((await nextEvent<{ agentsOnline: boolean }>(visitor, 'session')).agentsOnline).to.equal(true);
    const pushed = eventWhere<{ message: { body: string } }>(agentOnA, 'message.created', (event) => event.message.body === 'Still there?');
    const ack = (await visitor.timeout(5000).emitWithAck('message', { text: 'Still there?', clientId: 'down-1' })) as Ack;
    expect(ack.ok).to.equal(true);
    await pushed;
    const reply = nextEvent<{ body: string }>(visitor, 'message');
    expect((await api(a, 'POST', `/api/tickets/${ack.ticketId}/messages`, { token: admin, body: { body: 'Yes, we are.', internal: false } })).status).to.equal(201);
    expect((await reply).body).to.equal('Yes, we are.');
    // Node B alone serves its own agent too.
    expect((await api(b, 'GET', `/api/tickets/${ack.ticketId}`, { token: admin })).status).to.equal(200);

    // The customer writes again and waits: one overdue alert, raised under the database lease.
    const again = (await visitor.timeout(5000).emitWithAck('message', { text: 'Hello again?', clientId: 'down-2' })) as Ack;
    expect(again.ok).to.equal(true);
    const alerts = await waitFor(async () => {
      const { body } = await api<{ data: Array<{ kind: string }> }>(b, 'GET', `/api/alerts?ticketId=${ack.ticketId}`, { token: admin });
      return body.data.length ? body.data : undefined;
    }, 'the overdue alert');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { body: later } = await api<{ data: Array<{ kind: string }> }>(b, 'GET', `/api/alerts?ticketId=${ack.ticketId}`, { token: admin });
    expect(alerts.map((alert) => alert.kind)).to.deep.equal(['overdue']);
    expect(later.data.map((alert) => alert.kind)).to.deep.equal(['overdue']);
    const database = await mysql.createConnection(cluster.env.DATABASE_URL);
    try {
      const [rows] = await database.query('SELECT owner FROM job_locks WHERE name = ?', ['alert-scanner']);
      const owner = (rows as Array<{ owner: string }>)[0]?.owner ?? null;
      expect([a.child.pid, b.child.pid]).to.include(pidOf(owner));
    } finally {
      await database.end();
    }
    expect(a.child.exitCode).to.equal(null);
    expect(b.child.exitCode).to.equal(null);

    // Redis is back: both nodes reconnect and a visitor on A reaches the agent on B again.
    const back = [a.logs.length, b.logs.length];
    await redis.start();
    await Promise.all([bothClients(a, 'redis connection restored', back[0]), bothClients(b, 'redis connection restored', back[1])]);
    const acrossAgain = eventWhere<{ message: { body: string } }>(agentOnB, 'message.created', (event) => event.message.body === 'Redis is back');
    expect(((await visitor.timeout(5000).emitWithAck('message', { text: 'Redis is back', clientId: 'back-1' })) as Ack).ok).to.equal(true);
    await acrossAgain;
    const replyAcross = eventWhere<{ body: string }>(visitor, 'message', (message) => message.body === 'Answered from B');
    expect((await api(b, 'POST', `/api/tickets/${ack.ticketId}/messages`, { token: admin, body: { body: 'Answered from B', internal: false } })).status).to.equal(201);
    await replyAcross;
  });
});
