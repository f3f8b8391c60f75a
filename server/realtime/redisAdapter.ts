/**
 * The Socket.IO Redis adapter (REDIS_URL), so a visitor on one node and an agent on another talk
 * as if on one server: broadcasts, room joins and `fetchSockets()` go through Redis pub/sub.
 *
 * @socket.io/redis-adapter 8.x with node-redis 5 (the project's `redis`): the adapter detects
 * node-redis by its `pSubscribe`/`sSubscribe` methods and uses their buffer mode, which v5 kept.
 * (@socket.io/redis-streams-adapter before 0.3.0 hangs with node-redis 5 — its issue #34.)
 *
 * Redis down, at start or later, must not take a node with it: while either client is not ready
 * the adapter works like the in-memory one (this node's clients only) instead of queueing
 * publishes for a Redis that may never come back, and the clients keep reconnecting in the
 * background (node-redis restores the subscriptions), so cross-node delivery resumes by itself.
 */
import { RedisAdapter } from '@socket.io/redis-adapter';
import type { RedisClientType } from 'redis';
import { Adapter, type BroadcastOptions, type Room } from 'socket.io-adapter';
import type { Namespace } from 'socket.io';
import type { Logger } from '../util/logger';
import { closeRedisClient, connectInBackground, createRedisClient } from '../util/redisClient';

/** How long fetchSockets() waits for the other nodes before answering with this node's sockets. */
const REQUESTS_TIMEOUT_MS = 3000;

export interface RealtimeRedis {
  /** The value for Socket.IO's `adapter` option (Socket.IO calls it with `new`). */
  adapter: typeof Adapter;
  /** True while both clients are connected (cross-node delivery works). */
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * The client as the adapter sees it: every promise it gets back has a handler, so a publish or
 * (un)subscribe that fails when the connection drops is not an unhandled rejection (which would
 * end the process). Callers that await the promise still see the failure.
 */
function withHandledRejections(client: RedisClientType): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) result.catch(() => undefined);
        return result;
      };
    },
  });
}

export function createRealtimeRedis(url: string, keyPrefix: string, logger: Logger): RealtimeRedis {
  const pub = createRedisClient(url, { logger, name: 'socket.io-pub' });
  const sub = createRedisClient(url, { logger, name: 'socket.io-sub' });
  connectInBackground(pub);
  connectInBackground(sub);
  const connected = () => pub.isReady && sub.isReady;
  const local = Adapter.prototype;
  const adapterOptions = { key: `${keyPrefix}:socket.io`, requestsTimeout: REQUESTS_TIMEOUT_MS };
  const pubForAdapter = withHandledRejections(pub);
  const subForAdapter = withHandledRejections(sub);

  class ResilientRedisAdapter extends RedisAdapter {
    constructor(nsp: Namespace) {
      super(nsp, pubForAdapter, subForAdapter, adapterOptions);
    }

    override broadcast(packet: unknown, opts: BroadcastOptions): void {
      if (connected()) super.broadcast(packet, opts);
      else local.broadcast.call(this, packet, opts);
    }

    override broadcastWithAck(packet: unknown, opts: BroadcastOptions, clientCountCallback: (clientCount: number) => void, ack: (...args: unknown[]) => void): void {
      if (connected()) super.broadcastWithAck(packet, opts, clientCountCallback, ack);
      else local.broadcastWithAck.call(this, packet, opts, clientCountCallback, ack);
    }

    override async fetchSockets(opts: BroadcastOptions): Promise<unknown[]> {
      if (!connected()) return local.fetchSockets.call(this, opts) as Promise<unknown[]>;
      try {
        return await super.fetchSockets(opts);
      } catch (error) {
        // A node that stopped answering (Redis dropped mid-request): this node's sockets at least.
        logger.debug('fetchSockets across nodes failed; answering with this node', { error: error instanceof Error ? error.message : String(error) });
        return local.fetchSockets.call(this, opts) as Promise<unknown[]>;
      }
    }

    override async allRooms(): Promise<Set<Room>> {
      if (!connected()) return new Set(this.rooms.keys());
      try {
        return await super.allRooms();
      } catch {
        return new Set(this.rooms.keys());
      }
    }

    override addSockets(opts: BroadcastOptions, rooms: Room[]): void {
      if (connected()) super.addSockets(opts, rooms);
      else local.addSockets.call(this, opts, rooms);
    }

    override delSockets(opts: BroadcastOptions, rooms: Room[]): void {
      if (connected()) super.delSockets(opts, rooms);
      else local.delSockets.call(this, opts, rooms);
    }

    override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
      if (connected()) super.disconnectSockets(opts, close);
      else local.disconnectSockets.call(this, opts, close);
    }

    override async serverCount(): Promise<number> {
      if (!connected()) return 1;
      return super.serverCount().catch(() => 1);
    }
  }

  return {
    adapter: ResilientRedisAdapter,
    connected,
    close: async () => {
      await Promise.all([closeRedisClient(pub), closeRedisClient(sub)]);
    },
  };
}
