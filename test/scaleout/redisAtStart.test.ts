/**
 * REDIS_URL set but nothing answers there when the node starts: it starts anyway and works as a
 * single node (chat between its own visitor and agent, job leases in the database).
 */
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { io as connect } from 'socket.io-client';
import { JobLock } from '../../server/models/JobLock';
import { acquireLease } from '../../server/jobs/jobLock';
import { testDatabases } from '../helpers/databases';
import { freePort } from '../helpers/net';
import { nextEvent } from '../helpers/socket';
import { startTestServer, type TestServer } from '../helpers/server';

describe('Redis unreachable at start', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  before(async () => {
    const sqlite = testDatabases().find((database) => database.name === 'sqlite');
    if (!sqlite) throw new Error('no SQLite test database');
    server = await startTestServer(sqlite, { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_KEY_PREFIX: 'test-unreachable' });
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.close();
  });

  it('starts and serves its own clients, with job leases in the database', async () => {
    const token = await server.login();
    const agent = connect(`${server.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(agent);
    await nextEvent(agent, 'connect');
    const visitor = connect(`${server.url}/widget`, { auth: { name: 'Nora' }, transports: ['websocket'], reconnection: false });
    sockets.push(visitor);
    expect((await nextEvent<{ agentsOnline: boolean }>(visitor, 'session')).agentsOnline).to.equal(true);
    const pushed = nextEvent<{ message: { body: string } }>(agent, 'message.created');
    const ack = (await visitor.timeout(5000).emitWithAck('message', { text: 'Hello', clientId: 'start-1' })) as { ok: boolean };
    expect(ack.ok).to.equal(true);
    expect((await pushed).message.body).to.equal('Hello');

    expect(await acquireLease(server.server.ctx, 'offline-check', 60_000, 'this-node')).to.equal(true);
    expect((await JobLock.findByPk('offline-check'))?.owner).to.equal('this-node');
  });
});
