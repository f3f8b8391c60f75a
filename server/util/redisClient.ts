/**
 * Redis clients for the help desk (node-redis, pure JS), made in one place so every user (the
 * readiness check, the Socket.IO adapter, job leases) connects the same way. A client must have
 * an `error` listener, or a dropped connection crashes the process.
 */
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from './logger';

export interface RedisOptions {
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
  /** Reconnect after a dropped connection (long-lived clients); one-shot checks should not. */
  reconnect?: boolean;
  logger?: Logger;
  /**
   * A long-lived client's name in the logs ("leases", "socket.io-pub", …). Named clients log each
   * change of state once (lost, back) instead of every failed reconnect attempt.
   */
  name?: string;
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
  const { logger, name } = options;
  if (!name) {
    client.on('error', (error: unknown) => logger?.warn('redis error', { error }));
    return client;
  }
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger?.warn('redis connection lost', { client: name, error: error instanceof Error ? error.message : String(error) });
  });
  client.on('ready', () => {
    if (down) logger?.info('redis connection restored', { client: name });
    else logger?.info('redis connected', { client: name });
    down = false;
  });
  return client;
}

/**
 * Starts connecting a long-lived client and returns at once: the node serves without Redis until
 * the client is ready (callers check `isReady`), and the client keeps retrying in the background.
 */
export function connectInBackground(client: RedisClientType): void {
  // connect() settles only once connected (or when the client is destroyed); errors go to `error`.
  client.connect().catch(() => undefined);
}

/** Closes a long-lived client without waiting for a Redis that may be gone. */
export async function closeRedisClient(client: RedisClientType, timeoutMs = 1000): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([client.close(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  } catch {
    // Closing a client whose connection just dropped: nothing left to close.
  } finally {
    clearTimeout(timer);
    if (client.isOpen) client.destroy();
  }
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
