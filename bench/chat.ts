/**
 * Chat benchmark: N concurrent visitors (default 100 and 1000) each send BENCH_CHAT_MESSAGES
 * messages through /widget while one agent listens on /agent. Reports visitor → agent round trip
 * (p50/p99), messages stored per second, and as the baseline a raw Socket.IO echo with the same
 * number of clients in the same run; plus the widget's gzipped size.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { buildClientAssets } from '../client/build';
import { loadConfig } from '../server/config';
import { startServer } from '../server/server';
import { ms, summarize } from './stats';

export async function connectAll(count: number, open: (i: number) => Socket, ready: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, j) => open(start + j));
    await Promise.all(batch.map((socket) => new Promise((resolve) => socket.once(ready, resolve))));
    sockets.push(...batch);
  }
  return sockets;
}

export async function rawEcho(clients: number, perClient: number) {
  const httpServer = http.createServer();
  const io = new Server(httpServer);
  io.on('connection', (socket) => socket.on('echo', (payload: unknown, ack: (p: unknown) => void) => ack(payload)));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const sockets = await connectAll(clients, () => connect(url, { transports: ['websocket'] }), 'connect');
  const samples: number[] = [];
  const start = performance.now();
  await Promise.all(
    sockets.map(async (socket, i) => {
      for (let k = 0; k < perClient; k += 1) {
        const sent = performance.now();
        await socket.emitWithAck('echo', { text: `hello ${i}-${k}` });
        samples.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.disconnect();
  io.close();
  return { summary: summarize(samples), rate: samples.length / seconds };
}

async function helpDesk(clients: number, perClient: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-chat-'));
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dataDir}/chat.sqlite`, DATA_DIR: dataDir, ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error', WIDGET_NEW_VISITORS_PER_MINUTE: '100000' }), { scanAlerts: false, pollMailboxes: false });
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };
    const agent = connect(`${server.url}/agent`, { auth: { token }, transports: ['websocket'] });
    await new Promise<void>((resolve) => agent.once('connect', () => resolve()));
    const sentAt = new Map<string, number>();
    const roundTrips: number[] = [];
    agent.on('message.created', ({ message }: { message: { body: string } }) => {
      const started = sentAt.get(message.body);
      if (started !== undefined) roundTrips.push(performance.now() - started);
    });
    const visitors = await connectAll(clients, () => connect(`${server.url}/widget`, { transports: ['websocket'] }), 'session');
    let stored = 0;
    const start = performance.now();
    await Promise.all(
      visitors.map(async (socket, i) => {
        for (let k = 0; k < perClient; k += 1) {
          const body = `visitor ${i} message ${k}`;
          sentAt.set(body, performance.now());
          const ack = (await socket.timeout(60_000).emitWithAck('message', { text: body, clientId: `b-${i}-${k}` })) as { ok: boolean };
          if (ack.ok) stored += 1;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    await server.ctx.events.drain();
    for (const socket of [...visitors, agent]) socket.disconnect();
    return { summary: summarize(roundTrips), rate: stored / seconds, stored };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchChat(visitorCounts: number[], perClient: number): Promise<Record<string, string | number>[]> {
  const rows: Record<string, string | number>[] = [];
  const widget = (await buildClientAssets()).get('/widget.js');
  for (const clients of visitorCounts) {
    const baseline = await rawEcho(clients, perClient);
    const desk = await helpDesk(clients, perClient);
    rows.push({ case: `baseline: raw Socket.IO echo, ${clients} clients`, messages: clients * perClient, p50: ms(baseline.summary.p50), p99: ms(baseline.summary.p99), 'msgs/s': baseline.rate.toFixed(0), 'vs baseline': '1.00' });
    rows.push({ case: `visitor → agent, ${clients} visitors (stored, then pushed)`, messages: desk.stored, p50: ms(desk.summary.p50), p99: ms(desk.summary.p99), 'msgs/s': desk.rate.toFixed(0), 'vs baseline': (desk.rate / baseline.rate).toFixed(3) });
  }
  rows.push({ case: 'widget.js gzipped', messages: '', p50: `${((widget ? gzipSync(widget.body).length : 0) / 1024).toFixed(1)} KB`, p99: '', 'msgs/s': '', 'vs baseline': '' });
  return rows;
}
