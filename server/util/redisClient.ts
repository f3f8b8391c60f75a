/**
 * Redis clients for the help desk (node-redis, pure JS), made in one place so every user (the
 * readiness check; later the Socket.IO adapter and job locks) connects the same way. A client
 * must have an `error` listener, or a dropped connection crashes the process.
 */
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from './logger';

export interface RedisOptions {
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
  /** Reconnect after a dropped connection (long-lived clients); one-shot checks should not. */
  reconnect?: boolean;
  logger?: Logger;
}

export function createRedisClient(url: string, options: RedisOptions = {}): RedisClientType {
  const client: RedisClientType = createClient({
    url,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 5000,
      // Back off up to 5 s between reconnects; never when a one-shot check asked not to.
      reconnectStrategy: options.reconnect === false ? false : (retries: number) => Math.min(5000, 100 * 2 ** retries),
    },
  });
  client.on('error', (error: unknown) => options.logger?.warn('redis error', { error }));
  return client;
}

/** Connects, PINGs and disconnects within `timeoutMs`; throws with the reason when Redis does not answer. */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = createRedisClient(url, { connectTimeoutMs: timeoutMs, reconnect: false });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        const answer = await client.ping();
        if (answer !== 'PONG') throw new Error(`Redis answered ${String(answer)} to PING`);
      })(),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}
