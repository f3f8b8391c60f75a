/**
 * The console inbox in Chromium against the real server: views with counts that follow new
 * tickets live, filters kept in the address bar, bulk assign and close, the keyboard (j/k/x/Enter)
 * and the page in Chinese and at phone width. Each test tags its tickets with a tag of its own.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describeEachDatabase } from '../helpers/databases';
import { useConsoleSession } from '../helpers/consoleSession';
import { ADMIN } from '../helpers/server';

interface TicketJson {
  id: number;
  number: number;
  status: string;
  priority: string;
  assigneeId: number | null;
}

describeEachDatabase('console inbox (Chromium)', (database) => {
  const session = useConsoleSession(database, 'inbox');
  const unique = () => `t${randomBytes(4).toString('hex')}`;

  async function createTicket(tag: string, extra: { priority?: string; subject?: string } = {}): Promise<TicketJson> {
    const response = await session.server.request<TicketJson>('POST', '/api/tickets', {
      token: session.token,
      body: { subject: extra.subject ?? `Parcel ${unique()}`, body: 'Where is my parcel?', customer: { email: `${unique()}@example.test`, name: 'Lena Kunde' }, tags: [tag], ...extra },
    });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  }
  async function getTicket(id: number): Promise<TicketJson> {
    return (await session.server.request<TicketJson>('GET', `/api/tickets/${id}`, { token: session.token })).body;
  }
  const rowIds = (page: Page) => page.$$eval('[data-testid="ticket-row"]', (rows) => rows.map((row) => Number(row.getAttribute('data-ticket-id'))));
  /** Waits until the rows shown are exactly these ids, in this order. */
  async function rowsAre(page: Page, ids: number[]): Promise<void> {
    await page.waitForFunction((want) => [...document.querySelectorAll('[data-testid="ticket-row"]')].map((row) => row.getAttribute('data-ticket-id')).join() === want.join(), ids.map(String));
  }
  async function countOf(page: Page, view: string): Promise<number> {
    const text = await page.locator(`[data-testid="view-count-${view}"]`).textContent();
    return Number(text);
  }

  it('shows the views with counts, and the counts and list follow a ticket created through the API', async () => {
    const { page } = session;
    await session.logIn();
    await page.goto(`${session.server.url}/#/tickets?view=unassigned`);
    await page.locator('[data-testid="view-unassigned"].active').waitFor();
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="view-count-unassigned"]')?.textContent ?? ''));
    const before = { unassigned: await countOf(page, 'unassigned'), all: await countOf(page, 'all'), mine: await countOf(page, 'mine') };

    const ticket = await createTicket(unique(), { subject: 'Live counted ticket' });
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticket.id}"]`).waitFor();
    await page.waitForFunction((want) => document.querySelector('[data-testid="view-count-unassigned"]')?.textContent === String(want), before.unassigned + 1);
    expect(await countOf(page, 'all')).to.equal(before.all + 1);
    expect(await countOf(page, 'mine')).to.equal(before.mine);
    const counts = (await session.server.request<Record<string, number>>('GET', '/api/tickets/counts', { token: session.token })).body;
    for (const view of ['mine', 'unassigned', 'group', 'overdue', 'waiting', 'all']) expect(await countOf(page, view), view).to.equal(counts[view]);
    await session.shot('views-live');

    // Another view: the ticket is not assigned to me, so "Mine" does not list it.
    await page.click('[data-testid="view-mine"]');
    await page.locator('[data-testid="view-mine"].active').waitFor();
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticket.id}"]`).waitFor({ state: 'detached' });
  });

  it('filters by priority and tag, keeps the filters in the address bar across a reload, and clears them', async () => {
    const { page } = session;
    const tag = unique();
    const high = await createTicket(tag, { priority: 'high' });
    const normal = await createTicket(tag);
    await session.logIn();
    await page.fill('[data-testid="tag-filter"]', tag);
    await page.press('[data-testid="tag-filter"]', 'Enter');
    await rowsAre(page, [normal.id, high.id]);
    await page.selectOption('[data-testid="priority-filter"]', 'high');
    await rowsAre(page, [high.id]);
    expect(new URL(page.url()).hash).to.equal(`#/tickets?view=all&priority=high&tag=${tag}`);

    await page.reload();
    await rowsAre(page, [high.id]);
    expect(await page.inputValue('[data-testid="priority-filter"]')).to.equal('high');
    expect(await page.inputValue('[data-testid="tag-filter"]')).to.equal(tag);
    await session.shot('filtered');

    // An old link still works: status=open with the tag lists both open tickets.
    await page.goto(`${session.server.url}/#/tickets?status=open&tag=${tag}`);
    await rowsAre(page, [normal.id, high.id]);
    expect(await page.inputValue('[data-testid="status-filter"]')).to.equal('open');
    await page.click('[data-testid="clear-filters"]');
    await page.waitForFunction(() => location.hash === '#/tickets?view=all');
  });

  it('assigns the selected tickets to me and closes some of them from the bulk bar', async () => {
    const { page } = session;
    const tag = unique();
    const tickets = [await createTicket(tag), await createTicket(tag), await createTicket(tag)];
    const me = (await session.server.request<{ id: number }>('GET', '/api/me', { token: session.token })).body;
    await session.logIn();
    await page.goto(`${session.server.url}/#/tickets?view=all&tag=${tag}`);
    await rowsAre(page, tickets.map((t) => t.id).reverse());

    await page.check('[data-testid="select-all"]');
    await page.locator('[data-testid="bulk-count"]', { hasText: '3 selected' }).waitFor();
    await session.shot('bulk-selected');
    await page.click('[data-testid="bulk-assign-me"]');
    await page.locator('[data-testid="bulk-result"]', { hasText: '3 changed, 0 failed' }).waitFor();
    for (const ticket of tickets) expect((await getTicket(ticket.id)).assigneeId).to.equal(me.id);
    await page.locator('[data-testid="row-assignee"]', { hasText: 'Unassigned' }).waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="bulk-bar"]').count()).to.equal(0);

    // Close two: they leave "All open".
    const [first, second, third] = tickets;
    await page.check(`[data-testid="ticket-row"][data-ticket-id="${first.id}"] [data-testid="row-select"]`);
    await page.check(`[data-testid="ticket-row"][data-ticket-id="${third.id}"] [data-testid="row-select"]`);
    await page.locator('[data-testid="bulk-count"]', { hasText: '2 selected' }).waitFor();
    await page.click('[data-testid="bulk-solve"]');
    await page.locator('[data-testid="bulk-result"]', { hasText: '2 changed, 0 failed' }).waitFor();
    await rowsAre(page, [second.id]);
    expect((await getTicket(first.id)).status).to.equal('solved');
    expect((await getTicket(third.id)).status).to.equal('solved');
    expect((await getTicket(second.id)).status).to.equal('open');
    await session.shot('bulk-done');
  });

  it('moves a cursor with j/k, selects with x and opens with Enter, and remembers the list order for the ticket view', async () => {
    const { page } = session;
    const tag = unique();
    const tickets = [await createTicket(tag), await createTicket(tag), await createTicket(tag)];
    const listed = tickets.map((t) => t.id).reverse();
    await session.logIn();
    await page.goto(`${session.server.url}/#/tickets?view=all&tag=${tag}`);
    await rowsAre(page, listed);
    expect(await page.evaluate(() => sessionStorage.getItem('hd.inboxOrder'))).to.equal(JSON.stringify(listed));

    const cursorId = () => page.getAttribute('[data-testid="ticket-row"].cursor', 'data-ticket-id').then(Number);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${listed[0]}"][aria-current="true"]`).waitFor();
    await page.keyboard.press('j');
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${listed[1]}"].cursor`).waitFor();
    await page.keyboard.press('k');
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${listed[0]}"].cursor`).waitFor();
    expect(await cursorId()).to.equal(listed[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.locator('[data-testid="bulk-count"]', { hasText: '1 selected' }).waitFor();
    expect(await page.isChecked(`[data-testid="ticket-row"][data-ticket-id="${listed[1]}"] [data-testid="row-select"]`)).to.equal(true);
    await session.shot('keyboard-cursor');

    await page.keyboard.press('Enter');
    await page.locator('[data-testid="ticket-subject"]').waitFor();
    expect(new URL(page.url()).hash).to.equal(`#/tickets/${listed[1]}`);
    expect(await rowIds(page)).to.deep.equal([]);
  });

  it('reads in Chinese and fits a phone screen', async () => {
    const tag = unique();
    await createTicket(tag, { subject: '包裹还没到' });
    const logIn = async (page: Page) => {
      await page.goto(session.server.url);
      await page.fill('input[name="email"]', ADMIN.email);
      await page.fill('input[name="password"]', ADMIN.password);
      await page.click('[data-testid="login-submit"]');
      await page.locator('[data-testid="ticket-row"]').first().waitFor();
    };
    const chinese = await session.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await logIn(chinese);
    await chinese.locator('[data-testid="view-all"]', { hasText: '全部未解决' }).waitFor();
    expect(await chinese.locator('[data-testid="view-overdue"]').textContent()).to.contain('已超时');
    expect(await chinese.locator('[data-testid="status-filter"] option').first().textContent()).to.equal('待处理和等待客户');
    await session.shot('zh-CN', chinese);

    const phone = await session.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await logIn(phone);
    await phone.locator('[data-testid="view-count-all"]').waitFor();
    // Nothing wider than the screen: the views scroll inside their own strip.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    const strip = await phone.locator('.inbox-views ul').boundingBox();
    expect(strip?.width).to.be.at.most(390);
    await phone.check('[data-testid="select-all"]');
    await phone.locator('[data-testid="bulk-bar"]').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await session.shot('phone', phone);
  });
});
