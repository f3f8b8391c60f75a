/**
 * The embeddable widget in Chromium, on a host page served from another origin, chatting with
 * an agent in the console in a second page: launcher, shadow-DOM isolation, messages both ways,
 * typing, unread badge, a returning visitor, Chinese pages, and the script's size.
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { Message } from '../../server/models/Message';
import { launchBrowser } from '../helpers/browser';
import { testDatabases } from '../helpers/databases';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';

describe('chat widget in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  before(async () => {
    [server, browser] = await Promise.all([startTestServer(testDatabases()[0]), launchBrowser()]);
    // The company's site: another origin, with CSS that would wreck an unisolated widget.
    site = http.createServer((req, res) => {
      const lang = req.url?.includes('zh') ? 'zh-CN' : 'en';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="${lang}"><head><style>button, div { background: red !important; font-size: 40px !important; }</style></head>
        <body><h1>Shop</h1><script src="${server.url}/widget.js" async data-prechat="false"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  async function consolePage(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="view-all"]').waitFor();
    return page;
  }

  it('stays small: the embed script is under 30 KB gzipped', async () => {
    const script = Buffer.from(await (await fetch(`${server.url}/widget.js`)).arrayBuffer());
    expect(gzipSync(script).length).to.be.lessThan(30 * 1024);
  });

  it('a visitor chats with an agent: live both ways, typing, unread badge, and the conversation is back after a reload', async () => {
    const agentPage = await consolePage();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 800 } });
    const visitorPage = await context.newPage();
    await visitorPage.goto(siteUrl);
    const launcher = visitorPage.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    // Shadow DOM: the host page's red, 40px buttons did not reach the widget.
    expect(await launcher.evaluate((el) => getComputedStyle(el).fontSize)).to.equal('15px');
    await launcher.click();
    await visitorPage.getByText('We usually answer within a few minutes.').waitFor();
    const box = visitorPage.getByPlaceholder('Type a message…');
    await box.fill('Do you ship to Hangzhou?');
    await box.press('Enter');
    await visitorPage.locator('.msg.me[data-state="sent"]', { hasText: 'Do you ship to Hangzhou?' }).waitFor();

    // The new chat appears in the console without a reload.
    const row = agentPage.locator('[data-testid="ticket-row"]', { hasText: 'Do you ship to Hangzhou?' });
    await row.waitFor();
    await row.locator('a').click();
    await agentPage.locator('[data-testid="message"]', { hasText: 'Do you ship to Hangzhou?' }).waitFor();

    await box.pressSequentially('Also Suzhou', { delay: 20 });
    await agentPage.locator('[data-testid="typing"]', { hasText: 'The customer is typing' }).waitFor();

    await agentPage.fill('[data-testid="reply-body"]', 'Yes, next-day delivery.');
    await visitorPage.locator('.typing', { hasText: 'Administrator is typing' }).waitFor();
    await agentPage.click('[data-testid="send-reply"]');
    await visitorPage.locator('.msg.them', { hasText: 'Yes, next-day delivery.' }).waitFor();

    // A photo of the damage, through the paperclip.
    await visitorPage.locator('.attach input[type="file"]').setInputFiles({ name: 'damage.png', mimeType: 'image/png', buffer: Buffer.alloc(500, 7) });
    await visitorPage.locator('.msg.me[data-state="sent"]', { hasText: 'damage.png' }).waitFor();
    await agentPage.locator('[data-testid="message"]', { hasText: 'damage.png' }).locator('a', { hasText: 'damage.png' }).waitFor();

    // Closed panel: a reply shows as an unread badge.
    await visitorPage.getByRole('button', { name: 'Close chat' }).click();
    await agentPage.fill('[data-testid="reply-body"]', 'Anything else?');
    await agentPage.click('[data-testid="send-reply"]');
    await visitorPage.locator('.badge', { hasText: '1' }).waitFor();

    // A returning visitor (same browser) sees the conversation.
    await visitorPage.reload();
    await visitorPage.getByRole('button', { name: 'Chat with us' }).click();
    await visitorPage.locator('.msg.them', { hasText: 'Anything else?' }).waitFor();
    expect(await visitorPage.locator('.msg').allTextContents()).to.have.length.greaterThanOrEqual(3);
    expect(await Message.count({ where: { body: 'Do you ship to Hangzhou?' } })).to.equal(1);
    await context.close();
    await agentPage.close();
  });

  it('speaks Chinese on a Chinese page, and asks for an email when no agent is online', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${siteUrl}/zh`);
    await page.getByRole('button', { name: '在线咨询' }).click();
    await page.getByText('当前没有客服在线。请留下邮箱，我们会通过邮件回复您。').waitFor();
    const email = page.getByPlaceholder('邮箱');
    await email.fill('kefu@customer.test');
    await email.press('Enter');
    await page.getByText('谢谢！我们会回复到 kefu@customer.test。').waitFor();
    await context.close();
  });
});
