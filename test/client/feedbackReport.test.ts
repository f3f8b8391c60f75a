/**
 * Ticket categories and the feedback report in Chromium, against the real server: classifying a
 * ticket (category, sub-category, product), filtering the list by category, the report's table,
 * chart and CSV link, and an admin adding a category that then appears in a ticket.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { buildAgent } from '../factories';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import type { TestServer } from '../helpers/server';


interface TicketJson {
  id: number;
  category: string | null;
  subcategory: string | null;
  product: string | null;
}
interface CategoryJson {
  key: string;
  label: { en: string; 'zh-CN': string };
  subcategories: Array<{ key: string; label: { en: string; 'zh-CN': string } }>;
}

const utcDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase('ticket categories and the feedback report (Chromium)', (database) => {
  const session = useConsoleSession(database, 'feedback');
  const shot = (name: string) => session.shot(name);
  const logIn = (email?: string, password?: string) => session.logIn(email, password);
  // This test's page and the suite's server, by their short names (the session sets them up).
  let server: TestServer;
  let page: Page;
  let token: string;
  beforeEach(() => ({ server, page, token } = session));


  async function createTicket(subject: string, email: string): Promise<TicketJson> {
    const response = await server.request<TicketJson>('POST', '/api/tickets', { token, body: { subject, body: `${subject}, please help.`, customer: { email, name: null } } });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  }
  async function getTicket(id: number): Promise<TicketJson> {
    const response = await server.request<TicketJson>('GET', `/api/tickets/${id}`, { token });
    expect(response.status).to.equal(200);
    return response.body;
  }
  async function patchTicket(id: number, changes: object): Promise<void> {
    const response = await server.request('PATCH', `/api/tickets/${id}`, { token, body: changes });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
  }
  async function categories(): Promise<CategoryJson[]> {
    return (await server.request<{ data: CategoryJson[] }>('GET', '/api/settings/categories', { token })).body.data;
  }

  /** Waits until the select shows this option (the page re-renders after the PATCH answer arrives). */
  async function selected(testId: string, text: string): Promise<void> {
    await page.waitForFunction(([id, want]) => (document.querySelector(`[data-testid="${id}"]`) as HTMLSelectElement | null)?.selectedOptions[0]?.textContent === want, [testId, text] as const);
  }

  /** Runs `action` and waits for the PATCH of the ticket it causes; returns its status. */
  async function patched(id: number, action: () => Promise<unknown>): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/tickets/${id}`), action()]);
    return response.status();
  }

  it('classifies a ticket in the ticket view: category, sub-category and product, in the console language', async () => {
    const ticket = await createTicket('Kettle arrived late', 'lena@customer.test');
    await logIn();
    await page.goto(`${server.url}/#/tickets/${ticket.id}`);
    const category = page.locator('[data-testid="ticket-category"]');
    const subcategory = page.locator('[data-testid="ticket-subcategory"]');
    await category.locator('option[value="complaint"]').waitFor({ state: 'attached' });
    expect(await category.inputValue()).to.equal('');
    expect(await subcategory.isDisabled()).to.equal(true);

    expect(await patched(ticket.id, () => category.selectOption('complaint'))).to.equal(200);
    await selected('ticket-category', 'Complaint');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="ticket-subcategory"]') as HTMLSelectElement).disabled);
    expect(await subcategory.locator('option').allTextContents()).to.deep.equal(['No sub-category', 'Delivery', 'Product quality', 'Service', 'Billing']);
    expect(await patched(ticket.id, () => subcategory.selectOption('delivery'))).to.equal(200);
    await page.fill('[data-testid="ticket-product"]', '  Kettle K2 ');
    expect(await patched(ticket.id, () => page.press('[data-testid="ticket-product"]', 'Enter'))).to.equal(200);

    const saved = await getTicket(ticket.id);
    expect({ category: saved.category, subcategory: saved.subcategory, product: saved.product }).to.deep.equal({ category: 'complaint', subcategory: 'delivery', product: 'Kettle K2' });
    expect(await page.locator('[data-testid="classification-error"]').count()).to.equal(0);
    await shot('ticket-classified');

    // After a reload the saved values are shown; in Chinese the labels are Chinese.
    await page.reload();
    await category.locator('option[value="complaint"]').waitFor({ state: 'attached' });
    expect(await category.inputValue()).to.equal('complaint');
    expect(await subcategory.inputValue()).to.equal('delivery');
    expect(await page.inputValue('[data-testid="ticket-product"]')).to.equal('Kettle K2');
    await page.click('[data-testid="locale-switch"]');
    await selected('ticket-category', '投诉');
    await selected('ticket-subcategory', '物流配送');
    await shot('ticket-classified-zh');

    // Clearing the product on blur stores null.
    await page.fill('[data-testid="ticket-product"]', '');
    expect(await patched(ticket.id, () => page.locator('[data-testid="ticket-category"]').focus())).to.equal(200);
    expect((await getTicket(ticket.id)).product).to.equal(null);
  });

  it('filters the ticket list by category', async () => {
    const complaint = await createTicket('Broken lid', 'omar@customer.test');
    const question = await createTicket('Which filter fits?', 'ines@customer.test');
    const unclassified = await createTicket('Hello there', 'piet@customer.test');
    await patchTicket(complaint.id, { category: 'complaint', subcategory: 'quality' });
    await patchTicket(question.id, { category: 'question' });

    await logIn();
    const rows = page.locator('[data-testid="ticket-row"]');
    await rows.filter({ has: page.locator(`a[href="#/tickets/${unclassified.id}"]`) }).waitFor();
    await page.locator('[data-testid="category-filter"] option[value="complaint"]').waitFor({ state: 'attached' });
    await page.selectOption('[data-testid="category-filter"]', 'complaint');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="ticket-row"]')].every((row) => row.getAttribute('data-category') === 'complaint'),
    );
    const ids = await rows.evaluateAll((list) => list.map((row) => Number(row.getAttribute('data-ticket-id'))));
    expect(ids).to.include(complaint.id).and.not.include(question.id).and.not.include(unclassified.id);
    const listed = await server.request<{ total: number }>('GET', '/api/tickets?status=open&category=complaint', { token });
    expect(ids.length).to.equal(listed.body.total);
    expect(await rows.filter({ has: page.locator(`a[href="#/tickets/${complaint.id}"]`) }).locator('.category-chip').textContent()).to.equal('Complaint');
    await shot('list-filtered');

    await page.selectOption('[data-testid="category-filter"]', 'question');
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid="ticket-row"]')].map((row) => Number(row.getAttribute('data-ticket-id'))).join() === String(id), question.id);
  });

  it('shows the feedback report: a table row for today, the chart, and a CSV link with the same parameters', async () => {
    const ticket = await createTicket('Kettle leaks', 'yuki@customer.test');
    await patchTicket(ticket.id, { category: 'complaint', subcategory: 'delivery', product: 'Kettle K2' });
    const today = utcDay();

    await logIn();
    await page.click('[data-testid="nav-reports"]');
    await page.click('[data-testid="reports-feedback-link"]');
    expect(await page.inputValue('input[name="from"]')).to.equal(utcDay(-29));
    expect(await page.inputValue('input[name="to"]')).to.equal(today);
    const row = page.locator(`[data-testid="report-row"][data-period="${today}"][data-key="complaint"][data-subcategory="delivery"]`);
    await row.waitFor();
    expect(Number(await row.getAttribute('data-count'))).to.be.at.least(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).to.equal(today);
    expect(cells[1]).to.contain('Complaint').and.contain('complaint');
    expect(cells[2]).to.equal('Delivery');
    expect(Number(cells[3])).to.be.at.least(1);
    expect(await page.locator('[data-testid="chart-bar"]').count()).to.equal(30);
    expect(Number(await page.locator(`[data-testid="chart-bar"][data-period="${today}"]`).getAttribute('data-count'))).to.be.at.least(1);
    await shot('report');

    const link = page.locator('[data-testid="download-csv"]');
    const href = new URL((await link.getAttribute('href'))!, server.url);
    expect(href.pathname).to.equal('/api/reports/feedback.csv');
    expect(Object.fromEntries(href.searchParams)).to.deep.equal({ from: utcDay(-29), to: utcDay(1), interval: 'day', by: 'category' });
    const csv = await page.request.get(href.toString());
    expect(csv.status()).to.equal(200);
    expect(csv.headers()['content-type']).to.contain('text/csv');
    const text = await csv.text();
    expect(text).to.contain('period,category,subcategory,count').and.contain(`${today},complaint,delivery,`);
    // Without the page's cookie the same address is refused.
    expect((await fetch(href)).status).to.equal(401);

    // By product, per week: the link follows the form.
    await page.selectOption('select[name="by"]', 'product');
    await page.selectOption('select[name="interval"]', 'week');
    const monday = new Date(`${today}T00:00:00Z`);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const week = monday.toISOString().slice(0, 10);
    await page.locator(`[data-testid="report-row"][data-period="${week}"][data-key="Kettle K2"]`).waitFor();
    const weekHref = new URL((await link.getAttribute('href'))!, server.url);
    expect(weekHref.searchParams.get('interval')).to.equal('week');
    expect(weekHref.searchParams.get('by')).to.equal('product');
    expect(await (await page.request.get(weekHref.toString())).text()).to.contain(`${week},Kettle K2,`);
    await shot('report-product-week');

    // A start after the end is refused in the page.
    await page.fill('input[name="from"]', utcDay(2));
    expect(await page.locator('.feedback-report [role="alert"]').textContent()).to.equal('The start date must not be after the end date.');
  });

  it('lets an admin add a category that then appears in a ticket; the server’s refusals are shown', async () => {
    const ticket = await createTicket('Still under warranty?', 'ravi@customer.test');
    await logIn();
    await page.click('[data-testid="nav-reports"]');
    await page.click('[data-testid="reports-feedback-link"]');
    const editor = page.locator('[data-testid="category-editor"]');
    await editor.locator('[data-testid="category-item"][data-key="complaint"]').waitFor();

    // A duplicate key is refused by the server, and its message shown.
    await editor.locator('[data-testid="add-category"]').click();
    const added = editor.locator('[data-testid="category-item"]').last();
    await added.locator('.label-row input[name="key"]').first().fill('complaint');
    await added.locator('.label-row input[name="en"]').first().fill('Again');
    await added.locator('.label-row input[name="zh-CN"]').first().fill('重复');
    await editor.locator('[data-testid="save-categories"]').click();
    expect(await editor.locator('[data-testid="categories-notice"].error').textContent()).to.contain('category keys must be unique');

    await added.locator('.label-row input[name="key"]').first().fill('Warranty');
    expect(await added.locator('.label-row input[name="key"]').first().inputValue()).to.equal('warranty');
    await added.locator('.label-row input[name="en"]').first().fill('Warranty');
    await added.locator('.label-row input[name="zh-CN"]').first().fill('保修');
    await added.locator('[data-testid="add-subcategory"]').click();
    const sub = added.locator('[data-testid="subcategory-item"]').last();
    await sub.locator('input[name="key"]').fill('extended');
    await sub.locator('input[name="en"]').fill('Extended warranty');
    await sub.locator('input[name="zh-CN"]').fill('延长保修');
    await editor.locator('[data-testid="save-categories"]').click();
    expect(await editor.locator('[data-testid="categories-notice"]').textContent()).to.equal('Saved.');
    expect(await added.locator('.label-row input[name="key"]').first().getAttribute('readonly')).to.not.equal(null);
    await shot('categories-editor');

    const warranty = (await categories()).find((c) => c.key === 'warranty');
    expect(warranty).to.deep.equal({ key: 'warranty', label: { en: 'Warranty', 'zh-CN': '保修' }, subcategories: [{ key: 'extended', label: { en: 'Extended warranty', 'zh-CN': '延长保修' } }] });
    expect((await categories()).map((c) => c.key)).to.include('complaint');

    await page.goto(`${server.url}/#/tickets/${ticket.id}`);
    const category = page.locator('[data-testid="ticket-category"]');
    await category.locator('option[value="warranty"]').waitFor({ state: 'attached' });
    expect(await category.locator('option[value="warranty"]').textContent()).to.equal('Warranty');
    expect(await patched(ticket.id, () => category.selectOption('warranty'))).to.equal(200);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="ticket-subcategory"]') as HTMLSelectElement).disabled);
    expect(await patched(ticket.id, () => page.selectOption('[data-testid="ticket-subcategory"]', 'extended'))).to.equal(200);
    expect(await getTicket(ticket.id)).to.include({ category: 'warranty', subcategory: 'extended' });

    // A category removed meanwhile (by another admin) is refused with the server's message.
    const remaining = (await categories()).filter((c) => c.key !== 'praise');
    expect((await server.request('PUT', '/api/settings/categories', { token, body: { data: remaining } })).status).to.equal(200);
    expect(await patched(ticket.id, () => category.selectOption('praise'))).to.equal(400);
    await page.locator('[data-testid="classification-error"]', { hasText: 'Unknown category "praise"' }).waitFor();
    await selected('ticket-category', 'Warranty');
    expect(await getTicket(ticket.id)).to.include({ category: 'warranty', subcategory: 'extended' });
    await shot('ticket-refused');
  });

  it('shows the report but not the category editor to a plain agent', async () => {
    const agent = await buildAgent(server.server.ctx, { role: 'agent', name: 'Plain Agent' });
    await logIn(agent.email, agent.password);
    await page.click('[data-testid="nav-reports"]');
    await page.click('[data-testid="reports-feedback-link"]');
    await page.locator('[data-testid="report-total"]').waitFor();
    expect(await page.locator('[data-testid="category-editor"]').count()).to.equal(0);
  });
});
