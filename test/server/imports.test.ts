/**
 * Customer and purchase imports against the real server on each database: CSV in GB18030 with
 * Chinese headers, .xlsx built here with exceljs, all-or-nothing versus partial, re-imports that
 * update instead of duplicating, purchase dedupe, upload errors, job progress, the CSV export
 * (never private fields), and RFM tiers on a small data set computed by hand.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AuditLog } from '../../server/models/AuditLog';
import { Customer } from '../../server/models/Customer';
import { Purchase } from '../../server/models/Purchase';
import type { CustomerJson } from '../../server/presenters/customerPresenter';
import { importCustomers, type ImportReport } from '../../server/services/importService';
import { buildAgent } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

interface Job {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  processed: number;
  total: number;
  report: ImportReport | null;
  error: string | null;
}

async function upload(server: TestServer, token: string, path: string, data: Buffer | string): Promise<{ status: number; body: Job & { error: { code: string; message: string } } }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(typeof data === 'string' ? Buffer.from(data) : data) });
  return { status: response.status, body: (await response.json()) as Job & { error: { code: string; message: string } } };
}

/** Uploads, then polls the job until it is no longer running; returns every state seen and the last job. */
async function runImport(server: TestServer, token: string, path: string, data: Buffer | string): Promise<Job> {
  const started = await upload(server, token, path, data);
  expect(started.status, JSON.stringify(started.body)).to.equal(202);
  for (let i = 0; i < 600; i += 1) {
    const job = await server.request<Job>('GET', `/api/imports/${started.body.jobId}`, { token });
    expect(job.status).to.equal(200);
    if (job.body.state !== 'running') return job.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

const byEmail = async (server: TestServer, token: string, email: string) => (await server.request<{ data: CustomerJson[] }>('GET', `/api/customers?email=${encodeURIComponent(email)}`, { token })).body.data;

describeEachDatabase('imports', (database) => {
  let server: TestServer;
  let admin: string;
  let agent: string;
  before(async () => {
    server = await startTestServer(database);
    admin = await server.login();
    const plain = await buildAgent(server.server.ctx, { role: 'agent' });
    agent = await server.login(plain.email, plain.password);
  });
  after(async () => server?.close());

  it('imports a GB18030 CSV with Chinese headers, and the job reports progress until done', async () => {
    const csv = '邮箱,姓名,手机,公司,语言,标签,备注\r\nmei@gb.test,梅林,+86 138-0000-1111,杭州茶叶有限公司,中文,VIP；老客户,喜欢龙井\r\nli@gb.test,李雷,,,,,\r\n';
    const bytes = iconv.encode(csv, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).to.throw(); // really not UTF-8
    const job = await runImport(server, admin, '/api/imports/customers?filename=kunden.csv', bytes);
    expect(job).to.deep.include({ state: 'done', processed: 2, total: 2 });
    expect(job.report).to.deep.include({ total: 2, imported: 2, updated: 0, rejectedCount: 0, committed: true });
    const [mei] = await byEmail(server, agent, 'MEI@gb.test');
    expect(mei).to.deep.include({ name: '梅林', organisation: '杭州茶叶有限公司', locale: 'zh-CN', notes: '喜欢龙井', tags: ['vip', '老客户'], phones: ['+8613800001111'] });
    expect(await AuditLog.count({ where: { action: 'customers.imported' } })).to.be.greaterThan(0);
    expect((await server.request('GET', '/api/imports/00000000-0000-4000-8000-000000000000', { token: admin })).status).to.equal(404);
  });

  it('imports an .xlsx workbook made with exceljs (hyperlinked emails, numbers, Excel dates)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Customers');
    sheet.addRow(['Email', 'Name', 'Phone', 'Company', 'Tags']);
    sheet.addRow([{ text: 'xlsx1@sheet.test', hyperlink: 'mailto:xlsx1@sheet.test' }, 'Sheet One', 8613900002222, 'Sheet Co', 'b2b, vip']);
    sheet.addRow(['xlsx2@sheet.test', { richText: [{ text: 'Sheet ' }, { text: 'Two' }] }, null, null, null]);
    const job = await runImport(server, admin, '/api/imports/customers?filename=customers.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(job.report).to.deep.include({ imported: 2, rejectedCount: 0 });
    expect((await byEmail(server, agent, 'xlsx1@sheet.test'))[0]).to.deep.include({ name: 'Sheet One', organisation: 'Sheet Co', tags: ['b2b', 'vip'], phones: ['8613900002222'] });
    expect((await byEmail(server, agent, 'xlsx2@sheet.test'))[0].name).to.equal('Sheet Two');

    const purchases = new ExcelJS.Workbook();
    const rows = purchases.addWorksheet('Orders');
    rows.addRow(['邮箱', '订单号', '商品', '金额', '日期']);
    rows.addRow(['xlsx1@sheet.test', 'X-1', '龙井 250g', 128.5, new Date(Date.UTC(2024, 2, 5))]);
    rows.addRow(['xlsx1@sheet.test', 'X-2', '碧螺春', '1,299.00', '2024/03/06']);
    const bought = await runImport(server, admin, '/api/imports/purchases?filename=orders.xlsx', Buffer.from(await purchases.xlsx.writeBuffer()));
    expect(bought.report).to.deep.include({ imported: 2, rejectedCount: 0 });
    const stored = await Purchase.findAll({ where: { orderRef: ['X-1', 'X-2'] }, order: [['orderRef', 'ASC']] });
    expect(stored.map((p) => [p.amount, p.purchasedAt.toISOString()])).to.deep.equal([['128.50', '2024-03-05T00:00:00.000Z'], ['1299.00', '2024-03-06T00:00:00.000Z']]);
  });

  it('reports progress a chunk at a time while it writes', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => `progress${i}@chunks.test,Person ${i}`);
    const seen: number[] = [];
    const report = await importCustomers(server.server.ctx, null, { name: 'many.csv', data: Buffer.from(`email,name\n${lines.join('\n')}\n`) }, { onProgress: (processed, total) => {
      expect(total).to.equal(2500);
      seen.push(processed);
    } });
    expect(report).to.deep.include({ total: 2500, imported: 2500, committed: true });
    expect(seen).to.include.members([1000, 2000, 2500]);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
  });

  const mixed = ['email,name,phone', 'good1@mixed.test,Good One,', 'not-an-email,Bad,', 'good2@mixed.test,Good Two,', ',Nobody,', 'good3@mixed.test,,12'].join('\n');

  it('all or nothing: one bad row and nothing is written; the report lists every rejected row', async () => {
    const before = await Customer.count();
    const job = await runImport(server, admin, '/api/imports/customers?filename=mixed.csv', mixed);
    expect(job.state).to.equal('done');
    expect(job.report).to.deep.include({ total: 5, imported: 0, committed: false, rejectedCount: 3 });
    expect(job.report?.rejected).to.deep.equal([
      { row: 3, reason: 'email: "not-an-email" is not an email address' },
      { row: 5, reason: 'email: needs an email or a phone' },
      { row: 6, reason: 'phone: "12" is not a phone number' },
    ]);
    expect(await Customer.count()).to.equal(before);
    expect(await byEmail(server, agent, 'good1@mixed.test')).to.deep.equal([]);
  });

  it('partial mode writes the valid rows and reports the rejects', async () => {
    const job = await runImport(server, admin, '/api/imports/customers?filename=mixed.csv&partial=true', mixed);
    expect(job.report).to.deep.include({ total: 5, imported: 2, committed: true, rejectedCount: 3 });
    expect(job.report?.rejected.map((r) => r.row)).to.deep.equal([3, 5, 6]);
    expect((await byEmail(server, agent, 'good2@mixed.test'))[0].name).to.equal('Good Two');
  });

  it('a re-import fills empty fields and adds tags instead of duplicating (matched by email, then phone)', async () => {
    await runImport(server, admin, '/api/imports/customers?filename=first.csv', 'email,name,phone,tags\nagain@re.test,First Name,+1 555 0100,one\n');
    const before = await Customer.count();
    const job = await runImport(server, admin, '/api/imports/customers?filename=second.csv', 'email,name,company,tags,phone\nAGAIN@re.test,Other Name,Re Co,"two, one",\n,,Phone Co,three,+15550100\nagain@re.test,,,,\n');
    expect(job.report).to.deep.include({ imported: 0, updated: 2, unchanged: 1 });
    expect(await Customer.count()).to.equal(before);
    const [customer] = await byEmail(server, agent, 'again@re.test');
    // The name an agent (or the first import) set stays; the empty organisation is filled once.
    expect(customer).to.deep.include({ name: 'First Name', organisation: 'Re Co', tags: ['one', 'two', 'three'], phones: ['+15550100'] });
  });

  it('purchases dedupe on customer and order number; a changed amount updates; unknown customers are rejected unless createMissing', async () => {
    await runImport(server, admin, '/api/imports/customers?filename=buyers.csv', 'email\nbuyer@p.test\n');
    const file = 'email,order,product,amount,currency,date\nbuyer@p.test,A-1,Tea,¥99.00,人民币,2024-05-01\nbuyer@p.test,A-2,Cup,20,USD,2024年5月2日\nbuyer@p.test,,Gift,0,,2024/05/03\n';
    const first = await runImport(server, admin, '/api/imports/purchases?filename=p.csv', file);
    expect(first.report).to.deep.include({ imported: 3, updated: 0, committed: true });
    const customerId = (await byEmail(server, agent, 'buyer@p.test'))[0].id;
    const count = () => Purchase.count({ where: { customerId } });
    expect(await count()).to.equal(3);
    const again = await runImport(server, admin, '/api/imports/purchases?filename=p.csv', file.replace('¥99.00', '109.5').split('\n').slice(0, 3).join('\n'));
    expect(again.report).to.deep.include({ imported: 0, updated: 1, unchanged: 1 });
    expect(await count()).to.equal(3);
    expect((await Purchase.findOne({ where: { customerId, orderRef: 'A-1' } }))?.amount).to.equal('109.50');
    expect((await Purchase.findOne({ where: { customerId, orderRef: 'A-2' } }))?.currency).to.equal('USD');

    const bad = 'email,order,amount,date\nbuyer@p.test,B-1,-5,2024-05-01\nbuyer@p.test,B-2,12abc,2024-05-01\nbuyer@p.test,B-3,10,2024-02-30\nstranger@p.test,B-4,10,2024-05-01\nbuyer@p.test,B-5,10,2024-05-01\n';
    const refused = await runImport(server, admin, '/api/imports/purchases?filename=bad.csv', bad);
    expect(refused.report).to.deep.include({ committed: false, imported: 0, rejectedCount: 4 });
    expect(refused.report?.rejected.map((r) => r.row)).to.deep.equal([2, 3, 4, 5]);
    expect(refused.report?.rejected[0].reason).to.match(/amount/);
    expect(refused.report?.rejected[2].reason).to.match(/date/);
    expect(refused.report?.rejected[3].reason).to.match(/no customer/);
    expect(await count()).to.equal(3);

    const created = await runImport(server, admin, '/api/imports/purchases?filename=bad.csv&partial=true&createMissing=true', bad);
    expect(created.report).to.deep.include({ committed: true, imported: 2, customersCreated: 1, rejectedCount: 3 });
    expect(await byEmail(server, agent, 'stranger@p.test')).to.have.length(1);
  });

  it('refuses wrong types (415), oversized uploads (413), missing columns and empty bodies (400), and non-admins (403)', async () => {
    const failed = async (path: string, data: Buffer | string, token = admin) => {
      const response = await upload(server, token, path, data);
      return { status: response.status, code: response.body.error?.code, message: response.body.error?.message };
    };
    expect(await failed('/api/imports/customers?filename=list.txt', 'email\na@b.test\n')).to.deep.include({ status: 415 });
    expect(await failed('/api/imports/customers?filename=list.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).to.deep.include({ status: 415 });
    expect(await failed('/api/imports/customers?filename=fake.xlsx', 'email\na@b.test\n')).to.deep.include({ status: 415 });
    expect(await failed('/api/imports/customers?filename=zip.csv', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]))).to.deep.include({ status: 415 });
    expect(await failed('/api/imports/customers?filename=broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]))).to.deep.include({ status: 415 });
    expect(await failed('/api/imports/customers?filename=big.csv', Buffer.alloc(21 * 1024 * 1024, 'a'))).to.deep.include({ status: 413 });
    const noColumn = await failed('/api/imports/customers?filename=x.csv', 'name,company\nA,B\n');
    expect(noColumn.status).to.equal(400);
    expect(noColumn.message).to.match(/email \(邮箱\) or phone/);
    expect((await failed('/api/imports/purchases?filename=x.csv', 'email,amount\na@b.test,1\n')).message).to.match(/purchasedAt/);
    expect(await failed('/api/imports/customers?filename=x.csv', '')).to.deep.include({ status: 400 });
    expect(await failed('/api/imports/customers', 'email\n')).to.deep.include({ status: 400 });
    expect(await failed('/api/imports/customers?filename=x.csv', 'email\na@b.test\n', agent)).to.deep.include({ status: 403 });
  });

  it('exports customers as CSV for admins only, without private fields, and the export imports back', async () => {
    const [mei] = await byEmail(server, agent, 'mei@gb.test');
    const secret = { homeAddress: '88 Secret Lane, Hangzhou', income: '250000 CNY', birthday: '1990-05-17' };
    expect((await server.request('PATCH', `/api/customers/${mei.id}`, { token: admin, body: { restricted: secret } })).status).to.equal(200);
    expect((await server.request('GET', '/api/exports/customers.csv', { token: agent })).status).to.equal(403);
    const response = await fetch(`${server.url}/api/exports/customers.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/text\/csv/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).to.equal('\uFEFFid,name,email,phone,organisation,locale,tags,notes,segment,createdAt');
    expect(text).to.contain('mei@gb.test').and.to.contain('梅林').and.to.contain("'+8613800001111");
    for (const value of Object.values(secret)) expect(text).not.to.contain(value);
    const before = await Customer.count();
    const back = await runImport(server, admin, '/api/imports/customers?filename=export.csv', bytes);
    expect(back.report).to.deep.include({ imported: 0, rejectedCount: 0, committed: true });
    expect(await Customer.count()).to.equal(before);
    expect(await AuditLog.count({ where: { action: 'customers.exported' } })).to.equal(1);
  });
});

/**
 * Eight buyers and one who never bought, as of 2025-01-01. With 8 buyers a score is
 * 1 + ⌊5 × (buyers strictly worse) / 8⌋: 0–1 worse → 1, 2–3 → 2, 4 → 3, 5–6 → 4, 7 → 5.
 *
 *        recency  r   frequency  f   monetary  m   tier
 *   a         5   5        8     5      5000   4   high_value (r, f, m ≥ 4)
 *   b        40   3        2     2     20000   5   high_value (m = 5, r ≥ 3)
 *   c       200   2        7     4       800   2   at_risk    (r ≤ 2, f ≥ 3)
 *   d       300   1        3     2      3000   4   at_risk    (r ≤ 2, m ≥ 3)
 *   e        10   4        4     3       100   2   regular
 *   f        20   4        1     1        50   1   regular
 *   g       500   1        0     1         0   1   regular    (bought, but not in the last 365 days)
 *   h        60   2        5     4      1000   3   at_risk    (r ≤ 2, f ≥ 3)
 *   n         —   —        —     —         —   —   never_bought
 */
describeEachDatabase('segments (RFM)', (database) => {
  let server: TestServer;
  let admin: string;
  let agent: string;
  let agentLogin: { email: string; password: string };
  const NOW = new Date('2025-01-01T00:00:00Z');
  // customer → [days ago, amount] per purchase
  const purchases: Record<string, Array<[number, number]>> = {
    a: Array.from({ length: 8 }, (_, i) => [5 + 10 * i, 625]),
    b: [[40, 10000], [100, 10000]],
    c: [...Array.from({ length: 6 }, (_, i): [number, number] => [200 + 10 * i, 100]), [260, 200]],
    d: [[300, 1000], [320, 1000], [340, 1000]],
    e: [[10, 25], [20, 25], [30, 25], [40, 25]],
    f: [[20, 50]],
    g: [[500, 999]],
    h: Array.from({ length: 5 }, (_, i) => [60 + 10 * i, 200]),
  };
  const expected = {
    a: { segment: 'high_value', rfm: { recency: 5, frequency: 8, monetary: 5000, r: 5, f: 5, m: 4 } },
    b: { segment: 'high_value', rfm: { recency: 40, frequency: 2, monetary: 20000, r: 3, f: 2, m: 5 } },
    c: { segment: 'at_risk', rfm: { recency: 200, frequency: 7, monetary: 800, r: 2, f: 4, m: 2 } },
    d: { segment: 'at_risk', rfm: { recency: 300, frequency: 3, monetary: 3000, r: 1, f: 2, m: 4 } },
    e: { segment: 'regular', rfm: { recency: 10, frequency: 4, monetary: 100, r: 4, f: 3, m: 2 } },
    f: { segment: 'regular', rfm: { recency: 20, frequency: 1, monetary: 50, r: 4, f: 1, m: 1 } },
    g: { segment: 'regular', rfm: { recency: 500, frequency: 0, monetary: 0, r: 1, f: 1, m: 1 } },
    h: { segment: 'at_risk', rfm: { recency: 60, frequency: 5, monetary: 1000, r: 2, f: 4, m: 3 } },
    n: { segment: 'never_bought', rfm: null },
  };
  before(async () => {
    server = await startTestServer(database);
    server.clock.set(NOW);
    admin = await server.login();
    agentLogin = await buildAgent(server.server.ctx, { role: 'agent' });
    agent = await server.login(agentLogin.email, agentLogin.password);
  });
  after(async () => server?.close());

  it('scores recency, frequency and monetary by quintile and puts each customer in the tier computed by hand', async () => {
    await runImport(server, admin, '/api/imports/customers?filename=c.csv', `email\n${Object.keys(expected).map((k) => `${k}@rfm.test`).join('\n')}\n`);
    const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const lines = Object.entries(purchases).flatMap(([key, list]) => list.map(([daysAgo, amount], i) => `${key}@rfm.test,${key}-${i},${amount},${day(daysAgo)}`));
    const job = await runImport(server, admin, '/api/imports/purchases?filename=p.csv', `email,order,amount,date\n${lines.join('\n')}\n`);
    expect(job.report).to.deep.include({ imported: lines.length, rejectedCount: 0 });
    for (const [key, want] of Object.entries(expected)) {
      const [customer] = await byEmail(server, agent, `${key}@rfm.test`);
      expect({ segment: customer.segment, rfm: customer.rfm }, key).to.deep.equal(want);
    }
    const counts = await server.request<{ counts: Record<string, number>; unscored: number }>('GET', '/api/segments', { token: agent });
    expect(counts.body).to.deep.equal({ counts: { high_value: 2, regular: 3, at_risk: 3, never_bought: 1 }, unscored: 0 });
    const atRisk = await server.request<{ data: CustomerJson[]; total: number }>('GET', '/api/customers?segment=at_risk', { token: agent });
    expect(atRisk.body.data.map((c) => c.emails[0]).sort()).to.deep.equal(['c@rfm.test', 'd@rfm.test', 'h@rfm.test']);
    expect((await server.request('GET', '/api/customers?segment=gold', { token: agent })).status).to.equal(400);
  });

  it('recomputes on demand (admins only) as time passes', async () => {
    expect((await server.request('POST', '/api/segments/recompute', { token: agent })).status).to.equal(403);
    // A year and a half later nobody bought within 365 days: every buyer ties on f and m.
    server.clock.set(new Date('2026-07-01T00:00:00Z'));
    [admin, agent] = [await server.login(), await server.login(agentLogin.email, agentLogin.password)]; // sessions expired meanwhile
    const after = await server.request<{ counts: Record<string, number> }>('POST', '/api/segments/recompute', { token: admin });
    expect(after.status).to.equal(200);
    expect(after.body.counts).to.deep.equal({ high_value: 0, regular: 8, at_risk: 0, never_bought: 1 });
    const [a] = await byEmail(server, agent, 'a@rfm.test');
    expect(a.rfm).to.deep.include({ recency: 551, frequency: 0, monetary: 0, r: 5, f: 1, m: 1 });
    expect(await AuditLog.count({ where: { action: 'segments.recomputed' } })).to.equal(1);
  });
});
