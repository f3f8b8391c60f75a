/**
 * Suggestion latency with 10,000 templates and articles (half English, half Chinese), and the
 * accuracy on the labelled intent dataset (bench/suggestionAccuracy.ts).
 *
 * Latency is measured twice: the engine alone (ranking in memory), and end to end through
 * `POST /api/suggestions` on a real server on SQLite whose database holds the 10,000 rows, against
 * `GET /api/health` on the same server in the same run. Candidates are made from a support
 * vocabulary (Zipf-distributed, a support-word head and a long tail of names) with a seeded
 * generator; queries are real customer phrasings (the dataset's
 * messages for English, the starter templates' examples for Chinese).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../server/config';
import { SuggestionEngine, type CandidateInput } from '../server/knowledge/suggestionEngine';
import { TEMPLATES_DIR } from '../server/knowledge/seedFiles';
import { KbArticle } from '../server/models/KbArticle';
import { ReplyTemplate } from '../server/models/ReplyTemplate';
import { startServer } from '../server/server';
import { BITEXT_CSV, measureAccuracy, seededRandom } from './suggestionAccuracy';
import { ms, summarize, timeEach } from './stats';

const EN_WORDS = 'order refund delivery parcel invoice payment account password address return exchange cancel shipping tracking courier card paypal voucher discount coupon subscription newsletter warranty damaged broken missing late wrong size colour color item product receipt tax vat bank transfer charge twice fee store pickup express standard international customs duty label box package replacement repair battery screen charger cable shoes jacket dress laptop phone login email verify code reset delete update change add remove help problem issue status week days money back credit balance points loyalty gift wrap message'.split(' ');
const ZH_WORDS = '订单 退款 快递 包裹 发票 支付 账户 密码 地址 退货 换货 取消 物流 配送 顺丰 银行卡 支付宝 微信 优惠券 折扣 会员 积分 保修 损坏 破损 缺件 延迟 错发 尺码 颜色 商品 收据 税号 增值税 转账 扣款 重复 手续费 自提 加急 国际 海关 关税 标签 盒子 换新 维修 电池 屏幕 充电器 数据线 鞋子 外套 裙子 电脑 手机 登录 邮箱 验证码 重置 注销 修改 添加 删除 帮助 问题 状态 一周 天数 余额 礼品 包装 客服 人工 投诉 评价 订阅'.split(' ');

/**
 * A vocabulary like a real knowledge base's: the support words above first (the frequent head),
 * then thousands of product and place names made from syllables (the long tail), drawn with
 * Zipf's law (the r-th word has weight 1/r), as words are in real text.
 */
function zipfVocabulary(head: string[], syllables: string[], tail: number, random: () => number): () => string {
  const words = [...head];
  while (words.length < head.length + tail) words.push([0, 1].map(() => syllables[Math.floor(random() * syllables.length)]).join(''));
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 1; r <= words.length; r++) cumulative.push((sum += 1 / r));
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return words[low];
  };
}

const EN_SYLLABLES = 'ka lo mi ne ta ri so va de pu ze bo li ga ro fen tor mar sel vin dex cor lan pra'.split(' ');
const ZH_CHARS = '华为小米苹果联想格力美的海尔奥克斯北京上海广州深圳杭州成都武汉南京天津重庆苏州西安长沙旗舰专营官方精品时尚经典智能轻薄无线蓝牙超级高清'.split('');

export function syntheticCandidates(total: number, seed = 7): CandidateInput[] {
  const random = seededRandom(seed);
  const english = zipfVocabulary(EN_WORDS, EN_SYLLABLES, 20_000, random);
  const chinese = zipfVocabulary(ZH_WORDS, ZH_CHARS, 20_000, random);
  return Array.from({ length: total }, (_, i) => {
    const isChinese = i % 2 === 1;
    const word = isChinese ? chinese : english;
    const make = (min: number, spread: number) => Array.from({ length: min + Math.floor(random() * spread) }, word).join(isChinese ? '' : ' ');
    const article = i % 4 >= 2;
    return {
      kind: article ? 'article' : 'template',
      id: i + 1,
      locale: isChinese ? 'zh-CN' : 'en',
      title: make(3, 4),
      keywords: Array.from({ length: 4 }, () => make(1, 2)),
      examples: article ? [] : Array.from({ length: 6 }, () => make(6, 8)),
      body: make(article ? 120 : 40, 60),
      visibility: 'public',
      category: 'orders',
    } satisfies CandidateInput;
  });
}

function chineseQueries(): string[] {
  const dir = path.join(TEMPLATES_DIR, 'zh-CN');
  return fs.readdirSync(dir).flatMap((file) => (matter(fs.readFileSync(path.join(dir, file), 'utf8')).data.examples as string[]) ?? []);
}

function englishQueries(count: number): string[] {
  const rows = parse(fs.readFileSync(BITEXT_CSV), { columns: true }) as Array<{ instruction: string }>;
  const step = Math.max(1, Math.floor(rows.length / count));
  return rows.filter((_, i) => i % step === 0).map((row) => row.instruction);
}

export async function benchSuggestions(total: number, samples: number): Promise<Array<Record<string, string | number>>> {
  const candidates = syntheticCandidates(total);
  const queries = { en: englishQueries(samples), 'zh-CN': chineseQueries() };
  const rows: Array<Record<string, string | number>> = [];

  const engine = new SuggestionEngine();
  const built = performance.now();
  for (const candidate of candidates) engine.upsert(candidate);
  engine.rank('warm up', {});
  rows.push({ case: `engine: index ${total} candidates`, p50: ms(performance.now() - built), p99: '', ratio: '' });
  for (const [locale, texts] of Object.entries(queries)) {
    const samplesMs = await timeEach(samples, async (i) => void engine.rank(texts[i % texts.length], { locale, limit: 5 }));
    const s = summarize(samplesMs);
    rows.push({ case: `engine: rank ${locale}`, p50: ms(s.p50), p99: ms(s.p99), ratio: '' });
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-suggest-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dataDir, 'bench.sqlite')}`, DATA_DIR: dataDir, ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'error', PUBLIC_RATE_PER_MINUTE: '1000000' });
  let server = await startServer(config);
  try {
    const now = new Date();
    const templates = candidates.filter((c) => c.kind === 'template');
    const articles = candidates.filter((c) => c.kind === 'article');
    await ReplyTemplate.bulkCreate(templates.map((c) => ({ title: c.title, body: c.body, keywords: c.keywords, examples: c.examples, locale: c.locale, createdAt: now, updatedAt: now })));
    await KbArticle.bulkCreate(articles.map((c, i) => ({ slug: `bench-${i}`, title: c.title, body: c.body, category: 'orders', keywords: c.keywords, visibility: 'public' as const, locale: c.locale as 'en' | 'zh-CN', createdAt: now, updatedAt: now })));
    // A restart loads the index from the database, as a node does at boot.
    await server.close();
    const booted = performance.now();
    server = await startServer(config);
    rows.push({ case: `server start, index loaded from the database (${server.ctx.knowledge.engine.size} candidates)`, p50: ms(performance.now() - booted), p99: '', ratio: '' });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };
    const health = summarize(await timeEach(samples, async () => void (await (await fetch(`${server.url}/api/health`)).arrayBuffer())));
    rows.push({ case: 'baseline GET /api/health', p50: ms(health.p50), p99: ms(health.p99), ratio: '1.00' });
    for (const [locale, texts] of Object.entries(queries)) {
      const s = summarize(
        await timeEach(samples, async (i) => {
          const response = await fetch(`${server.url}/api/suggestions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: texts[i % texts.length], locale }) });
          if (!response.ok) throw new Error(`suggestions: ${response.status}`);
          await response.arrayBuffer();
        }),
      );
      rows.push({ case: `POST /api/suggestions ${locale}`, p50: ms(s.p50), p99: ms(s.p99), ratio: (s.p50 / health.p50).toFixed(2) });
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (fs.existsSync(BITEXT_CSV)) {
    const accuracy = measureAccuracy();
    rows.push({ case: `accuracy on bitext (${accuracy.intents} intents, ${accuracy.heldOut} held out): top-1 / top-3`, p50: `${(accuracy.top1 * 100).toFixed(2)}%`, p99: `${(accuracy.top3 * 100).toFixed(2)}%`, ratio: '' });
  } else rows.push({ case: 'accuracy: skipped, no ../shared/data/bitext', p50: '', p99: '', ratio: '' });
  return rows;
}

if (process.argv[1]?.endsWith('suggestions.ts')) {
  console.table(await benchSuggestions(Number(process.env.BENCH_SUGGEST_CANDIDATES ?? 10_000), Number(process.env.BENCH_SAMPLES ?? 300)));
  process.exit(0);
}
