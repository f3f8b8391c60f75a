/**
 * The transaction runner on MariaDB: a transaction InnoDB picks as a deadlock victim runs again
 * (whole, from the start) instead of failing the request, and only the committed attempt's
 * after-commit events fire. Two transactions are made to lock two rows in opposite order.
 */
import { expect } from 'chai';
import { Setting } from '../../server/models/Setting';
import { testDatabases } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const mariadb = testDatabases().find((d) => d.name === 'mariadb');

(mariadb ? describe : describe.skip)('transactions on MariaDB: deadlock victims run again', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(mariadb!);
    await Setting.bulkCreate([
      { key: 'deadlock.a', value: '0' },
      { key: 'deadlock.b', value: '0' },
    ]);
  });
  after(async () => server?.close());

  it('two transactions locking two rows in opposite order both commit; each body ran once per attempt', async () => {
    const { transactions, events } = server.server.ctx;
    const runs = { first: 0, second: 0 };
    let firstHasA!: () => void;
    let secondHasB!: () => void;
    const aLocked = new Promise<void>((resolve) => (firstHasA = resolve));
    const bLocked = new Promise<void>((resolve) => (secondHasB = resolve));
    const committed: string[] = [];
    events.subscribe('ticket.updated', 'test.deadlock-events', ({ changed }) => void committed.push(...(changed ?? [])));
    const lockInOrder = (name: 'first' | 'second', own: string, other: string, signal: () => void, wait: Promise<void>) =>
      transactions.run(async (transaction) => {
        runs[name] += 1;
        await Setting.update({ value: `${name}-${runs[name]}` }, { where: { key: own }, transaction });
        signal();
        await wait;
        await Setting.update({ value: `${name}-${runs[name]}` }, { where: { key: other }, transaction });
        events.publishAfterCommit(transaction, 'ticket.updated', { ticketId: 0, actorId: null, changed: [`${name}-${runs[name]}`] });
      });
    await Promise.all([lockInOrder('first', 'deadlock.a', 'deadlock.b', firstHasA, bLocked), lockInOrder('second', 'deadlock.b', 'deadlock.a', secondHasB, aLocked)]);
    await events.drain();
    // One of them was the victim and ran a second time; both committed.
    expect(runs.first + runs.second).to.equal(3);
    expect(committed.sort()).to.deep.equal([`first-${runs.first}`, `second-${runs.second}`].sort());
    const values = (await Setting.findAll({ where: { key: ['deadlock.a', 'deadlock.b'] } })).map((s) => s.value);
    expect(new Set(values).size, 'both rows written by the transaction that committed last').to.equal(1);
  });
});
