/**
 * Ticket benchmarks on one database: list latency (p50/p99) with a large ticket table, and
 * tickets created per second through the API. The baseline, measured in the same run against the
 * same server, is GET /api/health (HTTP + auth-free route + one `SELECT 1`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { startServer } from '../server/server';
import { Agent } from '../server/models/Agent';
import { seedTickets } from './seed';
import { ms, summarize, timeEach } from './stats';

export interface TicketBenchOptions {
  label: string;
  databaseUrl: string;
  tickets: number;
  samples: number;
  creates: number;
  concurrency: number;
}

async function runConcurrently(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await task(i);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

export async function benchTickets(options: TicketBenchOptions): Promise<Record<string, string | number>[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: options.databaseUrl, DATA_DIR: dataDir, ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error' });
  const server = await startServer(config);
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const agentIds = (await Agent.findAll({ attributes: ['id'] })).map((a) => a.id);

    const seedStart = performance.now();
    await seedTickets(server.ctx.sequelize, options.tickets, agentIds);
    console.log(`[${options.label}] seeded ${options.tickets} tickets in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const get = async (url: string, headers: Record<string, string> = auth) => {
      const response = await fetch(`${server.url}${url}`, { headers });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      await response.arrayBuffer();
    };
    const someCustomer = Math.max(1, Math.floor(options.tickets / 40));
    const cases: Array<[string, string]> = [
      ['baseline GET /api/health', '/api/health'],
      ['list, first page (50)', '/api/tickets'],
      ['list ?status=open', '/api/tickets?status=open'],
      ['list ?status=open,pending&assigneeId', `/api/tickets?status=open,pending&assigneeId=${agentIds[0]}`],
      ['list ?customerId', `/api/tickets?customerId=${someCustomer}`],
      ['list ?tag=vip', '/api/tickets?tag=vip'],
      ['list ?q=order 123', '/api/tickets?q=order%20123'],
      ['list deep page offset=5000', '/api/tickets?offset=5000'],
    ];
    const rows: Record<string, string | number>[] = [];
    let baselineP50 = NaN;
    for (const [name, url] of cases) {
      await timeEach(10, () => get(url)); // warm-up
      const summary = summarize(await timeEach(options.samples, () => get(url)));
      if (Number.isNaN(baselineP50)) baselineP50 = summary.p50;
      rows.push({ database: options.label, case: name, samples: summary.count, p50: ms(summary.p50), p99: ms(summary.p99), 'p50 / baseline': (summary.p50 / baselineP50).toFixed(1) });
    }

    const healthSeconds = await runConcurrently(options.creates, options.concurrency, () => get('/api/health'));
    const createSeconds = await runConcurrently(options.creates, options.concurrency, async (i) => {
      const response = await fetch(`${server.url}/api/tickets`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: `Bench ticket ${i}`, body: 'My order has not arrived yet.', customer: { email: `create-${i % 500}@example.test`, name: 'Bench' } }),
      });
      if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
    });
    const healthRate = options.creates / healthSeconds;
    const createRate = options.creates / createSeconds;
    rows.push({ database: options.label, case: `baseline health req/s (concurrency ${options.concurrency})`, samples: options.creates, p50: healthRate.toFixed(0), p99: '', 'p50 / baseline': '' });
    rows.push({ database: options.label, case: `tickets created/s via POST /api/tickets (concurrency ${options.concurrency})`, samples: options.creates, p50: createRate.toFixed(0), p99: '', 'p50 / baseline': (createRate / healthRate).toFixed(2) });
    return rows;
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (options.databaseUrl.startsWith('mysql')) await dropMysqlDatabase(options.databaseUrl);
  }
}
