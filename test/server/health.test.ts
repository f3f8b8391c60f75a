/**
 * Liveness and readiness: `/api/health` stays as the contract says; `/api/health/ready` checks the
 * database and, when REDIS_URL is set, a real Redis (127.0.0.1:6379), and names what is down.
 */
import { expect } from 'chai';
import { describeEachDatabase, testDatabases } from '../helpers/databases';
import { freePort } from '../helpers/net';
import { startTestServer, type TestServer } from '../helpers/server';

interface Ready {
  status: string;
  checks: { database: { ok?: boolean; ms?: number; skipped?: boolean }; redis: { ok?: boolean; ms?: number; skipped?: boolean; error?: string } };
  failing?: string[];
  degraded?: string[];
}

describeEachDatabase('health and readiness', (database) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(database, { REDIS_URL: 'redis://127.0.0.1:6379' });
  });
  after(async () => server?.close());

  it('keeps /api/health as the contract says and is ready with the database and a real Redis', async () => {
    const health = await server.request('GET', '/api/health');
    expect(health.status).to.equal(200);
    expect(health.body).to.deep.equal({ status: 'ok' });
    const ready = await server.request<Ready>('GET', '/api/health/ready');
    expect(ready.status, JSON.stringify(ready.body)).to.equal(200);
    expect(ready.body.status).to.equal('ready');
    expect(ready.body.checks.database.ok).to.equal(true);
    expect(ready.body.checks.database.ms).to.be.a('number');
    expect(ready.body.checks.redis.ok).to.equal(true);
    expect(ready.body.failing).to.equal(undefined);
  });
});

describe('readiness without Redis, and with Redis down', () => {
  let plain: TestServer;
  let broken: TestServer;
  before(async () => {
    plain = await startTestServer(testDatabases()[0]);
    broken = await startTestServer(testDatabases()[0], { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, READY_TIMEOUT_MS: '1000' });
  });
  after(async () => {
    await plain?.close();
    await broken?.close();
  });

  it('skips Redis when REDIS_URL is unset', async () => {
    const ready = await plain.request<Ready>('GET', '/api/health/ready');
    expect(ready.status).to.equal(200);
    expect(ready.body.checks.redis).to.deep.equal({ skipped: true });
  });

  it('stays ready but says degraded, naming redis, when nothing listens there (the node serves alone)', async () => {
    const started = Date.now();
    const ready = await broken.request<Ready>('GET', '/api/health/ready');
    expect(Date.now() - started).to.be.lessThan(3000);
    expect(ready.status).to.equal(200);
    expect(ready.body.status).to.equal('degraded');
    expect(ready.body.degraded).to.deep.equal(['redis']);
    expect(ready.body.failing).to.equal(undefined);
    expect(ready.body.checks.redis.ok).to.equal(false);
    expect(ready.body.checks.redis.error).to.be.a('string').and.not.equal('');
    expect(ready.body.checks.database.ok).to.equal(true);
    // Liveness does not depend on Redis.
    expect((await broken.request('GET', '/api/health')).status).to.equal(200);
  });
});
