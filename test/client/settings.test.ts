/**
 * The admin settings page in Chromium against the real server: adding an agent and a group,
 * changing the widget colour and seeing it on a site that embeds the widget, testing a mailbox
 * connection against a real Dovecot, editing business hours; zh-CN and phone-width screenshots.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { buildAgent } from '../factories';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import { ADMIN } from '../helpers/server';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';

interface AgentJson {
  id: number;
  name: string;
  email: string;
  role: string;
  active: boolean;
  groupIds: number[];
}

describeEachDatabase('admin settings page (Chromium)', (database) => {
  const session = useConsoleSession(database, 'settings', { env: { PUBLIC_URL: 'https://help.shop.test' } });
  let dovecot: DovecotServer;
  let site: http.Server;
  let siteUrl: string;
  before(async () => {
    dovecot = await startDovecot();
    // The company's site on another origin, embedding the widget as the snippet says.
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><body><h1>Shop</h1><script src="${session.server.url}/widget.js" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => site?.close(resolve));
    await dovecot?.stop();
  });

  async function logInOn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
    await page.goto(session.server.url);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="logout"]').waitFor();
  }

  const agents = async () => (await session.server.request<{ data: AgentJson[] }>('GET', '/api/agents?limit=200', { token: session.token })).body.data;

  async function openTab(tab: string): Promise<void> {
    await session.page.click('[data-testid="nav-settings"]');
    await session.page.click(`[data-testid="settings-tab-${tab}"]`);
    await session.page.locator(`[data-testid="settings-${tab}"]`).waitFor();
  }

  it('adds an agent, then changes their role and deactivates them', async () => {
    const { page } = session;
    await session.logIn();
    await openTab('agents');
    const form = page.locator('[data-testid="new-agent-form"]');
    await form.locator('input[name="name"]').fill('王芳 Wang Fang');
    await form.locator('input[name="email"]').fill('wang.fang@shop.test');
    await form.locator('input[name="password"]').fill('first-password-1');
    await form.locator('select[name="role"]').selectOption('agent');
    await form.getByRole('button', { name: 'Add an agent' }).click();
    const row = page.locator('[data-testid="agent-row"]', { hasText: 'wang.fang@shop.test' });
    await row.waitFor();
    await session.shot('agent-added');

    await row.getByRole('button', { name: 'Edit 王芳 Wang Fang' }).click();
    const editor = page.locator('[data-testid="agent-editor"]');
    await editor.locator('select[name="role"]').selectOption('supervisor');
    await editor.locator('input[name="active"]').uncheck();
    await editor.getByText('Saving logs this agent out').waitFor();
    await editor.getByRole('button', { name: 'Save' }).click();
    await row.getByText('deactivated').waitFor();
    expect(await row.textContent()).to.include('Supervisor');
    const saved = (await agents()).find((a) => a.email === 'wang.fang@shop.test');
    expect(saved).to.include({ role: 'supervisor', active: false });
    expect((await session.server.request('POST', '/api/auth/login', { body: { email: 'wang.fang@shop.test', password: 'first-password-1' } })).status).to.equal(401);
    await session.shot('agent-edited');
  });

  it('adds a group, puts an agent in it, renames it and deletes it', async () => {
    const { page } = session;
    const member = await buildAgent(session.server.server.ctx, { name: 'Group Member' });
    await session.logIn();
    await openTab('groups');
    await page.locator('input[name="new-group"]').fill('售后 After-sales');
    await page.getByRole('button', { name: 'Add group' }).click();
    const row = page.locator('[data-testid="group-row"][data-name="售后 After-sales"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Members (0)' }).click();
    await row.locator('[data-testid="group-members"]').getByLabel('Group Member').check();
    await row.getByRole('button', { name: 'Save members' }).click();
    await row.getByRole('button', { name: 'Members (1)' }).waitFor();
    const groupId = (await agents()).find((a) => a.id === member.actor.agent.id)?.groupIds[0];
    expect(groupId).to.be.a('number');

    await row.locator('input[name="group-name"]').fill('After-sales 售后');
    await row.getByRole('button', { name: 'Rename' }).click();
    const renamedRow = page.locator('[data-testid="group-row"][data-name="After-sales 售后"]');
    await renamedRow.waitFor();
    await session.shot('groups');
    const groups = await session.server.request<{ data: Array<{ id: number; name: string }> }>('GET', '/api/groups', { token: session.token });
    expect(groups.body.data.find((g) => g.id === groupId)?.name).to.equal('After-sales 售后');

    await renamedRow.getByRole('button', { name: 'Delete' }).click();
    await renamedRow.locator('[data-testid="confirm-delete"]').click();
    await renamedRow.waitFor({ state: 'detached' });
    const after = await session.server.request<{ data: Array<{ id: number }> }>('GET', '/api/groups', { token: session.token });
    expect(after.body.data.map((g) => g.id)).not.to.include(groupId);
  });

  it('changes the widget colour and side, and a site embedding the widget shows them', async () => {
    const { page } = session;
    await session.logIn();
    await openTab('widget');
    const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
    expect(snippet).to.equal('<script src="https://help.shop.test/widget.js" async></script>');
    await page.locator('input[name="color"]').fill('#aa3300');
    await page.locator('input[name="position"][value="left"]').check();
    await page.locator('textarea[name="greeting-en"]').fill('Hello from the shop!');
    await page.locator('input[name="prechat-enabled"]').uncheck();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="widget-swatch"]')?.style.background.includes('170, 51, 0'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="settings-outcome"]', { hasText: 'Saved' }).waitFor();
    await session.shot('widget-settings');

    const visitor = await session.newPage({ locale: 'en-US', viewport: { width: 1000, height: 700 } });
    await visitor.goto(siteUrl);
    const launcher = visitor.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    const look = await launcher.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, left: el.getBoundingClientRect().left };
    });
    expect(look.background).to.equal('rgb(170, 51, 0)');
    expect(look.left).to.be.lessThan(100);
    await launcher.click();
    // No pre-chat form (turned off), the greeting first.
    await visitor.getByText('Hello from the shop!').waitFor();
    expect(await visitor.locator('form.prechat').count()).to.equal(0);
    await session.shot('widget-on-site', visitor);
  });

  it('tests a mailbox connection: settings not saved yet, and a stored mailbox', async () => {
    const { page } = session;
    const created = await session.server.request<{ id: number }>('POST', '/api/mailboxes', {
      token: session.token,
      body: { name: 'Shop support', host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, folder: 'INBOX' },
    });
    expect(created.status).to.equal(201);
    await session.logIn();
    await openTab('mailboxes');
    const form = page.locator('[data-testid="mailbox-test-form"]');
    await form.locator('input[name="test-host"]').fill(dovecot.host);
    await form.locator('input[name="test-port"]').fill(String(dovecot.port));
    await form.getByLabel('TLS').uncheck();
    await form.locator('input[name="test-username"]').fill(dovecot.user);
    await form.locator('input[name="test-password"]').fill('not-the-password');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.locator('[data-testid="imap-result"]', { hasText: 'The server refused the user name or password' }).waitFor({ timeout: 20_000 });
    await form.locator('input[name="test-password"]').fill(dovecot.password);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.locator('[data-testid="imap-result"]', { hasText: 'Connected: 1 folders' }).waitFor({ timeout: 20_000 });
    // No SMTP_HOST in this server: said plainly.
    expect(await form.locator('[data-testid="smtp-result"]').textContent()).to.include('No SMTP server is configured');

    const stored = page.locator('[data-testid="mailbox-test-row"]', { hasText: 'Shop support' });
    await stored.getByRole('button', { name: 'Test connection: Shop support' }).click();
    await stored.locator('[data-testid="imap-result"]', { hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    await session.shot('mailbox-test');
  });

  it('edits thresholds (per priority and per customer tier) and business hours: time zone, weekly hours and a holiday', async () => {
    const { page } = session;
    await session.logIn();
    await openTab('alerts');
    await page.locator('input[name="hours-urgent"]').fill('2');
    await page.locator('input[name="hours-segment-high_value"]').fill('4');
    const useCalendar = page.locator('input[name="use-calendar"]');
    if (!(await useCalendar.isChecked())) await useCalendar.check();
    await page.locator('[data-testid="business-hours"]').waitFor();
    await page.locator('input[name="time-zone"]').fill('Asia/Shanghai');
    await page.locator('input[name="from-mon"]').fill('08:30');
    await page.locator('input[name="open-sat"]').check();
    await page.locator('input[name="to-sat"]').fill('12:00');
    await page.locator('input[name="holiday"]').fill('2026-10-01');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByRole('button', { name: 'Remove holiday 2026-10-01' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-testid="settings-outcome"]', { hasText: 'Saved' }).waitFor();
    await session.shot('business-hours');
    const saved = await session.server.request<{ settings: { byPriority: Record<string, number>; bySegment: Record<string, number>; calendar: { timeZone: string; days: Record<string, [string, string]>; holidays: string[] } } }>('GET', '/api/settings/alerts', { token: session.token });
    expect(saved.body.settings.byPriority).to.deep.equal({ urgent: 2 });
    expect(saved.body.settings.bySegment).to.deep.equal({ high_value: 4 });
    expect(saved.body.settings.calendar.timeZone).to.equal('Asia/Shanghai');
    expect(saved.body.settings.calendar.days.mon).to.deep.equal(['08:30', '18:00']);
    expect(saved.body.settings.calendar.days.sat).to.deep.equal(['09:00', '12:00']);
    expect(saved.body.settings.calendar.days.sun).to.equal(undefined);
    expect(saved.body.settings.calendar.holidays).to.deep.equal(['2026-10-01']);
  });

  it('in Chinese, at phone width, and "not allowed" for a plain agent', async () => {
    const zh = await session.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await logInOn(zh);
    await zh.click('[data-testid="nav-settings"]');
    await zh.getByRole('heading', { name: '设置' }).waitFor();
    await zh.click('[data-testid="settings-tab-widget"]');
    await zh.getByText('嵌入代码').first().waitFor();
    await session.shot('zh-CN', zh);

    const phone = await session.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await logInOn(phone);
    await phone.goto(`${session.server.url}/#/admin/settings/agents`);
    await phone.locator('[data-testid="agents-table"]').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling of the page').to.be.at.most(1);
    await session.shot('phone', phone);

    const plain = await buildAgent(session.server.server.ctx);
    const agentPage = await session.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await logInOn(agentPage, plain.email, plain.password);
    expect(await agentPage.locator('[data-testid="nav-settings"]').count()).to.equal(0);
    await agentPage.goto(`${session.server.url}/#/admin/settings/widget`);
    await agentPage.locator('[data-testid="settings-forbidden"]', { hasText: 'Only admins may change the settings.' }).waitFor();
  });
});
