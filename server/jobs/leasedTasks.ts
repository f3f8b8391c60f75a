/**
 * One long-running task per key (a poller per mailbox) on exactly one node: the node holding the
 * key's lease. Every `ttlMs / 3` each node lists the keys, renews the leases it holds, tries to
 * take the free ones (a dead node's lease expires after `ttlMs`), starts a task for each lease it
 * took, stops the task of each lease it lost or key that is gone, and restarts a task whose key's
 * settings changed (another node may have saved them).
 */
import type { AppContext } from '../context';
import { acquireLease, releaseLease } from './jobLock';

export interface LeasedTask {
  start(): void;
  stop(): Promise<void>;
}

export interface LeasedKey {
  key: number;
  /** Changes when the task must be restarted (its settings changed). */
  version: string;
}

export interface LeasedTasksOptions<T extends LeasedTask> {
  /** What the lease on one key is called ("mailbox:3"). */
  leaseName(key: number): string;
  ttlMs: number;
  /** The keys that should have a task now. */
  list(): Promise<LeasedKey[]>;
  create(key: number): T;
}

interface Running<T> {
  task: T;
  version: string | null;
}

export class LeasedTasks<T extends LeasedTask> {
  private readonly running = new Map<number, Running<T>>();
  private readonly claiming = new Map<number, Promise<boolean>>();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly ctx: AppContext, private readonly options: LeasedTasksOptions<T>) {}

  start(): void {
    this.stopped = false;
    this.tick();
    this.timer = setInterval(() => this.tick(), Math.max(1000, Math.floor(this.options.ttlMs / 3)));
    this.timer.unref();
  }

  /** The task running here for `key`, if this node holds its lease. */
  get(key: number): T | undefined {
    return this.running.get(key)?.task;
  }

  /** Takes the key's lease now (a new or re-enabled key) and starts its task; false when another node has it. */
  claim(key: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.running.has(key)) return Promise.resolve(true);
    // Two claims at once (the route's and a sync's) share one attempt, so one task starts.
    let pending = this.claiming.get(key);
    if (!pending) {
      pending = (async () => {
        if (!(await acquireLease(this.ctx, this.options.leaseName(key), this.options.ttlMs))) return false;
        if (this.stopped) return false;
        if (!this.running.has(key)) this.begin(key, null);
        return true;
      })().finally(() => this.claiming.delete(key));
      this.claiming.set(key, pending);
    }
    return pending;
  }

  /** Stops the key's task here and gives its lease up (the key was removed or changed). */
  async drop(key: number): Promise<void> {
    const running = this.running.get(key);
    this.running.delete(key);
    await running?.task.stop();
    if (running) await releaseLease(this.ctx, this.options.leaseName(key)).catch(() => undefined);
  }

  private begin(key: number, version: string | null): void {
    const task = this.options.create(key);
    this.running.set(key, { task, version });
    this.ctx.logger.info('job lease taken', { lease: this.options.leaseName(key) });
    task.start();
  }

  private tick(): void {
    if (this.refreshing || this.stopped) return;
    this.refreshing = this.refresh()
      .catch((error: unknown) => this.ctx.logger.warn('leased tasks not refreshed', { error }))
      .finally(() => (this.refreshing = null));
  }

  private async refresh(): Promise<void> {
    const wanted = await this.options.list();
    const keys = new Set(wanted.map((entry) => entry.key));
    for (const key of [...this.running.keys()]) if (!keys.has(key)) await this.drop(key);
    for (const { key, version } of wanted) {
      if (this.stopped) return;
      let held: boolean;
      try {
        held = await acquireLease(this.ctx, this.options.leaseName(key), this.options.ttlMs);
      } catch (error) {
        // Neither Redis nor the database answers: no other node can take the lease either, so a
        // running task goes on; the next refresh decides again.
        this.ctx.logger.warn('job lease not renewed', { lease: this.options.leaseName(key), error });
        continue;
      }
      const running = this.running.get(key);
      if (!held) {
        if (running) {
          this.ctx.logger.warn('job lease lost', { lease: this.options.leaseName(key) });
          this.running.delete(key);
          await running.task.stop();
        }
        continue;
      }
      if (this.stopped) return;
      if (!running) this.begin(key, version);
      else if (running.version !== null && running.version !== version) {
        await running.task.stop();
        this.begin(key, version);
      } else running.version = version;
    }
  }

  /** Stops every task (each finishes what it is doing) and gives the leases up for another node. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.refreshing;
    const keys = [...this.running.keys()];
    await Promise.all(keys.map((key) => this.drop(key)));
  }
}
