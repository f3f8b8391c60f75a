/**
 * `npm run bench:load` (issue #9): BENCH_LOAD_VISITORS (default 1000) widget visitors chat with
 * BENCH_LOAD_AGENTS (default 20) agents across two help-desk processes that share MariaDB and
 * Redis. Visitors and agents are spread over both nodes, so about half of every conversation
 * crosses nodes through the Redis adapter. Each visitor sends BENCH_LOAD_MESSAGES (default 5)
 * messages, one at a time, and waits for the agent's reply before the next; the agent owning the
 * ticket answers through the REST API of its own node as soon as `message.created` reaches it.
 *
 * Reports: visitor → agent delivery and visitor → reply round trip (p50/p99), messages stored per
 * second (visitors' and agents'), errors (refused acks, timeouts, failed requests, replies that
 * never arrived), and each node's memory per connected socket (RSS growth while the visitors
 * connected). The baseline, measured in the same run: a raw Socket.IO echo with as many clients
 * on one process (bench/chat.ts).
 *
 *   BENCH_LOAD_NODES (default 2) help-desk processes
 *   BENCH_LOAD_MYSQL_URL (default mysql://root@127.0.0.1:3306/helpdesk_bench_load; dropped after)
 *   BENCH_LOAD_REDIS_URL (default redis://127.0.0.1:6379)
 */
import fs from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import { dropMysqlDatabase } from '../server/db/database';
import { startServerProcess, type ServerProcess } from '../test/helpers/serverProcess';
import { connectAll, rawEcho } from './chat';
import { ms, summarize } from './stats';

const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ADMIN = { email: 'load-admin@example.test', password: 'load-admin-password' };
const REPLY_TIMEOUT_MS = 60_000;

interface Json {
  [key: string]: unknown;
}

async function api<T = Json>(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Resident memory of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

interface Counters {
  refusedAcks: number;
  ackTimeouts: number;
  failedReplies: number;
  missingReplies: number;
  stored: number;
  refusedCodes: Map<string, number>;
}

export async function benchLoad(options: { visitors: number; agents: number; messages: number; nodes: number; mysqlUrl: string; redisUrl: string }): Promise<Array<Record<string, string | number>>> {
  const { visitors, agents, messages, mysqlUrl, redisUrl, nodes: nodeCount } = options;
  await dropMysqlDatabase(mysqlUrl);
  const env = {
    DATABASE_URL: mysqlUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `helpdesk-bench-load-${process.pid}`,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    // 1,000 visitors and 20 agents all come from 127.0.0.1 here; real ones do not share an address.
    CHAT_RATE_PER_MINUTE: '600',
    WIDGET_NEW_VISITORS_PER_MINUTE: '100000',
    PUBLIC_RATE_PER_MINUTE: '100000',
  };
  const nodes: ServerProcess[] = [];
  const sockets: Socket[] = [];
  try {
    // One after the other: the first applies the migrations to the empty database.
    for (let i = 0; i < nodeCount; i++) nodes.push(await startServerProcess(env, 120_000));
    const nodeUrl = (i: number) => nodes[i % nodes.length].url;
    const adminToken = (await api<{ token: string }>(nodes[0].url, 'POST', '/api/auth/login', null, ADMIN)).token;

    // Agents: agent i works on node i % 2 (its socket and its REST calls).
    const agentTokens: string[] = [];
    for (let i = 0; i < agents; i++) {
      const credentials = { email: `load-agent-${i}@example.test`, password: `load-agent-password-${i}` };
      await api(nodes[0].url, 'POST', '/api/agents', adminToken, { name: `Agent ${i}`, role: 'agent', ...credentials });
      agentTokens.push((await api<{ token: string }>(nodeUrl(i), 'POST', '/api/auth/login', null, credentials)).token);
    }
    const agentSockets = await connectAll(agents, (i) => connect(`${nodeUrl(i)}/agent`, { auth: { token: agentTokens[i] }, transports: ['websocket'] }), 'connect');
    sockets.push(...agentSockets);

    const rssBefore = nodes.map((node) => rssOf(node.child.pid ?? 0));
    const visitorSockets = await connectAll(visitors, (i) => connect(`${nodeUrl(i)}/widget`, { transports: ['websocket'], auth: { name: `Visitor ${i}` } }), 'session');
    sockets.push(...visitorSockets);
    // Let the nodes settle (session work, GC) before reading their memory.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rssAfter = nodes.map((node) => rssOf(node.child.pid ?? 0));

    const counters: Counters = { refusedAcks: 0, ackTimeouts: 0, failedReplies: 0, missingReplies: 0, stored: 0, refusedCodes: new Map() };
    const sentAt = new Map<string, number>();
    const deliveries: number[] = [];
    const roundTrips: number[] = [];
    // The agent owning a ticket (ticket id modulo the agents) answers it, on its own node.
    agentSockets.forEach((socket, a) => {
      socket.on('message.created', ({ ticketId, message }: { ticketId: number; message: { authorType: string; body: string } }) => {
        if (message.authorType !== 'customer' || ticketId % agents !== a) return;
        const started = sentAt.get(message.body);
        if (started !== undefined) deliveries.push(performance.now() - started);
        api(nodeUrl(a), 'POST', `/api/tickets/${ticketId}/messages`, agentTokens[a], { body: `Re: ${message.body}` }).then(
          () => (counters.stored += 1),
          () => (counters.failedReplies += 1),
        );
      });
    });

    const started = performance.now();
    await Promise.all(
      visitorSockets.map(async (socket, v) => {
        for (let k = 0; k < messages; k++) {
          const body = `visitor ${v} message ${k}`;
          const replied = new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
            const onMessage = (reply: { body: string }) => {
              if (reply.body !== `Re: ${body}`) return;
              clearTimeout(timer);
              socket.off('message', onMessage);
              resolve(true);
            };
            socket.on('message', onMessage);
          });
          sentAt.set(body, performance.now());
          try {
            const ack = (await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck('message', { text: body, clientId: `load-${v}-${k}` })) as { ok: boolean; error?: { code: string } };
            if (ack.ok) counters.stored += 1;
            else {
              counters.refusedAcks += 1;
              counters.refusedCodes.set(ack.error?.code ?? '?', (counters.refusedCodes.get(ack.error?.code ?? '?') ?? 0) + 1);
            }
          } catch {
            counters.ackTimeouts += 1;
          }
          if (await replied) roundTrips.push(performance.now() - (sentAt.get(body) ?? 0));
          else counters.missingReplies += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // What went wrong on the nodes, once per kind, so errors are explained rather than just counted.
    const problems = new Map<string, number>();
    for (const node of nodes) for (const line of node.logs) if (line.level === 'error' || line.level === 'warn') {
      const key = `${line.message}${line.processor ? ` (${String(line.processor)})` : ''}: ${String((line.error as { message?: unknown } | undefined)?.message ?? '').slice(0, 160)}`;
      problems.set(key, (problems.get(key) ?? 0) + 1);
    }
    for (const [problem, count] of problems) console.log(`  node log ×${count}: ${problem}`);
    for (const socket of sockets) socket.disconnect();
    sockets.length = 0;

    const baseline = await rawEcho(visitors, messages);
    const delivery = summarize(deliveries);
    const roundTrip = summarize(roundTrips);
    const errors = counters.refusedAcks + counters.ackTimeouts + counters.failedReplies + counters.missingReplies;
    const perConnection = nodes.map((_, i) => (rssAfter[i] - rssBefore[i]) / Math.ceil(visitors / nodes.length));
    return [
      { case: `baseline: raw Socket.IO echo, ${visitors} clients, 1 process`, p50: ms(baseline.summary.p50), p99: ms(baseline.summary.p99), 'msgs/s': baseline.rate.toFixed(0), errors: 0, note: '' },
      { case: `visitor → owning agent, ${visitors} visitors / ${agents} agents / ${nodeCount} node${nodeCount === 1 ? '' : 's'}`, p50: ms(delivery.p50), p99: ms(delivery.p99), 'msgs/s': '', errors: '', note: `${delivery.count} delivered` },
      {
        case: 'visitor → agent reply back at the visitor (round trip)',
        p50: ms(roundTrip.p50),
        p99: ms(roundTrip.p99),
        'msgs/s': (counters.stored / seconds).toFixed(0),
        errors,
        note: `${counters.stored} stored in ${seconds.toFixed(1)} s; refused ${counters.refusedAcks}${counters.refusedAcks ? ` (${[...counters.refusedCodes].map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}, ack timeouts ${counters.ackTimeouts}, failed replies ${counters.failedReplies}, replies missing ${counters.missingReplies}`,
      },
      { case: 'memory per visitor connection (RSS growth)', p50: '', p99: '', 'msgs/s': '', errors: '', note: perConnection.map((bytes, i) => `node ${i + 1}: ${(bytes / 1024).toFixed(1)} KB`).join(', ') },
    ];
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const node of nodes) await node.stop();
    await dropMysqlDatabase(mysqlUrl);
  }
}

if (process.argv[1]?.endsWith('load.ts')) {
  const rows = await benchLoad({
    visitors: number('BENCH_LOAD_VISITORS', 1000),
    agents: number('BENCH_LOAD_AGENTS', 20),
    messages: number('BENCH_LOAD_MESSAGES', 5),
    nodes: number('BENCH_LOAD_NODES', 2),
    mysqlUrl: process.env.BENCH_LOAD_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/helpdesk_bench_load',
    redisUrl: process.env.BENCH_LOAD_REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
  console.log(`\nLoad: ${process.env.BENCH_LOAD_VISITORS ?? 1000} visitors, ${process.env.BENCH_LOAD_NODES ?? 2} nodes, MariaDB + Redis`);
  console.table(rows);
  process.exit(0);
}
