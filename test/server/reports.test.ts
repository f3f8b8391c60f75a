/**
 * Ticket categories and the feedback report on each database: configured categories with
 * sub-categories, validation on tickets, counts by category and by product per day/week/month,
 * the CSV (UTF-8 with BOM, spreadsheet formulas neutralised), and visibility.
 */
import { expect } from 'chai';
import { Ticket } from '../../server/models/Ticket';
import type { TicketJson } from '../../server/presenters/schemas';
import { buildAgent } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

interface Row {
  period: string;
  category: string | null;
  subcategory: string | null;
  product: string | null;
  count: number;
}

describeEachDatabase('categories and the feedback report', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database);
    admin = await server.login();
  });
  after(async () => server?.close());

  const open = async (subject: string, openedAt: string, changes: Record<string, unknown>) => {
    const created = await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject, body: subject, customer: { email: `${Math.random().toString(36).slice(2)}@c.test` } } });
    await Ticket.update({ createdAt: new Date(openedAt) }, { where: { id: created.body.id }, silent: true });
    const patched = await server.request<TicketJson>('PATCH', `/api/tickets/${created.body.id}`, { token: admin, body: changes });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    return patched.body;
  };

  it('validates categories on tickets and filters by them', async () => {
    const categories = await server.request<{ data: Array<{ key: string; subcategories: Array<{ key: string }> }> }>('GET', '/api/settings/categories', { token: admin });
    expect(categories.body.data.map((c) => c.key)).to.include.members(['complaint', 'question', 'suggestion']);
    const ticket = await open('Parcel crushed', '2026-03-02T10:00:00Z', { category: 'complaint', subcategory: 'delivery', product: 'Kettle K2' });
    expect(ticket).to.include({ category: 'complaint', subcategory: 'delivery', product: 'Kettle K2' });
    expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { category: 'nonsense' } })).status).to.equal(400);
    expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { subcategory: 'nonsense' } })).status).to.equal(400);
    // A new category clears the sub-category of the old one.
    const moved = await server.request<TicketJson>('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { category: 'question' } });
    expect(moved.body).to.include({ category: 'question', subcategory: null });
    const filtered = await server.request<{ data: TicketJson[] }>('GET', '/api/tickets?category=question', { token: admin });
    expect(filtered.body.data.map((t) => t.id)).to.include(ticket.id);
    expect(filtered.body.data.every((t) => t.category === 'question')).to.equal(true);
  });

  it('counts tickets by category per day, week and month, and by product; CSV for spreadsheets', async () => {
    await open('Late', '2026-05-04T09:00:00Z', { category: 'complaint', subcategory: 'delivery', product: 'Kettle K2' });
    await open('Late again', '2026-05-04T15:00:00Z', { category: 'complaint', subcategory: 'delivery', product: '=HYPERLINK("x")' });
    await open('Broken', '2026-05-06T09:00:00Z', { category: 'complaint', subcategory: 'quality', product: 'Kettle K2' });
    await open('Idea', '2026-05-12T09:00:00Z', { category: 'suggestion', product: '电热水壶' });
    const report = async (query: string) => (await server.request<{ data: Row[] }>('GET', `/api/reports/feedback?from=2026-05-01&to=2026-06-01&${query}`, { token: admin })).body.data;
    expect(await report('interval=day')).to.deep.equal([
      { period: '2026-05-04', category: 'complaint', subcategory: 'delivery', product: null, count: 2 },
      { period: '2026-05-06', category: 'complaint', subcategory: 'quality', product: null, count: 1 },
      { period: '2026-05-12', category: 'suggestion', subcategory: null, product: null, count: 1 },
    ]);
    const weeks = await report('interval=week');
    expect(weeks.map((r) => [r.period, r.subcategory ?? r.category, r.count])).to.deep.equal([
      ['2026-05-04', 'delivery', 2],
      ['2026-05-04', 'quality', 1],
      ['2026-05-11', 'suggestion', 1],
    ]);
    const products = await report('interval=month&by=product');
    expect(products.map((r) => [r.product, r.count])).to.deep.equal([
      ['Kettle K2', 2],
      ['=HYPERLINK("x")', 1],
      ['电热水壶', 1],
    ]);
    const csv = await fetch(`${server.url}/api/reports/feedback.csv?from=2026-05-01&to=2026-06-01&interval=month&by=product`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).to.contain('2026-05-01,电热水壶,1');
    expect(text).to.contain(`"'=HYPERLINK(""x"")",1`);
    expect((await server.request('GET', '/api/reports/feedback?from=2026-06-01&to=2026-05-01', { token: admin })).status).to.equal(400);
  });

  it('admins configure categories; agents count only tickets they may see', async () => {
    const agent = await buildAgent(server.server.ctx);
    const token = await server.login(agent.email, agent.password);
    const data = [{ key: 'complaint', label: { en: 'Complaint', 'zh-CN': '投诉' }, subcategories: [{ key: 'packaging', label: { en: 'Packaging', 'zh-CN': '包装' } }] }];
    expect((await server.request('PUT', '/api/settings/categories', { token, body: { data } })).status).to.equal(403);
    expect((await server.request('PUT', '/api/settings/categories', { token: admin, body: { data: [...data, ...data] } })).status).to.equal(400);
    expect((await server.request('PUT', '/api/settings/categories', { token: admin, body: { data } })).status).to.equal(200);
    const ticket = await open('Box torn', '2026-07-01T10:00:00Z', { category: 'complaint', subcategory: 'packaging' });
    const group = await server.request<{ id: number }>('POST', '/api/groups', { token: admin, body: { name: `Private ${Date.now()}` } });
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { groupId: group.body.id } });
    const seen = (await server.request<{ data: Row[] }>('GET', '/api/reports/feedback?from=2026-07-01&to=2026-07-02', { token })).body.data;
    expect(seen).to.deep.equal([]);
    const all = (await server.request<{ data: Row[] }>('GET', '/api/reports/feedback?from=2026-07-01&to=2026-07-02', { token: admin })).body.data;
    expect(all.map((r) => r.count)).to.deep.equal([1]);
  });
});
