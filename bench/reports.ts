/**
 * Overview report latency: 100,000 tickets over 90 days (by default) with their messages
 * (customer question, agent reply, some internal notes and automatic answers), status changes
 * in the audit log (solves, some reopened and solved again), alerts and answered surveys, all
 * bulk-inserted; then `GET /api/reports/overview` for the last 30 and 90 days (Asia/Shanghai)
 * as an admin, against `GET /api/health` on the same server.
 *   BENCH_REPORT_TICKETS (default 100000), BENCH_REPORT_SAMPLES (default 20)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { Alert } from '../server/models/Alert';
import { AuditLog } from '../server/models/AuditLog';
import { Customer } from '../server/models/Customer';
import { Message } from '../server/models/Message';
import { Survey } from '../server/models/Survey';
import { Ticket, type Channel } from '../server/models/Ticket';
import { startServer } from '../server/server';
import { ms, summarize, timeEach } from './stats';

const DAY = 86_400_000;
const CHUNK = 2000;
const channels: Channel[] = ['email', 'chat', 'web'];
const categories = ['complaint', 'question', 'suggestion', 'praise', 'return', null];

/** A small deterministic generator, so every run seeds the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

interface Seeded {
  tickets: number;
  messages: number;
  audits: number;
  alerts: number;
  surveys: number;
}

export async function seed(tickets: number, now: number): Promise<Seeded> {
  const next = random(42);
  const customers = await Customer.bulkCreate(Array.from({ length: 1000 }, (_, i) => ({ name: `Customer ${i}` })) as never);
  const counts: Seeded = { tickets, messages: 0, audits: 0, alerts: 0, surveys: 0 };
  for (let start = 0; start < tickets; start += CHUNK) {
    const size = Math.min(CHUNK, tickets - start);
    // In time order, as a live system inserts them (ids grow with createdAt).
    const opened = Array.from({ length: size }, (_, i) => now - 90 * DAY + ((start + i + next()) * 90 * DAY) / tickets);
    const rows = await Ticket.bulkCreate(
      opened.map((at, i) => ({
        subject: `Order ${start + i}`,
        channel: channels[Math.floor(next() * 3)] as Channel,
        category: categories[Math.floor(next() * categories.length)] ?? null,
        customerId: (customers[(start + i) % customers.length] as Customer).id,
        status: 'open' as const,
        priority: 'normal' as const,
        lastActivityAt: new Date(at),
        createdAt: new Date(at),
        updatedAt: new Date(at),
      })) as never,
    );
    const messages: Array<Record<string, unknown>> = [];
    const audits: Array<Record<string, unknown>> = [];
    const alerts: Array<Record<string, unknown>> = [];
    const surveys: Array<Record<string, unknown>> = [];
    rows.forEach((ticket, i) => {
      const openedAt = opened[i] as number;
      const message = (authorType: string, at: number, extra: Record<string, unknown> = {}) =>
        messages.push({ ticketId: ticket.id, direction: authorType === 'customer' ? 'inbound' : 'outbound', channel: ticket.channel, authorType, authorId: null, body: 'Where is my parcel?', createdAt: new Date(at), updatedAt: new Date(at), ...extra });
      message('customer', openedAt);
      if (next() < 0.05) message('system', openedAt + 60_000, { automatic: true });
      if (next() < 0.1) message('agent', openedAt + 5 * 60_000, { internal: true });
      if (next() >= 0.85) return;
      const replyAt = openedAt + next() * 8 * 3_600_000;
      if (replyAt > now) return;
      message('agent', replyAt);
      if (next() >= 0.8) return;
      const solvedAt = replyAt + next() * 48 * 3_600_000;
      if (solvedAt > now) return;
      const status = (from: string, to: string, at: number) => audits.push({ actorType: 'agent', actorId: null, action: 'ticket.updated', entityType: 'ticket', entityId: ticket.id, changes: JSON.stringify({ status: { from, to } }), createdAt: new Date(at) });
      status('open', 'solved', solvedAt);
      if (next() < 0.1 && solvedAt + 2 * DAY < now) {
        status('solved', 'open', solvedAt + DAY);
        status('open', 'solved', solvedAt + 2 * DAY);
      }
      if (next() < 0.4) surveys.push({ ticketId: ticket.id, round: 1, agentId: null, category: ticket.category, channel: ticket.channel === 'chat' ? 'chat' : 'email', tokenHash: `${ticket.id}`.padStart(64, '0'), sentAt: new Date(solvedAt), rating: 1 + Math.floor(next() * 5), answeredAt: new Date(Math.min(now - 1, solvedAt + 3_600_000)), createdAt: new Date(solvedAt), updatedAt: new Date(solvedAt) });
      (['warning', 'overdue', 'escalation'] as const).forEach((kind, k) => {
        if (next() < [0.2, 0.1, 0.02][k]!) alerts.push({ ticketId: ticket.id, waitSeq: 1, kind, raisedAt: new Date(Math.min(now - 1, openedAt + (k + 1) * 3_600_000)), dueAt: null, assigneeId: null, groupId: null, createdAt: new Date(openedAt), updatedAt: new Date(openedAt) });
      });
    });
    // The audit model serialises `changes` itself; raw rows already hold the JSON text.
    await inChunks(messages, (chunk) => Message.bulkCreate(chunk as never));
    await inChunks(audits, (chunk) => AuditLog.bulkCreate(chunk.map((row) => ({ ...row, changes: JSON.parse(row.changes as string) as Record<string, unknown> })) as never));
    await inChunks(alerts, (chunk) => Alert.bulkCreate(chunk as never));
    await inChunks(surveys, (chunk) => Survey.bulkCreate(chunk as never));
    counts.messages += messages.length;
    counts.audits += audits.length;
    counts.alerts += alerts.length;
    counts.surveys += surveys.length;
  }
  return counts;
}

export async function benchReports(label: string, databaseUrl: string, tickets: number, samples: number): Promise<Array<Record<string, string | number>>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-reports-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error', ALERT_SCAN_SECONDS: '86400', CARE_SCAN_SECONDS: '86400' });
  const server = await startServer(config);
  try {
    const seedStart = performance.now();
    const seeded = await seed(tickets, Date.now());
    console.log(`[${label}] seeded ${JSON.stringify(seeded)} in ${((performance.now() - seedStart) / 1000).toFixed(0)} s`);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };
    let lastBody: { totals: { created: Record<string, number>; solved: Record<string, number>; firstResponse: { count: number } } } | null = null;
    const get = (url: string) => async () => {
      const response = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      lastBody = url.includes('overview') ? ((await response.json()) as typeof lastBody) : null;
      if (!lastBody) await response.arrayBuffer();
    };
    const health = summarize(await timeEach(samples, get('/api/health')));
    const rows: Array<Record<string, string | number>> = [{ case: `[${label}] baseline GET /api/health`, p50: ms(health.p50), p99: ms(health.p99), rows: '' }];
    const today = new Date().toISOString().slice(0, 10);
    const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
    for (const days of [30, 90]) {
      const from = new Date(Date.parse(today) - (days - 1) * DAY).toISOString().slice(0, 10);
      const to = new Date(Date.parse(today) + DAY).toISOString().slice(0, 10);
      const url = `/api/reports/overview?from=${from}&to=${to}&tz=Asia/Shanghai`;
      await get(url)(); // warm-up
      const s = summarize(await timeEach(samples, get(url)));
      const totals = (lastBody as unknown as { totals: { created: Record<string, number>; solved: Record<string, number>; firstResponse: { count: number } } }).totals;
      rows.push({ case: `[${label}] overview, ${days} days of ${tickets} tickets`, p50: ms(s.p50), p99: ms(s.p99), rows: `${sum(totals.created)} opened, ${sum(totals.solved)} solved, ${totals.firstResponse.count} first replies` });
    }
    return rows;
  } finally {
    await server.close();
    if (databaseUrl.startsWith('mysql')) await dropMysqlDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('reports.ts')) {
  const tickets = Number(process.env.BENCH_REPORT_TICKETS ?? 100_000);
  const samples = Number(process.env.BENCH_REPORT_SAMPLES ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  const rows = await benchReports('sqlite', `sqlite:${path.join(dir, 'b.sqlite')}`, tickets, samples);
  const mysqlUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (mysqlUrl) rows.push(...(await benchReports('mariadb', mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_reports'), tickets, samples)));
  fs.rmSync(dir, { recursive: true, force: true });
  console.table(rows);
  process.exit(0);
}
