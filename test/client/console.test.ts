import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { testDatabases } from '../helpers/databases';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';
import { buildTicket } from '../factories';
import { scanOnce } from '../../server/alerts/scanner';

describe('console in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startTestServer(testDatabases()[0]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ locale: 'en-US' });
  });
  afterEach(async () => page?.close());

  async function logIn(password = ADMIN.password) {
    await page.goto(server.url);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', password);
    await page.click('[data-testid="login-submit"]');
  }

  it('shows an error for a wrong password', async () => {
    await logIn('wrong-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.contain('Wrong email or password');
    expect(await page.locator('[data-testid="ticket-row"]').count()).to.equal(0);
  });

  it('logs in, sees a ticket in the open list, reads it, replies and adds a note', async () => {
    const { ticket } = await buildTicket(server.server.ctx, { subject: 'Where is my parcel?', body: 'Ordered last week, nothing yet.', customer: { email: 'parcel@example.test', name: 'Ada Customer' } });
    await logIn();
    const row = page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticket.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).to.contain('Where is my parcel?').and.contain('Ada Customer');

    await row.locator('a').click();
    await page.locator('[data-testid="ticket-subject"]').waitFor();
    expect(await page.locator('[data-testid="ticket-subject"]').textContent()).to.contain('Where is my parcel?');
    expect(await page.locator('[data-testid="message"]').first().textContent()).to.contain('Ordered last week, nothing yet.');

    await page.fill('[data-testid="reply-body"]', 'It ships today.');
    await page.click('[data-testid="send-reply"]');
    await page.locator('[data-testid="message"]', { hasText: 'It ships today.' }).waitFor();
    await page.fill('[data-testid="reply-body"]', 'Customer called twice.');
    await page.click('[data-testid="send-note"]');
    await page.locator('[data-testid="message"][data-internal="true"]', { hasText: 'Customer called twice.' }).waitFor();

    // What the page shows is what the server stored.
    const stored = await server.request<{ messages: Array<{ body: string; internal: boolean }>; waitingSince: string | null }>('GET', `/api/tickets/${ticket.id}`, { token: await server.login() });
    expect(stored.body.messages.map((m) => [m.body, m.internal])).to.deep.equal([
      ['Ordered last week, nothing yet.', false],
      ['It ships today.', false],
      ['Customer called twice.', true],
    ]);
    expect(stored.body.waitingSince).to.equal(null);
  });

  it('filters by status and switches to Chinese', async () => {
    const solved = await buildTicket(server.server.ctx, { subject: 'Solved one' });
    await server.request('PATCH', `/api/tickets/${solved.ticket.id}`, { token: await server.login(), body: { status: 'solved' } });
    await logIn();
    await page.locator('[data-testid="ticket-row"]').first().waitFor();
    expect(await page.locator(`[data-ticket-id="${solved.ticket.id}"]`).count()).to.equal(0);
    await page.selectOption('[data-testid="status-filter"]', 'solved');
    await page.locator(`[data-ticket-id="${solved.ticket.id}"]`).waitFor();

    await page.click('[data-testid="locale-switch"]');
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${solved.ticket.id}"] .status-solved`, { hasText: '已解决' }).waitFor();
    expect(await page.locator('[data-testid="logout"]').textContent()).to.equal('退出登录');
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('zh-CN');
  });

  it('shows an alert banner and plays the sound when a ticket becomes overdue; "Waiting longest" lists it', async () => {
    const { ticket } = await buildTicket(server.server.ctx, { subject: 'Nobody answered me' });
    const answered = await buildTicket(server.server.ctx, { subject: 'Answered already' });
    await server.request('POST', `/api/tickets/${answered.ticket.id}/messages`, { token: await server.login(), body: { body: 'Done.' } });
    await logIn();
    await page.locator('[data-testid="ticket-row"]').first().waitFor();
    await page.evaluate(() => {
      (window as unknown as { sounds: number }).sounds = 0;
      window.addEventListener('hd:alert-sound', () => ((window as unknown as { sounds: number }).sounds += 1));
    });
    // Let the console's socket connect, then let 13 hours pass on the server's clock.
    await page.waitForTimeout(500);
    server.server.ctx.now = () => new Date(Date.now() + 13 * 3_600_000);
    try {
      await scanOnce(server.server.ctx);
      const banner = page.locator('[data-testid="alert-banner"]', { hasText: 'Nobody answered me' });
      await banner.waitFor();
      expect(await banner.textContent()).to.contain('Waiting too long');
      expect(await page.evaluate(() => (window as unknown as { sounds: number }).sounds)).to.equal(1);
    } finally {
      server.server.ctx.now = server.clock.now;
    }
    await page.click('[data-testid="view-waiting"]');
    await page.locator('[data-testid="view-waiting"].active').waitFor();
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${answered.ticket.id}"]`).waitFor({ state: 'detached' });
    expect(await page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticket.id}"]`).count()).to.equal(1);
  });

  it('logs out back to the login page', async () => {
    await logIn();
    await page.locator('[data-testid="logout"]').click();
    await page.locator('[data-testid="login-submit"]').waitFor();
    await page.reload();
    await page.locator('[data-testid="login-submit"]').waitFor();
  });
});
