/**
 * A Redis server of the test's own (redis-server in a temp dir, no persistence), for tests that
 * stop and restart Redis: the shared Redis on :6379 serves other suites and is never touched.
 * Ports 6390–6394: the first free one is taken.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { isPortFree } from './net';
import os from 'node:os';
import path from 'node:path';

export const REDIS_TEST_PORTS = [6390, 6391, 6392, 6393, 6394];

export interface RedisInstance {
  port: number;
  url: string;
  /** Stops the server (SIGTERM; nothing is saved). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: as after a crash without persistence). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on ${port} did not start: ${output.slice(-500)}`));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

export async function startRedisInstance(): Promise<RedisInstance> {
  let port: number | undefined;
  for (const candidate of REDIS_TEST_PORTS) {
    if (await isPortFree(candidate)) {
      port = candidate;
      break;
    }
  }
  if (port === undefined) throw new Error(`no free port for a test Redis in ${REDIS_TEST_PORTS.join(', ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-redis-'));
  let child: ChildProcess | null = await launch(port, dir);
  const chosen = port;
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGTERM');
    await exited;
  };
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    stop,
    async start() {
      if (!child) child = await launch(chosen, dir);
    },
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
