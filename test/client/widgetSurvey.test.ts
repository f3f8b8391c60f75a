/**
 * The widget's "How did we do?" row in Chromium: shown when the visitor's chat is solved, one
 * click records the rating cross-origin, and it is offered again after a reload.
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { Message } from '../../server/models/Message';
import { Survey } from '../../server/models/Survey';
import { launchBrowser } from '../helpers/browser';
import { testDatabases } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

describe('chat widget survey in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  before(async () => {
    [server, browser] = await Promise.all([startTestServer(testDatabases()[0]), launchBrowser()]);
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><body><h1>Shop</h1><script src="${server.url}/widget.js" async data-prechat="false"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  it('shows the rating row when the chat is solved; a click records the rating; it is back after a reload', async () => {
    const admin = await server.login();
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const box = page.getByPlaceholder('Type a message…');
    await box.fill('My order is fine now, thanks');
    await box.press('Enter');
    await page.locator('.msg.me[data-state="sent"]').waitFor();
    const message = await Message.findOne({ where: { body: 'My order is fine now, thanks' } });

    expect((await server.request('PATCH', `/api/tickets/${message?.ticketId}`, { token: admin, body: { status: 'solved' } })).status).to.equal(200);
    const row = page.locator('[data-testid="widget-survey"]');
    await row.getByText('How did we do?').waitFor();
    await page.locator('[data-testid="widget-rate-4"]').click();
    await row.getByText('Thank you for your feedback!').waitFor();
    expect(await Survey.findOne({ where: { ticketId: message?.ticketId } })).to.include({ rating: 4, channel: 'chat' });

    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await page.locator('[data-testid="widget-survey"]').waitFor();
    await context.close();
  });
});
