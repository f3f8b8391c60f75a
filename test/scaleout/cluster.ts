/**
 * Several help desk processes on one MariaDB database and one Redis, as an operator runs them
 * behind a load balancer: each test gets a fresh database and its own Redis key prefix (so
 * parallel runs never share leases or Socket.IO channels), and clients for each node.
 */
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config';
import { startServer } from '../../server/server';
import { createRedisClient } from '../../server/util/redisClient';
import { ADMIN } from '../helpers/server';
import { testDatabases } from '../helpers/databases';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';

export const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** `describe`, or a skipped one saying why, when no MariaDB is configured (SQLite cannot be shared by processes here). */
export function describeCluster(title: string, body: () => void): void {
  if (process.env.TEST_DATABASE_URL) describe(title, body);
  else describe.skip(`${title} (skipped: set TEST_DATABASE_URL to a MariaDB, several nodes need a shared database)`, body);
}

export interface Cluster {
  prefix: string;
  redisUrl: string;
  nodes: ServerProcess[];
  /** Env every node of this cluster starts with (database, Redis, prefix, admin). */
  env: Record<string, string>;
  /** Starts one more node on the same database and Redis. */
  addNode(extraEnv?: Record<string, string>): Promise<ServerProcess>;
  destroy(): Promise<void>;
}

export async function startCluster(count: number, env: Record<string, string> = {}, redisUrl = SHARED_REDIS): Promise<Cluster> {
  const database = testDatabases().find((candidate) => candidate.name === 'mariadb');
  if (!database) throw new Error('TEST_DATABASE_URL is not set');
  const db = database.create();
  const prefix = `test-scaleout-${randomBytes(4).toString('hex')}`;
  const clusterEnv = {
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  };
  const nodes: ServerProcess[] = [];
  const addNode = async (extraEnv: Record<string, string> = {}) => {
    const node = await startServerProcess({ ...clusterEnv, ...extraEnv });
    nodes.push(node);
    return node;
  };
  const cluster: Cluster = {
    prefix,
    redisUrl,
    nodes,
    env: clusterEnv,
    addNode,
    async destroy() {
      await Promise.all(nodes.map((node) => node.kill()));
      await db.destroy();
      const redis = createRedisClient(redisUrl, { reconnect: false });
      await redis.connect().catch(() => undefined);
      if (redis.isReady) {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(keys);
      }
      redis.destroy();
    },
  };
  try {
    // The database made ready once (migrations, first admin, knowledge), so the nodes can start
    // side by side; as a worker it skips bundling the console, and its loops are off.
    const prepared = await startServer(loadConfig({ ...clusterEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: '', SERVER_ROLE: 'worker', WEBHOOK_POLL_SECONDS: '0' }), { pollMailboxes: false, scanAlerts: false, scheduleCare: false });
    await prepared.close();
    await Promise.all(Array.from({ length: count }, () => addNode()));
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

export async function api<T = unknown>(node: ServerProcess, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${node.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: (text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T };
}

export async function login(node: ServerProcess): Promise<string> {
  const response = await api<{ token: string }>(node, 'POST', '/api/auth/login', { body: ADMIN });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return response.body.token;
}

function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function agentSocket(node: ServerProcess, token: string): Promise<Socket> {
  return connected(connect(`${node.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false }));
}

export function widgetSocket(node: ServerProcess, auth: Record<string, unknown> = {}): Socket {
  return connect(`${node.url}/widget`, { auth, transports: ['websocket'], reconnection: false });
}

/** The first `event` on `socket` whose payload satisfies `match`. */
export function eventWhere<T>(socket: Socket, event: string, match: (payload: T) => boolean, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Polls `check` until it returns a value other than undefined, null or false. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The owner of a job lease in Redis (`host:pid:random`), or null when nobody holds it. */
export async function leaseOwner(cluster: Pick<Cluster, 'prefix' | 'redisUrl'>, name: string): Promise<string | null> {
  const redis = createRedisClient(cluster.redisUrl, { reconnect: false });
  await redis.connect();
  try {
    return await redis.get(`${cluster.prefix}:lease:${name}`);
  } finally {
    redis.destroy();
  }
}

export const pidOf = (owner: string | null): number | null => (owner ? Number(owner.split(':').at(-2)) : null);
