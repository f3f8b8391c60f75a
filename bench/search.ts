/**
 * Search benchmark (issue #8): 100,000 tickets with 3 messages each — English, Chinese and mixed
 * text drawn from generated vocabularies with Zipf-like word frequencies and a seeded PRNG, so
 * every run sees the same data — inserted with bulkCreate and indexed by the catch-up (the same
 * code that backfills a real installation). Reports the index build rate, then p50/p99 of
 * `GET /api/search` for English one-word and two-word queries, Chinese 2- and 4-character
 * queries (as an admin, and one case as a group agent, whose visibility join is the extra cost),
 * an order number quoted in a single message and a word nobody wrote (the rare cases),
 * against the same questions asked as `LIKE '%…%'` over the same tables in the same run (newest
 * 20 per table, no ranking: the cheapest a LIKE search can be). Figures only, no assertions.
 *
 *   BENCH_SEARCH_TICKETS (default 100000), BENCH_SEARCH_SAMPLES (default 200)
 *   BENCH_DATABASE_URL or TEST_DATABASE_URL: also run on that MariaDB/MySQL server (a database
 *   `<name>_search` is created and dropped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { JobLock } from '../server/models/JobLock';
import { Customer } from '../server/models/Customer';
import { Identity } from '../server/models/Identity';
import { Message } from '../server/models/Message';
import { SearchTerm } from '../server/models/SearchTerm';
import { Ticket } from '../server/models/Ticket';
import { catchUpSearchIndex } from '../server/search/catchUp';
import { startServer } from '../server/server';
import { createAgent } from '../server/services/agentService';
import { createGroup } from '../server/services/groupService';
import { Agent } from '../server/models/Agent';
import { ms, summarize, timeEach } from './stats';

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUPPORT_WORDS = 'order refund parcel delivery invoice payment account password address return exchange broken damaged missing late courier tracking shipment warranty repair replacement discount coupon voucher subscription cancel cancellation charge receipt billing card bank transfer login email phone customer service agent complaint question product size colour color stock price promotion gift wrap store pickup quality kettle blender toaster jacket shoes laptop charger cable battery screen keyboard mouse headphones camera lens tripod backpack wallet watch bracelet necklace ring sofa chair table lamp curtain blanket pillow mattress towel'.split(' ');
const SYLLABLES = 'ka lo mi ra te zu no vi sa pe do ri ma ku le fo gi ta ne bo'.split(' ');
const HANZI = '退款订单快递物流发货收货地址支付账户密码发票退货换货损坏丢失延迟查询维修保修优惠券折扣会员积分客服投诉质量尺码颜色库存价格商品礼品门店自提电话邮箱手机电脑充电器耳机相机沙发椅子桌子台灯窗帘毯子枕头床垫毛巾水壶烤面包机外套鞋子'.split('');

interface Vocabulary {
  english: string[];
  chinese: string[];
  chinese4: string[];
}

function vocabulary(random: () => number): Vocabulary {
  const english = [...SUPPORT_WORDS];
  // A long tail of made-up words (they stem like real ones), so rare words exist as in real mail.
  while (english.length < 3000) english.push(Array.from({ length: 2 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
  const chinese = new Set<string>();
  while (chinese.size < 2000) chinese.add(HANZI[Math.floor(random() * HANZI.length)] + HANZI[Math.floor(random() * HANZI.length)]);
  const two = [...chinese];
  const chinese4 = Array.from({ length: 300 }, (_, i) => two[i * 2] + two[i * 2 + 1]);
  return { english: [...new Set(english)], chinese: two, chinese4 };
}

/** Index drawn with a Zipf-like law (rank r with weight 1/r): a few words everywhere, most rare. */
function zipf(random: () => number, size: number): number {
  return Math.min(size - 1, Math.floor(Math.exp(random() * Math.log(size + 1)) - 1));
}

function sentence(random: () => number, vocab: Vocabulary, words: number): string {
  const kind = random();
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const chinese = kind < 0.3 || (kind < 0.5 && random() < 0.5);
    if (!chinese) out.push(vocab.english[zipf(random, vocab.english.length)]);
    else if (random() < 0.1) out.push(vocab.chinese4[zipf(random, vocab.chinese4.length)]);
    else out.push(vocab.chinese[zipf(random, vocab.chinese.length)]);
  }
  return kind < 0.3 ? out.join('') + '。' : out.join(' ') + '.';
}

/** One message in a hundred quotes an order number, as customers do; each number occurs once. */
const ORDER_EVERY = 100;
const orderNumber = (ticketIndex: number) => String(7_000_000_000 + ticketIndex * 7919);

async function seed(sequelize: Sequelize, tickets: number, vocab: Vocabulary, groupId: number): Promise<void> {
  const random = prng(42);
  const CHUNK = 2000;
  const customers = Math.max(1, Math.floor(tickets / 5));
  const now = Date.now();
  for (let c = 0; c < customers; c += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, customers - c) }, (_, i) => ({ name: `${vocab.english[zipf(random, 300)]} ${vocab.english[zipf(random, 3000)]} ${c + i}`, createdAt: new Date(now), updatedAt: new Date(now) }));
    const created = await Customer.bulkCreate(rows as never);
    await Identity.bulkCreate(created.map((customer) => ({ customerId: customer.id, kind: 'email', value: `customer${customer.id}@example.test`, createdAt: new Date(now), updatedAt: new Date(now) })) as never);
  }
  const firstCustomer = (await Customer.min('id')) as number;
  for (let t = 0; t < tickets; t += CHUNK) {
    const count = Math.min(CHUNK, tickets - t);
    const at = (i: number) => new Date(now - (tickets - t - i) * 60_000);
    const ticketRows = Array.from({ length: count }, (_, i) => ({
      subject: sentence(random, vocab, 3 + Math.floor(random() * 4)),
      channel: 'email',
      status: 'open',
      priority: 'normal',
      customerId: firstCustomer + ((t + i) % customers),
      // A quarter of the tickets belong to a group the benchmark's group agent is not in.
      groupId: (t + i) % 4 === 0 ? groupId : null,
      lastActivityAt: at(i),
      createdAt: at(i),
      updatedAt: at(i),
    }));
    const created = await Ticket.bulkCreate(ticketRows as never);
    const messageRows = created.flatMap((ticket, i) =>
      Array.from({ length: 3 }, (_, m) => ({ ticketId: ticket.id, direction: m === 1 ? 'outbound' : 'inbound', channel: 'email', authorType: m === 1 ? 'agent' : 'customer', authorId: null, internal: m === 2 && random() < 0.2, body: sentence(random, vocab, 8 + Math.floor(random() * 25)) + (m === 0 && (t + i) % ORDER_EVERY === 0 ? ` Order ${orderNumber(t + i)}.` : ''), createdAt: at(i), updatedAt: at(i) })),
    );
    await Message.bulkCreate(messageRows as never);
  }
}

interface QueryCase {
  name: string;
  queries: string[];
  /** The words a LIKE baseline must all find. */
  likeWords: string[][];
  asAgent?: boolean;
}

function queryCases(vocab: Vocabulary, samples: number, tickets: number): QueryCase[] {
  const random = prng(7);
  // Uniform over the vocabulary (not Zipf): a query is as likely to be a rare word as a common one.
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const english = Array.from({ length: samples }, () => pick(vocab.english));
  const pairs = Array.from({ length: samples }, () => [pick(SUPPORT_WORDS), pick(SUPPORT_WORDS)]);
  const chinese2 = Array.from({ length: samples }, () => pick(vocab.chinese));
  const chinese4 = Array.from({ length: samples }, () => pick(vocab.chinese4));
  // Rare on purpose: the case where LIKE cannot stop early and reads every row.
  const orders = Array.from({ length: samples }, () => orderNumber(Math.floor((random() * tickets) / ORDER_EVERY) * ORDER_EVERY));
  const absent = Array.from({ length: samples }, (_, i) => `qzx${i}vw`);
  return [
    { name: 'English, one word', queries: english, likeWords: english.map((w) => [w]) },
    { name: 'English, one word (group agent)', queries: english, likeWords: english.map((w) => [w]), asAgent: true },
    { name: 'English, two words', queries: pairs.map((p) => p.join(' ')), likeWords: pairs },
    { name: 'Chinese, 2 characters', queries: chinese2, likeWords: chinese2.map((w) => [w]) },
    { name: 'Chinese, 4 characters', queries: chinese4, likeWords: chinese4.map((w) => [w]) },
    { name: 'Order number (in one message)', queries: orders, likeWords: orders.map((w) => [w]) },
    { name: 'A word nobody wrote', queries: absent, likeWords: absent.map((w) => [w]) },
  ];
}

/** The LIKE baseline: the newest 20 tickets, messages and customers containing every word. */
async function likeSearch(sequelize: Sequelize, words: string[]): Promise<void> {
  const replacements = Object.fromEntries(words.map((w, i) => [`w${i}`, `%${w}%`]));
  const all = (column: string) => words.map((_, i) => `${column} LIKE :w${i}`).join(' AND ');
  for (const sql of [
    `SELECT id FROM tickets WHERE ${all('subject')} ORDER BY id DESC LIMIT 20`,
    `SELECT id FROM messages WHERE ${all('body')} ORDER BY id DESC LIMIT 20`,
    `SELECT id FROM customers WHERE ${all('name')} ORDER BY id DESC LIMIT 20`,
  ])
    await sequelize.query(sql, { type: QueryTypes.SELECT, replacements });
}

export async function benchSearch(label: string, databaseUrl: string, tickets: number, samples: number): Promise<Array<Record<string, string | number>>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-search-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error' });
  const server = await startServer(config, { pollMailboxes: false, scanAlerts: false, scheduleCare: false });
  const { ctx } = server;
  try {
    // The benchmark times the build itself: keep the server's own background catch-up out of it.
    // Taken over outright: the server's first (empty) run at start already holds the lease.
    await JobLock.upsert({ name: 'search-catch-up', owner: 'bench', expiresAt: new Date(Date.now() + 24 * 3600_000) });
    const vocab = vocabulary(prng(1));
    const admin = await Agent.findOne({ where: { role: 'admin' }, rejectOnEmpty: true });
    const group = await createGroup(ctx, { agent: admin, groupIds: [] }, { name: 'Partners' });
    await createAgent(ctx, { agent: admin, groupIds: [] }, { name: 'Group agent', email: 'agent@example.test', password: 'agent-password', role: 'agent' });

    let started = performance.now();
    await seed(ctx.sequelize, tickets, vocab, group.id);
    console.log(`[${label}] inserted ${tickets} tickets, ${tickets * 3} messages, ${Math.floor(tickets / 5)} customers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const report = await catchUpSearchIndex(ctx);
    const seconds = (performance.now() - started) / 1000;
    const postings = await SearchTerm.count();
    console.log(`[${label}] indexed ${report.indexed} documents (${postings} postings) in ${seconds.toFixed(1)} s: ${Math.round(report.indexed / seconds)} documents/s, ${Math.round(report.terms / seconds)} postings/s`);

    const login = async (email: string, password: string) => {
      const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      return ((await response.json()) as { token: string }).token;
    };
    const adminToken = await login('bench@example.test', 'bench-password');
    const agentToken = await login('agent@example.test', 'agent-password');
    const rows: Array<Record<string, string | number>> = [{ case: `[${label}] index build`, p50: `${Math.round(report.indexed / seconds)} docs/s`, p99: `${Math.round(report.terms / seconds)} postings/s`, 'LIKE p50': '', 'LIKE p99': '', 'LIKE/search (p50)': '' }];
    let hitCount = 0;
    for (const queryCase of queryCases(vocab, samples, tickets)) {
      const token = queryCase.asAgent ? agentToken : adminToken;
      const search = summarize(
        await timeEach(samples, async (i) => {
          const response = await fetch(`${server.url}/api/search?q=${encodeURIComponent(queryCase.queries[i])}`, { headers: { authorization: `Bearer ${token}` } });
          if (!response.ok) throw new Error(`search ${queryCase.queries[i]}: ${response.status}`);
          const body = (await response.json()) as { tickets: unknown[]; messages: unknown[]; customers: unknown[] };
          hitCount += body.tickets.length + body.messages.length + body.customers.length;
        }),
      );
      const like = summarize(await timeEach(samples, (i) => likeSearch(ctx.sequelize, queryCase.likeWords[i])));
      rows.push({ case: `[${label}] ${queryCase.name}`, p50: ms(search.p50), p99: ms(search.p99), 'LIKE p50': ms(like.p50), 'LIKE p99': ms(like.p99), 'LIKE/search (p50)': (like.p50 / search.p50).toFixed(1) });
    }
    console.log(`[${label}] ${hitCount} results returned over all queries`);
    return rows;
  } finally {
    await server.close();
    if (databaseUrl.startsWith('mysql')) await dropMysqlDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The MariaDB URL to use, with its own database name, or null. */
export function searchBenchMysqlUrl(): string | null {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const url = new URL(base);
  url.pathname = `/${(url.pathname.slice(1) || 'helpdesk_bench').slice(0, 40)}_search`;
  return url.toString();
}

export async function runSearchBench(): Promise<void> {
  const tickets = Number(process.env.BENCH_SEARCH_TICKETS ?? 100_000);
  const samples = Number(process.env.BENCH_SEARCH_SAMPLES ?? 200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-search-'));
  const rows = await benchSearch('sqlite', `sqlite:${path.join(dir, 'bench.sqlite')}`, tickets, samples);
  fs.rmSync(dir, { recursive: true, force: true });
  const mysqlUrl = searchBenchMysqlUrl();
  if (mysqlUrl) rows.push(...(await benchSearch('mariadb', mysqlUrl, tickets, samples)));
  else console.log('Search on MariaDB: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  console.table(rows);
}

if (process.argv[1]?.endsWith('search.ts')) {
  await runSearchBench();
  process.exit(0);
}
