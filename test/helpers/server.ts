/**
 * Starts the real server (HTTP, database, migrations) on a free loopback port with a fresh
 * database, and gives tests a small JSON client for it.
 */
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/server';
import type { Logger } from '../../server/util/logger';
import type { TestDatabase } from './databases';

export const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' };

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  url: string;
  server: RunningServer;
  /** A clock tests may move: `clock.set(date)` / `clock.advance(ms)`. */
  clock: TestClock;
  request<T = unknown>(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  login(email?: string, password?: string): Promise<string>;
  /** Stops the server (not its database) and starts a new one on the same database and files. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export class TestClock {
  private offsetMs = 0;
  private fixed: Date | null = null;
  now = (): Date => (this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs));
  set(date: Date): void {
    this.fixed = date;
  }
  /** Back to real time. */
  reset(): void {
    this.fixed = null;
    this.offsetMs = 0;
  }
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }
}

/** `options.logger`: where the server logs (default: LOG_LEVEL, silent unless TEST_LOG_LEVEL says). */
export async function startTestServer(database: TestDatabase, env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestServer> {
  const db = database.create();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const clock = new TestClock();
  let server = await startServer(config, { now: clock.now, logger: options.logger });

  const request = async <T>(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${handle.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  };

  const login = async (email = ADMIN.email, password = ADMIN.password) => {
    const response = await request<{ token: string }>('POST', '/api/auth/login', { body: { email, password } });
    if (response.status !== 200) throw new Error(`login failed for ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.token;
  };

  const handle: TestServer = {
    url: server.url,
    server,
    clock,
    request,
    login,
    restart: async () => {
      await server.close();
      server = await startServer(config, { now: clock.now, logger: options.logger });
      handle.server = server;
      handle.url = server.url;
    },
    close: async () => {
      await server.close();
      await db.destroy();
    },
  };
  return handle;
}
