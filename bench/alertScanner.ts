/**
 * The alert scanner at scale: BENCH_SCAN_TICKETS (default 1,000,000) tickets on MariaDB, of which
 * 0.1% are due. Reports the scanner's find-due query (p50/p99) against a `SELECT 1` baseline,
 * its query plan (it must use the alertScanAt index), and a full scan raising the due alerts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { scanOnce } from '../server/alerts/scanner';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { startServer } from '../server/server';
import { ms, summarize, timeEach } from './stats';

async function seed(sequelize: Sequelize, tickets: number, dueEvery: number, now: number): Promise<number> {
  await sequelize.query("INSERT INTO customers (name, tags, customFields, createdAt, updatedAt) VALUES ('Bench customer', '[]', '{}', NOW(3), NOW(3))");
  const [{ id: customerId }] = await sequelize.query<{ id: number }>('SELECT MAX(id) AS id FROM customers', { type: QueryTypes.SELECT });
  const batch = 5000;
  let due = 0;
  for (let start = 0; start < tickets; start += batch) {
    const rows: string[] = [];
    for (let i = start; i < Math.min(tickets, start + batch); i += 1) {
      const isDue = i % dueEvery === 0;
      const waiting = isDue || i % 3 === 0;
      if (isDue) due += 1;
      // Waiting tickets are due in the future unless picked as due now; the rest wait for nothing.
      const scanAt = waiting ? new Date(now + (isDue ? -60_000 : 3_600_000 + (i % 1000) * 60_000)) : null;
      const lit = (d: Date | null) => (d ? `'${d.toISOString().slice(0, 23).replace('T', ' ')}'` : 'NULL');
      const since = waiting ? new Date(now - 13 * 3_600_000) : null;
      rows.push(`(${i + 10001}, 'Bench ticket ${i}', '${waiting ? 'open' : 'solved'}', 'normal', 'email', ${customerId}, '[]', ${lit(since)}, ${lit(since)}, ${waiting ? 1 : 0}, ${lit(scanAt)}, ${lit(scanAt)}, ${lit(new Date(now - i * 1000))}, NOW(3), NOW(3))`);
    }
    await sequelize.query(`INSERT INTO tickets (number, subject, status, priority, channel, customerId, tags, waitingSince, waitResumedAt, waitSeq, alertDueAt, alertScanAt, lastActivityAt, createdAt, updatedAt) VALUES ${rows.join(',')}`);
  }
  await sequelize.query('ANALYZE TABLE tickets');
  return due;
}

export async function benchAlertScanner(databaseUrl: string, tickets: number): Promise<Record<string, string | number>[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-scan-'));
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error' }), { scanAlerts: false, pollMailboxes: false });
  const { sequelize } = server.ctx;
  try {
    const now = Date.now();
    const seedStart = performance.now();
    const due = await seed(sequelize, tickets, 1000, now);
    console.log(`[scanner] seeded ${tickets} tickets (${due} due) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const at = new Date(now).toISOString().slice(0, 23).replace('T', ' ');
    const findDue = `SELECT id FROM tickets WHERE alertScanAt <= '${at}' ORDER BY alertScanAt ASC LIMIT 500`;
    const plan = await sequelize.query<{ key: string | null; type: string; rows: number }>(`EXPLAIN ${findDue}`, { type: QueryTypes.SELECT });
    const baseline = summarize(await timeEach(200, async () => void (await sequelize.query('SELECT 1'))));
    const query = summarize(await timeEach(200, async () => void (await sequelize.query(findDue))));

    const scanStart = performance.now();
    const report = await scanOnce(server.ctx);
    await server.ctx.events.drain();
    const scanSeconds = (performance.now() - scanStart) / 1000;
    return [
      { case: 'baseline: SELECT 1', tickets, p50: ms(baseline.p50), p99: ms(baseline.p99), note: '' },
      { case: 'scanner find-due query (LIMIT 500)', tickets, p50: ms(query.p50), p99: ms(query.p99), note: `plan: key=${plan[0]?.key} type=${plan[0]?.type} rows≈${plan[0]?.rows}` },
      { case: `full scan raising ${report.raised} alerts`, tickets, p50: `${scanSeconds.toFixed(2)} s`, p99: '', note: `${(report.raised / scanSeconds).toFixed(0)} alerts/s` },
    ];
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dropMysqlDatabase(databaseUrl);
  }
}
