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

/** InnoDB chose this transaction as a deadlock victim and rolled it back: running it again is the documented answer. */
function isDeadlock(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 3; depth += 1) {
    const { code, errno } = cause as { code?: unknown; errno?: unknown };
    if (code === 'ER_LOCK_DEADLOCK' || errno === 1213) return true;
    cause = (cause as { parent?: unknown }).parent;
  }
  return false;
}

const DEADLOCK_ATTEMPTS = 3;

export class TransactionRunner {
  private readonly sqliteWriteLock = new AsyncLock();

  constructor(private readonly sequelize: Sequelize, private readonly dialect: Dialect) {}

  /**
   * Two writers of one ticket (a customer's message and an agent's reply at the same moment) can
   * deadlock in InnoDB: each insert takes a shared lock on the ticket through the foreign key, then
   * both want to update it. The victim is rolled back whole, so it simply runs again; its events
   * were registered on the rolled-back transaction and never fire (publishAfterCommit).
   */
  private async withDeadlockRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (tries >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * tries));
      }
    }
  }

  /**
   * Runs `work` in a transaction; commits when it resolves, rolls back when it throws.
   * `readCommitted` (MySQL/MariaDB): no gap locks, for writers that replace rows by key range and
   * would otherwise deadlock with each other on neighbouring ranges (the search index).
   */
  run<T>(work: (transaction: Transaction) => Promise<T>, options: { readCommitted?: boolean } = {}): Promise<T> {
    if (this.dialect !== 'sqlite') {
      const isolation = options.readCommitted ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED } : {};
      return this.withDeadlockRetry(() => this.sequelize.transaction(isolation, (transaction) => work(transaction)));
    }
    // BEGIN IMMEDIATE takes the write lock up front (waiting on busy_timeout): a deferred
    // transaction that reads and then writes fails at once if another connection wrote meanwhile.
    return this.sqliteWriteLock.run(() => this.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, (transaction) => work(transaction)));
  }
}
