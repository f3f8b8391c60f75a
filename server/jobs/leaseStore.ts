/**
 * Where job leases live: the database (one node, or several without Redis) or Redis (REDIS_URL),
 * chosen once at start. A lease lets one node at a time run a periodic job; its holder renews it
 * on every run; another node takes it over once it has expired (the holder died) or was released
 * (the holder shut down).
 */
import { Op, UniqueConstraintError } from 'sequelize';
import type { RedisClientType } from 'redis';
import type { AppContext } from '../context';
import { JobLock } from '../models/JobLock';
import type { Logger } from '../util/logger';

export interface LeaseStore {
  /** True when `owner` holds (or has just taken) the lease on `name` for the next `ttlMs`. */
  acquire(name: string, ttlMs: number, owner: string): Promise<boolean>;
  /** Gives the lease up if `owner` holds it, so another node may take it at once. */
  release(name: string, owner: string): Promise<void>;
  /** Releases every lease this process took (graceful shutdown). */
  releaseAll(): Promise<void>;
}

/** The leases this process holds, to give them up on shutdown (name → owner). */
class HeldLeases {
  private readonly held = new Map<string, string>();
  note(name: string, owner: string, taken: boolean): void {
    if (taken) this.held.set(name, owner);
    else if (this.held.get(name) === owner) this.held.delete(name);
  }
  forget(name: string, owner: string): void {
    if (this.held.get(name) === owner) this.held.delete(name);
  }
  entries(): Array<[string, string]> {
    return [...this.held.entries()];
  }
}

/** A row per lease in `job_locks`, renewed by a conditional UPDATE (the clock is ctx.now()). */
export class DbLeaseStore implements LeaseStore {
  private readonly held = new HeldLeases();

  constructor(private readonly ctx: Pick<AppContext, 'now'>) {}

  async acquire(name: string, ttlMs: number, owner: string): Promise<boolean> {
    const taken = await this.take(name, ttlMs, owner);
    this.held.note(name, owner, taken);
    return taken;
  }

  private async take(name: string, ttlMs: number, owner: string): Promise<boolean> {
    const now = this.ctx.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const [renewed] = await JobLock.update({ owner, expiresAt }, { where: { name, [Op.or]: [{ owner }, { expiresAt: { [Op.lte]: now } }] } });
    if (renewed === 1) return true;
    try {
      await JobLock.create({ name, owner, expiresAt });
      return true;
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
      // MySQL counts an UPDATE that writes the same values as 0 rows (a renewal within the same
      // second of DATETIME precision): the lease is still ours if the row says so.
      const held = await JobLock.findByPk(name);
      return held?.owner === owner && held.expiresAt.getTime() > now.getTime();
    }
  }

  async release(name: string, owner: string): Promise<void> {
    this.held.forget(name, owner);
    await JobLock.destroy({ where: { name, owner } });
  }

  async releaseAll(): Promise<void> {
    await Promise.all(this.held.entries().map(([name, owner]) => this.release(name, owner)));
  }
}

/** Renews the lease when `owner` still holds it; compare and extend in one step. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lease only when `owner` holds it (never another node's newer lease). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** How long a lease command may take before the database decides instead. */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * Leases as Redis keys: SET NX PX takes a free (or expired: Redis drops it) lease; renewal and
 * release compare the owner atomically in a Lua script. The TTL runs on Redis's clock.
 *
 * When Redis is down (not connected, or a command fails or hangs), the database lease decides
 * instead, so background work goes on rather than stopping. That is safe because the lease only
 * spares duplicate work; it is not what keeps effects single: every job is idempotent per row —
 * alerts have a unique key per ticket, wait and kind; webhook deliveries, outgoing mail and care
 * mail are claimed row by row with a conditional UPDATE; inbound mail is deduplicated by its
 * unique Message-ID and the checkpoint only moves forward; search index writes are upserts. So
 * while the nodes disagree about Redis (one still reaches it, another does not, or during the
 * switch back), two nodes may run the same job for a while: duplicate work, never duplicate
 * effects. While every node falls back, the database lease keeps it to one node as before.
 */
export class RedisLeaseStore implements LeaseStore {
  private readonly held = new HeldLeases();
  private usingFallback = false;

  constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
    private readonly fallback: DbLeaseStore,
    private readonly logger: Logger,
  ) {}

  private key(name: string): string {
    return `${this.prefix}:lease:${name}`;
  }

  async acquire(name: string, ttlMs: number, owner: string): Promise<boolean> {
    if (this.client.isReady) {
      try {
        const taken = await this.acquireInRedis(name, ttlMs, owner);
        this.switchedTo(false);
        this.held.note(name, owner, taken);
        return taken;
      } catch (error) {
        this.switchedTo(true, error);
      }
    } else {
      this.switchedTo(true);
    }
    return this.fallback.acquire(name, ttlMs, owner);
  }

  private async acquireInRedis(name: string, ttlMs: number, owner: string): Promise<boolean> {
    const key = this.key(name);
    const ttl = String(Math.max(1, Math.round(ttlMs)));
    const set = await this.withTimeout(this.client.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: Number(ttl) } }));
    if (set === 'OK') return true;
    const renewed = await this.withTimeout(this.client.eval(RENEW, { keys: [key], arguments: [owner, ttl] }));
    return Number(renewed) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    this.held.forget(name, owner);
    if (this.client.isReady) {
      await this.withTimeout(this.client.eval(RELEASE, { keys: [this.key(name)], arguments: [owner] })).catch(() => undefined);
    }
    // A lease taken from the database while Redis was down is given up there too.
    await this.fallback.release(name, owner);
  }

  async releaseAll(): Promise<void> {
    await Promise.all(this.held.entries().map(([name, owner]) => this.release(name, owner)));
    await this.fallback.releaseAll();
  }

  private withTimeout<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
    });
    // A command left behind by the deadline must not fail unhandled later.
    command.catch(() => undefined);
    return Promise.race([command, deadline]).finally(() => clearTimeout(timer));
  }

  /** Logs each switch between Redis and the database fallback once. */
  private switchedTo(fallback: boolean, error?: unknown): void {
    if (fallback === this.usingFallback) return;
    this.usingFallback = fallback;
    if (fallback) this.logger.warn('job leases fall back to the database (Redis unavailable)', { error: error instanceof Error ? error.message : error });
    else this.logger.info('job leases back on Redis');
  }
}
