/**
 * Search in the console (issue #8), in Chromium against the real server: the top-bar box opens
 * the results page with three groups and highlighted matches, message text is shown as text
 * (never as HTML), a result leads to its ticket; a Chinese query in the Chinese console; the
 * empty and no-result states; and the page at phone width.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { describeEachDatabase } from '../helpers/databases';
import { ADMIN } from '../helpers/server';
import { useConsoleSession } from '../helpers/consoleSession';

interface TicketJson {
  id: number;
  number: number;
}

describeEachDatabase('search (Chromium)', (database) => {
  const session = useConsoleSession(database, 'search');
  let kettle: TicketJson;
  let chinese: TicketJson;

  const open = async (subject: string, body: string, customer: { email: string; name: string }) => {
    const response = await session.server.request<TicketJson>('POST', '/api/tickets', { token: session.token, body: { subject, body, customer } });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  };

  before(async () => {
    kettle = await open('Refund for a broken kettle', 'Hello, the kettle arrived broken. <img src=x onerror="window.__pwned=1"> I want a refund.', { email: 'alice.walker@example.test', name: 'Alice Refunds' });
    await session.server.request('POST', `/api/tickets/${kettle.id}/messages`, { token: session.token, body: { body: 'Refunds go out within 3 days; yours is on its way.', internal: true } });
    chinese = await open('退款申请', '我的订单还没有收到，请帮我办理退款手续。', { email: 'lilei@example.test', name: '李雷' });
    // Indexing runs after commit, off the request: let it finish.
    await session.server.server.ctx.events.drain();
  });

  async function searchFromTopBar(page: Page, q: string): Promise<void> {
    const box = page.locator('[data-testid="global-search"]');
    await box.fill(q);
    await box.press('Enter');
    await page.waitForFunction((text) => new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') === text, q);
    // The address changes at once; the page follows on the next render, with this query's answer.
    await page.waitForFunction((text) => {
      const shown = document.querySelector<HTMLElement>('[data-testid="search-page"]');
      return shown?.dataset.query === text && Boolean(shown.querySelector('.search-groups, [data-testid="search-no-results"]'));
    }, q);
  }

  async function logInOn(page: Page): Promise<void> {
    await page.goto(session.server.url);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="logout"]').waitFor();
  }

  it('searches from the top bar: grouped results, highlighted matches, text never run as HTML, links to the ticket', async () => {
    await session.logIn();
    const { page } = session;
    expect(await page.getAttribute('[data-testid="global-search"]', 'id')).to.equal('global-search-input');
    expect(await page.locator('label[for="global-search-input"]').textContent()).to.equal('Search tickets, messages and customers');
    await searchFromTopBar(page, 'refunds');
    expect(await page.locator('h1').textContent()).to.equal('Results for “refunds”');

    const tickets = page.locator('[data-testid="search-ticket"]');
    expect(await tickets.count()).to.equal(1);
    expect(await tickets.locator('mark').allTextContents()).to.deep.equal(['Refund']);
    expect(await tickets.locator('a').getAttribute('href')).to.equal(`#/tickets/${kettle.id}`);

    const messages = page.locator('[data-testid="search-message"]');
    expect(await messages.count()).to.equal(2);
    const marks = await messages.locator('mark').allTextContents();
    expect(marks).to.include('refund');
    expect(marks).to.include('Refunds');
    expect(await messages.locator('.badge.internal').count()).to.equal(1);
    // The customer's "<img …>" is shown as the text it is.
    expect(await page.locator('[data-testid="search-page"] img').count()).to.equal(0);
    expect(await page.locator('[data-testid="search-messages"]').textContent()).to.contain('<img src=x');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);

    const customers = page.locator('[data-testid="search-customer"]');
    expect(await customers.locator('strong').allTextContents()).to.deep.equal(['Alice Refunds']);
    await session.shot('results');

    // Only messages.
    await page.click('.search-types a:has-text("Messages")');
    await page.waitForFunction(() => location.hash.includes('type=messages'));
    await page.locator('[data-testid="search-tickets"]').waitFor({ state: 'detached' });
    // The messages-only answer replaces the page: wait for it rather than read the list mid-render.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-message"]').length === 2);
    expect(await page.locator('[data-testid="search-tickets"]').count()).to.equal(0);

    await messages.first().locator('a').click();
    await page.waitForFunction((id) => location.hash === `#/tickets/${id}`, kettle.id);
    await page.locator('[data-testid="ticket-subject"]').waitFor();
    expect(await page.locator('[data-testid="ticket-subject"]').textContent()).to.contain('Refund for a broken kettle');
    // Leaving the search page empties the box.
    expect(await page.inputValue('[data-testid="global-search"]')).to.equal('');
  });

  it('shows the empty and the no-result states', async () => {
    await session.logIn();
    const { page } = session;
    await page.goto(`${session.server.url}/#/search`);
    await page.locator('[data-testid="search-empty"]').waitFor();
    await searchFromTopBar(page, 'kettle zebra');
    expect(await page.locator('[data-testid="search-no-results"]').textContent()).to.contain('Nothing found for “kettle zebra”');
    await session.shot('no-results');
  });

  it('finds Chinese text in the Chinese console', async () => {
    const page = await session.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await logInOn(page);
    expect(await page.getAttribute('[data-testid="global-search"]', 'placeholder')).to.equal('搜索…');
    await searchFromTopBar(page, '退款');
    expect(await page.locator('h1').textContent()).to.equal('“退款”的搜索结果');
    expect(await page.locator('[data-testid="search-tickets"] h2').textContent()).to.equal('工单（1）');
    expect(await page.locator('[data-testid="search-ticket"] a').getAttribute('href')).to.equal(`#/tickets/${chinese.id}`);
    expect(await page.locator('[data-testid="search-message"] mark').allTextContents()).to.deep.equal(['退款']);
    // "理退" straddles two words (办理 + 退款) and still finds the message.
    await searchFromTopBar(page, '理退');
    expect(await page.locator('[data-testid="search-message"] mark').allTextContents()).to.deep.equal(['理退']);
    await searchFromTopBar(page, '李雷');
    await page.locator('[data-testid="search-customer"]').first().waitFor();
    expect(await page.locator('[data-testid="search-customer"] a').getAttribute('href')).to.match(/^#\/customers\/\d+$/);
    await searchFromTopBar(page, '退款');
    await session.shot('results-zh-CN', page);
  });

  it('works at phone width', async () => {
    const page = await session.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await logInOn(page);
    await searchFromTopBar(page, 'kettle');
    await page.locator('[data-testid="search-ticket"]').first().waitFor();
    // Nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    const box = await page.locator('[data-testid="global-search"]').boundingBox();
    expect(box?.width ?? 0).to.be.greaterThan(200);
    await session.shot('results-phone', page);
  });
});
