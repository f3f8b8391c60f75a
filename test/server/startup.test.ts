/**
 * The real entry points as a user runs them: `npm start` (server/main.ts) and `npm run migrate`
 * (server/db/migrateCli.ts), as child processes with their own environment.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../helpers/serverProcess';

const root = path.resolve(import.meta.dirname, '../..');
/** The server in one process (the tsx wrapper would put it in a child that signals may miss). */
const node = (args: string[]) => [process.execPath, ['--import', 'tsx', ...args]] as const;

function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-start-'));
}

describe('starting the help desk', () => {
  it('npm start on a bare SQLite database: migrates, creates an admin with a generated password printed once, serves the console and API, stops on SIGTERM', async () => {
    const dataDir = freshDataDir();
    const desk = await startServerProcess({ DATABASE_URL: `sqlite:${dataDir}/helpdesk.sqlite`, DATA_DIR: dataDir, ADMIN_PASSWORD: '', ADMIN_EMAIL: '' });
    try {
      const { url, logs: lines } = desk;
      const adminLine = lines.find((l) => l.message === 'first admin created with a generated password: log in and change it');
      expect(adminLine?.email).to.equal('admin@example.com');
      const password = adminLine?.password as string;
      expect(password).to.have.length.greaterThan(12);

      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password }) });
      expect(login.status).to.equal(200);
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).to.contain('text/html');
      expect(await page.text()).to.contain('/console.js');
      const script = await fetch(`${url}/console.js`);
      expect(script.status).to.equal(200);
      expect((await script.text()).length).to.be.greaterThan(1000);
      expect(fs.existsSync(path.join(dataDir, 'helpdesk.sqlite'))).to.equal(true);

      expect(await desk.stop()).to.equal(0);
    } finally {
      await desk.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with an invalid variable, naming it', () => {
    const result = spawnSync(...node(['server/main.ts']), { cwd: root, env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('Invalid configuration: PORT must be a number (got "eighty")');
  });

  it('npm run migrate: status, up, down --to 0', function () {
    // Six CLI runs, each starting tsx and applying or undoing every migration: slow on a busy machine.
    this.timeout(180_000);
    const dataDir = freshDataDir();
    const env = { ...process.env, DATABASE_URL: `sqlite:${dataDir}/m.sqlite` };
    const run = (...args: string[]) => spawnSync(...node(['server/db/migrateCli.ts', ...args]), { cwd: root, env, encoding: 'utf8' });
    try {
      const names = fs.readdirSync(path.join(root, 'migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f)).sort().map((f) => f.replace(/\.ts$/, ''));
      expect(names.length).to.be.greaterThan(1);
      expect(run('status').stdout).to.contain(`pending  ${names[0]}`);
      expect(run('up').stdout).to.contain(`Applied: ${names.join(', ')}`);
      expect(run('up').stdout).to.contain('Nothing to apply.');
      for (const name of names) expect(run('status').stdout).to.contain(`applied  ${name}`);
      expect(run('down', '--to', '0').stdout).to.contain(`Reverted: ${[...names].reverse().join(', ')}`);
      const bad = run('sideways');
      expect(bad.status).to.equal(1);
      expect(bad.stderr).to.contain('Unknown command "sideways"');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
