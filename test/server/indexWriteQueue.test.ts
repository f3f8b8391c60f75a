/**
 * The search index's write queue on each database: documents that arrive while a write runs are
 * committed together in the next transaction, a document queued twice is written as loaded last,
 * every caller's promise settles only once its documents are committed, and a failed
 * transaction fails exactly the callers in it.
 */
import { expect } from 'chai';
import { SearchDoc, SearchTerm } from '../../server/models/SearchTerm';
import type { IndexDoc } from '../../server/search/documents';
import { IndexWriteQueue } from '../../server/search/indexWriteQueue';
import type { TransactionRunner } from '../../server/db/transaction';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const doc = (docId: number, words: string[], version = 1): IndexDoc => ({ docType: 'message', docId, ticketId: null, version, terms: new Map(words.map((word) => [word, 1])) });

describeEachDatabase('search index write queue', (database) => {
  let server: TestServer;
  let transactionsStarted = 0;
  before(async () => {
    server = await startTestServer(database);
    // Count the index's transactions (READ COMMITTED ones: the index writer's own).
    const runner = server.server.ctx.transactions;
    const run = runner.run.bind(runner);
    runner.run = ((work, options) => {
      if (options?.readCommitted) transactionsStarted++;
      return run(work, options);
    }) as TransactionRunner['run'];
  });
  after(async () => server?.close());

  const termsOf = async (docId: number) => (await SearchTerm.findAll({ where: { docType: 'message', docId }, order: [['term', 'ASC']] })).map((row) => row.term);

  it('commits what arrives during a write together, and each promise waits for its own commit', async () => {
    const queue = new IndexWriteQueue(server.server.ctx);
    await server.server.ctx.events.drain();
    transactionsStarted = 0;
    const first = queue.write([doc(900_001, ['alpha'])]);
    // Twenty more while the first is being written: they wait, then go in one transaction.
    const rest = Array.from({ length: 20 }, (_, i) => queue.write([doc(900_100 + i, ['beta', `word${i}`])]));
    await first;
    expect(await termsOf(900_001)).to.deep.equal(['alpha']);
    await Promise.all(rest);
    expect(transactionsStarted).to.equal(2);
    for (let i = 0; i < 20; i++) expect(await termsOf(900_100 + i)).to.deep.equal(['beta', `word${i}`]);
    expect(await SearchDoc.count({ where: { docType: 'message', docId: [900_001, ...Array.from({ length: 20 }, (_, i) => 900_100 + i)] } })).to.equal(21);
  });

  it('writes a document queued twice in one batch as it was loaded last, and removes one that is gone', async () => {
    const queue = new IndexWriteQueue(server.server.ctx);
    const busy = queue.write([doc(900_200, ['first'])]);
    const older = queue.write([doc(900_201, ['kettle', 'broken'], 1)]);
    const newer = queue.write([doc(900_201, ['kettle', 'repaired'], 2)]);
    await Promise.all([busy, older, newer]);
    expect(await termsOf(900_201)).to.deep.equal(['kettle', 'repaired']);
    expect((await SearchDoc.findOne({ where: { docType: 'message', docId: 900_201 } }))?.version).to.equal(2);
    await queue.write([{ ...doc(900_201, []), terms: null }]);
    expect(await termsOf(900_201)).to.deep.equal([]);
    expect(await SearchDoc.count({ where: { docType: 'message', docId: 900_201 } })).to.equal(0);
  });

  it('fails exactly the callers whose transaction failed; the next batch is written', async () => {
    const queue = new IndexWriteQueue(server.server.ctx);
    const runner = server.server.ctx.transactions;
    const run = runner.run;
    const busy = queue.write([doc(900_300, ['steady'])]);
    // The second batch's transaction fails once.
    let failNext = false;
    runner.run = ((work, options) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('disk full'));
      }
      return run(work, options);
    }) as TransactionRunner['run'];
    const doomed = [queue.write([doc(900_301, ['lost'])]), queue.write([doc(900_302, ['lost'])])];
    failNext = true;
    await busy;
    const outcomes = await Promise.allSettled(doomed);
    runner.run = run;
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected']);
    expect(await termsOf(900_301)).to.deep.equal([]);
    await queue.write([doc(900_303, ['after'])]);
    expect(await termsOf(900_303)).to.deep.equal(['after']);
    expect(await termsOf(900_300)).to.deep.equal(['steady']);
  });
});
