/**
 * The leases that let one node at a time run a periodic job. In the database: the holder renews
 * it (even twice in the same instant, which MySQL reports as an UPDATE of 0 rows), others are
 * refused until it expires, then one of them takes it over. In Redis: the same, with expiry on
 * Redis's clock, release by its owner only, and the database deciding while Redis is unreachable.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { acquireLease, releaseLease } from '../../server/jobs/jobLock';
import { DbLeaseStore, RedisLeaseStore } from '../../server/jobs/leaseStore';
import { createLogger } from '../../server/util/logger';
import { createRedisClient } from '../../server/util/redisClient';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const logger = createLogger('silent');

describeEachDatabase('job lease', (database) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(database);
  });
  after(() => server?.close());

  it('is renewed by its holder, refused to others until it expires, then taken over', async () => {
    const ctx = server.server.ctx;
    server.clock.set(new Date('2026-11-25T10:00:00Z'));
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-a')).to.equal(true);
    // The same instant again: the row does not change, and the lease is still node-a's.
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-a')).to.equal(true);
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-b')).to.equal(false);
    server.clock.advance(30_000);
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-a')).to.equal(true);
    server.clock.advance(59_000);
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-b')).to.equal(false);
    server.clock.advance(2_000);
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-b')).to.equal(true);
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-a')).to.equal(false);
    // Released by its holder (not by another node): free for the next at once.
    await releaseLease(ctx, 'test-job', 'node-a');
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-c')).to.equal(false);
    await releaseLease(ctx, 'test-job', 'node-b');
    expect(await acquireLease(ctx, 'test-job', 60_000, 'node-c')).to.equal(true);
    server.clock.reset();
  });

  describe('in Redis', () => {
    let redis: RedisClientType;
    let store: RedisLeaseStore;
    const prefix = `test-lease-${randomBytes(4).toString('hex')}`;
    before(async () => {
      redis = createRedisClient('redis://127.0.0.1:6379');
      await redis.connect();
      store = new RedisLeaseStore(redis, prefix, new DbLeaseStore(server.server.ctx), logger);
    });
    after(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(keys);
      redis.destroy();
    });

    it('is renewed by its holder, expires on its own, and is released only by its owner', async () => {
      expect(await store.acquire('scan', 60_000, 'node-a')).to.equal(true);
      expect(await store.acquire('scan', 60_000, 'node-a')).to.equal(true);
      expect(await store.acquire('scan', 60_000, 'node-b')).to.equal(false);
      expect(await redis.get(`${prefix}:lease:scan`)).to.equal('node-a');
      await store.release('scan', 'node-b');
      expect(await redis.get(`${prefix}:lease:scan`)).to.equal('node-a');
      await store.release('scan', 'node-a');
      expect(await store.acquire('scan', 200, 'node-b')).to.equal(true);
      // node-b dies without releasing: Redis drops the key after its TTL and node-a takes over.
      for (let tries = 0; !(await store.acquire('scan', 60_000, 'node-a')); tries += 1) {
        expect(tries).to.be.below(50);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await redis.get(`${prefix}:lease:scan`)).to.equal('node-a');
      await store.releaseAll();
      expect(await redis.get(`${prefix}:lease:scan`)).to.equal(null);
    });

    it('falls back to the database lease while Redis cannot be reached', async () => {
      // A client that never connected (nothing listens there): every lease goes to the database.
      const unreachable = createRedisClient('redis://127.0.0.1:6395', { reconnect: false });
      const database = new DbLeaseStore(server.server.ctx);
      const offline = new RedisLeaseStore(unreachable, prefix, database, logger);
      expect(await offline.acquire('offline-job', 60_000, 'node-a')).to.equal(true);
      expect(await offline.acquire('offline-job', 60_000, 'node-b')).to.equal(false);
      // The same lease as the database store's: another node without Redis is refused as well.
      expect(await database.acquire('offline-job', 60_000, 'node-b')).to.equal(false);
      await offline.releaseAll();
      expect(await database.acquire('offline-job', 60_000, 'node-b')).to.equal(true);
      await database.releaseAll();
    });
  });
});
