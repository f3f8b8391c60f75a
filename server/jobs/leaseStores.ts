/** Chooses the lease store once at start: Redis (with the database as its fallback) when REDIS_URL is set. */
import type { RedisClientType } from 'redis';
import type { AppContext } from '../context';
import { closeRedisClient, connectInBackground, createRedisClient } from '../util/redisClient';
import { DbLeaseStore, RedisLeaseStore, type LeaseStore } from './leaseStore';

/** How long a starting node waits for Redis before it starts its loops on the database leases. */
const FIRST_CONNECT_WAIT_MS = 3000;

export interface OpenedLeases {
  store: LeaseStore;
  close(): Promise<void>;
}

function readyWithin(client: RedisClientType, timeoutMs: number): Promise<boolean> {
  if (client.isReady) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

export async function openLeaseStore(ctx: AppContext): Promise<OpenedLeases> {
  const database = new DbLeaseStore(ctx);
  const url = ctx.config.REDIS_URL;
  if (!url) return { store: database, close: async () => undefined };
  const client = createRedisClient(url, { logger: ctx.logger, name: 'leases' });
  connectInBackground(client);
  // Starting on database leases and switching to Redis a moment later would let this node and one
  // already on Redis both run a job for a while; a short wait avoids that in the common case.
  if (!(await readyWithin(client, FIRST_CONNECT_WAIT_MS))) ctx.logger.warn('Redis not reachable at start: job leases use the database until it is', { redis: 'leases' });
  return { store: new RedisLeaseStore(client, ctx.config.REDIS_KEY_PREFIX, database, ctx.logger), close: () => closeRedisClient(client) };
}
