/**
 * Time to interactive of the console's inbox with a large ticket table, in headless Chromium
 * (Debian's, through playwright-core), on one database. Each sample is a cold load in a fresh
 * browser context (empty cache, the session cookie already set): from navigation start until
 * the first page of tickets is on screen and the main thread is free to answer input (the next
 * animation frame plus a task after the rows appear). The baseline in the same run is a cold load
 * of a small server-rendered page of the same server (the portal's front page), so the ratio
 * shows what the console's JavaScript and its API calls add.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { Agent } from '../server/models/Agent';
import { startServer } from '../server/server';
import { seedTickets } from './seed';
import { ms, summarize } from './stats';

const EMAIL = 'bench@example.test';
const PASSWORD = 'bench-password';

export async function benchConsoleInbox(label: string, databaseUrl: string, tickets: number, samples: number): Promise<Record<string, string | number>[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-console-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'error' });
  const server = await startServer(config);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const agentIds = (await Agent.findAll({ attributes: ['id'] })).map((agent) => agent.id);
    const seedStart = performance.now();
    await seedTickets(server.ctx.sequelize, tickets, agentIds);
    console.log(`[console ${label}] seeded ${tickets} tickets in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const bundle = Buffer.from(await (await fetch(`${server.url}/console.js`)).arrayBuffer());

    /** One cold load: ms from navigation start until `ready` holds and the page has answered a frame and a task. */
    const coldLoad = async (url: string, ready: string): Promise<number> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const login = await context.request.post(`${server.url}/api/auth/login`, { data: { email: EMAIL, password: PASSWORD } });
        if (!login.ok()) throw new Error(`login: ${login.status()}`);
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'commit' });
        const handle = await page.waitForFunction<number | false, string>(
          (selector: string): false | Promise<number> =>
            document.querySelector(selector)
              ? new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))
              : false,
          ready,
          { polling: 'raf', timeout: 60_000 },
        );
        return (await handle.jsonValue()) as number;
      } finally {
        await context.close();
      }
    };

    const run = async (url: string, ready: string) => {
      await coldLoad(url, ready); // warm the server's caches and the disk
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) times.push(await coldLoad(url, ready));
      return summarize(times);
    };
    const baseline = await run(`${server.url}/kb`, 'main');
    const inbox = await run(`${server.url}/#/tickets`, '[data-testid="ticket-row"]');
    const allOpen = await run(`${server.url}/#/tickets?status=open`, '[data-testid="ticket-row"]');
    const row = (name: string, summary: typeof baseline) => ({
      database: label,
      case: name,
      samples: summary.count,
      p50: ms(summary.p50),
      p99: ms(summary.p99),
      'p50 / baseline': (summary.p50 / baseline.p50).toFixed(1),
    });
    return [
      row('baseline: cold load of the portal page /kb', baseline),
      row(`inbox TTI, default view (${tickets} tickets)`, inbox),
      row('inbox TTI, status=open', allOpen),
      { database: label, case: 'console.js size (gzipped)', samples: 1, p50: `${(gzipSync(bundle).length / 1024).toFixed(1)} KB`, p99: '', 'p50 / baseline': '' },
    ];
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl.startsWith('mysql')) await dropMysqlDatabase(databaseUrl);
  }
}

// `npx tsx bench/consoleInbox.ts`: this benchmark alone, on SQLite (and MariaDB with BENCH_MYSQL_URL).
if (import.meta.url === `file://${process.argv[1]}`) {
  const tickets = Number(process.env.BENCH_TICKETS ?? 100_000);
  const samples = Number(process.env.BENCH_TTI_SAMPLES ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-tti-'));
  const rows = await benchConsoleInbox('sqlite', `sqlite:${path.join(dir, 'bench.sqlite')}`, tickets, samples);
  if (process.env.BENCH_MYSQL_URL && process.env.BENCH_MYSQL_URL !== 'off') rows.push(...(await benchConsoleInbox('mariadb', process.env.BENCH_MYSQL_URL.replace(/\/[^/]*$/, '/helpdesk_bench_tti'), tickets, samples)));
  fs.rmSync(dir, { recursive: true, force: true });
  console.table(rows);
  process.exit(0);
}
