import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { Message } from '../../server/models/Message';
import { launchBrowser } from '../helpers/browser';
import { testDatabases } from '../helpers/databases';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { buildMail, newMessageId } from '../helpers/mail';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';

describe('console email settings in Chromium', () => {
  let server: TestServer;
  let dovecot: DovecotServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [server, dovecot, browser] = await Promise.all([startTestServer(testDatabases()[0], { IMAP_POLL_SECONDS: '3600' }), startDovecot(), launchBrowser()]);
    page = await browser.newPage({ locale: 'en-US' });
    await page.goto(server.url);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="nav-settings"]').waitFor();
  });
  after(async () => {
    await browser?.close();
    await dovecot?.stop();
    await server?.close();
  });

  it('an admin adds a mailbox in the form and its mail arrives; a quarantined mail shows its reason and can be retried', async () => {
    const ctx = server.server.ctx;
    await ingestRawMail(ctx, null, Buffer.from('Subject: lost sender\r\n\r\nno from'), { threadSecret: ctx.channels.email?.threadSecret as string });
    await dovecot.append(await buildMail({ from: 'form@customer.test', subject: 'Via the form', messageId: newMessageId() }));

    await page.click('[data-testid="nav-settings"]');
    await page.click('[data-testid="nav-mail"]');
    const held = page.locator('[data-testid="quarantined-mail"]', { hasText: 'lost sender' });
    await held.waitFor();
    expect(await held.textContent()).to.contain('no sender address');
    await held.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('status').filter({ hasText: 'Still failing' }).waitFor();

    const form = page.locator('[data-testid="mailbox-form"]');
    await form.locator('input[name="name"]').fill('Support');
    await form.locator('input[name="host"]').fill(dovecot.host);
    await form.locator('input[name="port"]').fill(String(dovecot.port));
    await form.locator('input[type="checkbox"]').uncheck();
    await form.locator('input[name="username"]').fill(dovecot.user);
    await form.locator('input[name="password"]').fill(dovecot.password);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid="mailboxes"] tr', { hasText: 'Support' }).waitFor();

    const deadline = Date.now() + 20_000;
    while ((await Message.count({ where: { fromAddress: 'form@customer.test' } })) === 0) {
      if (Date.now() > deadline) throw new Error('the mail did not arrive');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.locator('[data-testid="mailboxes"] tr', { hasText: 'Support' }).getByRole('button', { name: 'Fetch now' }).click();
    await page.getByRole('status').filter({ hasText: 'Fetched 0 new mails' }).waitFor();
  });
});
