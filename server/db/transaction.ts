/**
 * The one way services open a transaction. On SQLite, which allows a single writer, write
 * transactions from this process queue on an in-process lock instead of failing with SQLITE_BUSY.
 */
import { Transaction, type Sequelize } from 'sequelize';
import type { Dialect } from './database';

class AsyncLock {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

export class TransactionRunner {
  private readonly sqliteWriteLock = new AsyncLock();

  constructor(private readonly sequelize: Sequelize, private readonly dialect: Dialect) {}

  /**
   * Runs `work` in a transaction; commits when it resolves, rolls back when it throws.
   * `readCommitted` (MySQL/MariaDB): no gap locks, for writers that replace rows by key range and
   * would otherwise deadlock with each other on neighbouring ranges (the search index).
   */
  run<T>(work: (transaction: Transaction) => Promise<T>, options: { readCommitted?: boolean } = {}): Promise<T> {
    if (this.dialect !== 'sqlite') {
      const isolation = options.readCommitted ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED } : {};
      return this.sequelize.transaction(isolation, (transaction) => work(transaction));
    }
    // BEGIN IMMEDIATE takes the write lock up front (waiting on busy_timeout): a deferred
    // transaction that reads and then writes fails at once if another connection wrote meanwhile.
    return this.sqliteWriteLock.run(() => this.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, (transaction) => work(transaction)));
  }
}
