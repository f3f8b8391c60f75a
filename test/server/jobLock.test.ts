/**
 * The database lease that lets one node at a time run a periodic job: the holder renews it (even
 * twice in the same instant, which MySQL reports as an UPDATE of 0 rows), others are refused
 * until it expires, then one of them takes it over.
 */
import { expect } from 'chai';
import { acquireLease } from '../../server/jobs/jobLock';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

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
    server.clock.reset();
  });
});
