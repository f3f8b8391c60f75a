/**
 * Customer history latency: one customer with 10,000 messages over 100 tickets (plus 20,000
 * messages of other customers around them), `GET /api/customers/:id/history` for the first, a
 * middle and the last page, against `GET /api/health` on the same server in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { Customer } from '../server/models/Customer';
import { Message } from '../server/models/Message';
import { Ticket } from '../server/models/Ticket';
import { startServer } from '../server/server';
import { ms, summarize, timeEach } from './stats';

async function seedCustomer(messages: number, tickets: number): Promise<number> {
  const customer = await Customer.create({ name: 'Long History' });
  const start = Date.now() - messages * 60_000;
  const created = await Ticket.bulkCreate(
    Array.from({ length: tickets }, (_, i) => ({ subject: `Question ${i}`, channel: i % 2 ? 'chat' : 'email', customerId: customer.id, status: 'closed', priority: 'normal', createdAt: new Date(start + i * (messages / tickets) * 60_000), updatedAt: new Date(), lastActivityAt: new Date() })) as never,
  );
  const perTicket = messages / tickets;
  for (let t = 0; t < created.length; t++) {
    await Message.bulkCreate(
      Array.from({ length: perTicket }, (_, i) => ({ ticketId: created[t].id, direction: i % 2 ? 'outbound' : 'inbound', channel: created[t].channel, authorType: i % 2 ? 'agent' : 'customer', authorId: null, body: `Message ${i} of ticket ${t}: where is my parcel?`, createdAt: new Date(created[t].createdAt.getTime() + i * 60_000), updatedAt: new Date() })) as never,
    );
  }
  return customer.id;
}

export async function benchCustomerHistory(label: string, databaseUrl: string, messages: number, samples: number): Promise<Array<Record<string, string | number>>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-history-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error' });
  const server = await startServer(config);
  try {
    await seedCustomer(messages * 2, 200); // other customers' traffic
    const customerId = await seedCustomer(messages, 100);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };
    const get = (url: string) => async () => {
      const response = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      await response.arrayBuffer();
    };
    const health = summarize(await timeEach(samples, get('/api/health')));
    const rows: Array<Record<string, string | number>> = [{ case: `[${label}] baseline GET /api/health`, p50: ms(health.p50), p99: ms(health.p99), ratio: '1.00' }];
    const total = messages + 100;
    for (const [name, offset] of [['first page', 0], ['middle page', Math.floor(total / 2)], ['last page', total - 50]] as const) {
      const s = summarize(await timeEach(samples, get(`/api/customers/${customerId}/history?limit=50&offset=${offset}`)));
      rows.push({ case: `[${label}] history of ${messages} messages, ${name}`, p50: ms(s.p50), p99: ms(s.p99), ratio: (s.p50 / health.p50).toFixed(1) });
    }
    return rows;
  } finally {
    await server.close();
    if (databaseUrl.startsWith('mysql')) await dropMysqlDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('customerHistory.ts')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  console.table(await benchCustomerHistory('sqlite', `sqlite:${path.join(dir, 'b.sqlite')}`, 10_000, 200));
  console.table(await benchCustomerHistory('mariadb', 'mysql://root@127.0.0.1:3306/helpdesk_bench_history', 10_000, 200));
  process.exit(0);
}
