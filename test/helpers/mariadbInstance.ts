/**
 * A private MariaDB server for fault tests: its own datadir in a temp folder and its own port
 * (3310–3314), so a test may kill and restart it without touching the shared MariaDB on 3306.
 * `kill()` is a crash (SIGKILL); `start()` brings it back on the same datadir and port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { isPortFree } from './net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

/** The ports this suite may use (others' tests use other ranges). */
const PORTS = [3310, 3311, 3312, 3313, 3314];

export interface MariadbInstance {
  port: number;
  /** mysql://root@127.0.0.1:port/<database> */
  url(database: string): string;
  /** SIGKILL, as a crash of the database host would be; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same datadir and port and waits until it accepts a login. */
  start(): Promise<void>;
  /** Stops the server and removes its datadir. */
  destroy(): Promise<void>;
}

async function canLogIn(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

export async function startMariadbInstance(): Promise<MariadbInstance> {
  let port = 0;
  for (const candidate of PORTS) {
    if (await isPortFree(candidate)) {
      port = candidate;
      break;
    }
  }
  if (!port) throw new Error(`No free port among ${PORTS.join(', ')} for a private MariaDB`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-mariadb-'));
  const datadir = path.join(dir, 'data');
  fs.mkdirSync(datadir);
  fs.chmodSync(dir, 0o755);
  // mariadbd refuses to run as root; the datadir belongs to the mysql user it switches to.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) spawnSync('chown', ['-R', 'mysql:mysql', dir]);
  const install = spawnSync(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...(asRoot ? ['--user=mysql'] : [])],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);

  let child: ChildProcess | null = null;
  let stderr = '';
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const start = async () => {
    stderr = '';
    child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'mariadb.sock')}`,
        `--pid-file=${path.join(dir, 'mariadb.pid')}`,
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        // Small and quick to recover after a SIGKILL.
        '--innodb-log-file-size=16M',
        ...(asRoot ? ['--user=mysql'] : []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const running = child;
    running.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!(await canLogIn(port))) {
      if (running.exitCode !== null) throw new Error(`mariadbd exited with ${running.exitCode}: ${stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`mariadbd on ${port} did not accept a login: ${stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    kill,
    start,
    destroy: async () => {
      await kill();
      process.removeListener('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
