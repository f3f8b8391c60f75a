/**
 * Leases so that one node at a time runs a periodic job (the alert scanner, the care scheduler,
 * the webhook deliverer, the search catch-up, each mailbox's poller). Callers use these two
 * functions; where the leases live (the database, or Redis with REDIS_URL) is the LeaseStore
 * chosen once at start (ctx.leases, see leaseStore.ts).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AppContext } from '../context';
import { DbLeaseStore, type LeaseStore } from './leaseStore';

export const nodeId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Contexts built without a store (scripts, some tests) use the database, as before. */
const defaultStores = new WeakMap<AppContext, LeaseStore>();

export function leasesOf(ctx: AppContext): LeaseStore {
  if (ctx.leases) return ctx.leases;
  let store = defaultStores.get(ctx);
  if (!store) {
    store = new DbLeaseStore(ctx);
    defaultStores.set(ctx, store);
  }
  return store;
}

/** True when this node holds (or has just taken) the lease on `name` for the next `ttlMs`. */
export function acquireLease(ctx: AppContext, name: string, ttlMs: number, owner = nodeId): Promise<boolean> {
  return leasesOf(ctx).acquire(name, ttlMs, owner);
}

/** Gives the lease up (when `owner` holds it) so another node can take it over at once. */
export function releaseLease(ctx: AppContext, name: string, owner = nodeId): Promise<void> {
  return leasesOf(ctx).release(name, owner);
}
