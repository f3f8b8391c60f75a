/**
 * The help desk as a separate process, started the way an operator starts it (server/main.ts with
 * an environment), for tests that kill, restart or run several nodes side by side. In-process
 * servers (test/helpers/server.ts) cannot be killed with -9 or share Redis as two nodes would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from './net';

const root = path.resolve(import.meta.dirname, '../..');

export type LogLine = Record<string, unknown> & { message?: string; level?: string };

export interface ServerProcess {
  /** http://127.0.0.1:port once the node answers `GET /api/health`. */
  url: string;
  child: ChildProcess;
  /** Every JSON log line the node has written so far (stdout and stderr). */
  logs: LogLine[];
  /** Resolves with the first log line (already written or to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGKILL: no shutdown code runs (a crash or `kill -9`). */
  kill(): Promise<void>;
  /** SIGTERM and the exit code of the graceful shutdown. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node --import tsx server/main.ts` (one process, so a signal reaches the server itself
 * rather than a tsx wrapper) with `env` over the test's environment, on a free port unless `env`
 * names one, and waits until it answers (whatever LOG_LEVEL says, so benchmarks can keep quiet).
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  // SERVER_CPU_PROFILE_DIR: each server writes a .cpuprofile there when it exits (for `bench:load`).
  const profileDir = process.env.SERVER_CPU_PROFILE_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue; // not a log line (a dependency's warning)
      }
      logs.push(line);
      for (const waiter of waiters) if (waiter.match(line)) waiter.resolve(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

  const waitForLog = (match: (line: LogLine) => boolean, waitMs = 30_000): Promise<LogLine> => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching log line within ${waitMs} ms; last lines: ${JSON.stringify(logs.slice(-5))}`));
      }, waitMs);
      waiters.add(waiter);
      void exited.then(([code]) => {
        if (!waiters.has(waiter)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        reject(new Error(`server exited with ${code} before the expected log line; last lines: ${JSON.stringify(logs.slice(-5))}`));
      });
    });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode} while starting; last lines: ${JSON.stringify(logs.slice(-5))}`);
    const healthy = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within ${timeoutMs} ms; last lines: ${JSON.stringify(logs.slice(-5))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    logs,
    waitForLog,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}
