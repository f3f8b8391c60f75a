/**
 * Webhook delivery: (1) throughput of the deliverer draining N queued deliveries to a local
 * receiver (claim, sign, POST, record), and (2) end-to-end latency with the real background
 * deliverer: from the API's answer to "ticket created" until the receiver has the signed POST.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { Webhook } from '../server/models/Webhook';
import { WebhookDelivery } from '../server/models/WebhookDelivery';
import { startServer } from '../server/server';
import { deliverDueOnce } from '../server/webhooks/deliverer';
import { queueDeliveries } from '../server/webhooks/enqueue';
import { startWebhookSink } from '../test/helpers/webhookSink';
import { ms, summarize } from './stats';

export async function benchWebhooks(deliveries: number, samples: number): Promise<Array<Record<string, string | number>>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-webhooks-'));
  const sink = await startWebhookSink();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dataDir, 'bench.sqlite')}`, DATA_DIR: dataDir, ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error', WEBHOOK_POLL_SECONDS: '1' });
  const server = await startServer(config, { pollMailboxes: false, scanAlerts: false, scheduleCare: false });
  const rows: Array<Record<string, string | number>> = [];
  try {
    const { ctx } = server;
    // (1) Throughput, with the background deliverer off (an inactive hook for its events).
    const hook = await Webhook.create({ url: sink.url, events: ['ticket.updated'], secret: 'b'.repeat(64) });
    let started = performance.now();
    for (let i = 0; i < deliveries; i += 500) await queueDeliveries(ctx, Array.from({ length: Math.min(500, deliveries - i) }, () => hook), 'ping', { n: i });
    const queuedMs = performance.now() - started;
    started = performance.now();
    while ((await WebhookDelivery.count({ where: { state: 'pending' } })) > 0) await deliverDueOnce(ctx);
    const drainMs = performance.now() - started;
    rows.push({ case: `queue ${deliveries} deliveries`, value: ms(queuedMs), rate: `${Math.round(deliveries / (queuedMs / 1000))}/s` });
    rows.push({ case: `deliver ${deliveries} (claim, sign, POST, record)`, value: ms(drainMs), rate: `${Math.round(deliveries / (drainMs / 1000))}/s` });

    // (2) End to end: create a ticket through the API, wait for the receiver to have the event.
    await hook.update({ events: ['ticket.created'] });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };
    const latencies: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const before = sink.received.length;
      const response = await fetch(`${server.url}/api/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ subject: `Bench ${i}`, body: 'Where is my parcel?', customer: { email: `bench-${i}@example.test`, name: 'Bench' } }) });
      if (response.status !== 201) throw new Error(`ticket create: ${response.status}`);
      const answered = performance.now();
      await sink.waitFor(before + 1, 15_000);
      latencies.push(performance.now() - answered);
      if (i === 0) latencies.length = 0; // the first one warms up
    }
    const e2e = summarize(latencies);
    rows.push({ case: `ticket.created → receiver (${e2e.count} samples)`, value: `p50 ${ms(e2e.p50)}`, rate: `p99 ${ms(e2e.p99)}` });
    return rows;
  } finally {
    await server.close();
    await sink.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
