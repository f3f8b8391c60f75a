/**
 * The pages a customer opens from our mail, in Chromium set to Chinese: the satisfaction survey
 * (opening it votes nothing; one click rates, the comment goes along, the rating is shown again
 * after a reload) and the care unsubscribe page (opening it changes nothing; the button does).
 * The survey link comes from a real solve with a real SMTP sink.
 */
import { expect } from 'chai';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { unsubscribeUrl } from '../../server/care/unsubscribeToken';
import { CareUnsubscribe } from '../../server/models/CareUnsubscribe';
import { Message } from '../../server/models/Message';
import { Survey } from '../../server/models/Survey';
import { launchBrowser } from '../helpers/browser';
import { screenshotsDir } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';

describeEachDatabase('customer pages in Chinese (Chromium)', (database) => {
  let server: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  before(async () => {
    smtp = await startSmtpSink();
    [server, browser] = await Promise.all([
      startTestServer(database, { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test', COMPANY_NAME: '示例商城' }),
      launchBrowser(),
    ]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.stop();
  });

  /** A fresh Chinese-speaking browser, recording script errors (these pages run no script). */
  async function chineseBrowser(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotsDir, `customer-pages-${name}-${database.name}.png`), fullPage: true });
  const heading = (page: Page) => page.locator('h1').textContent();

  it('rates a solved request on the survey page in Chinese: opening votes nothing, one click does', async () => {
    const ctx = server.server.ctx;
    const mail = await buildMail({ from: '王芳 <wangfang@customer.test>', subject: '水壶漏水', text: '我买的水壶漏水了。' });
    const { ticketId } = (await ingestRawMail(ctx, null, mail, { threadSecret: ctx.channels.email?.threadSecret as string })) as { ticketId: number };
    const admin = await server.login();
    expect((await server.request('PATCH', `/api/tickets/${ticketId}`, { token: admin, body: { status: 'solved' } })).status).to.equal(200);
    await ctx.events.drain();
    const invitation = await Message.findOne({ where: { ticketId, authorType: 'system' }, order: [['id', 'DESC']] });
    const link = /(\/survey\/[\w-]{43})/.exec(invitation?.body ?? '')?.[1];
    expect(link, invitation?.body).to.be.a('string');

    const { page, errors } = await chineseBrowser();
    await page.goto(`${server.url}${link}`);
    expect(await heading(page)).to.equal('您对我们的服务满意吗？');
    expect(await page.locator('html').getAttribute('lang')).to.equal('zh-CN');
    expect(await page.locator('main').textContent()).to.contain('您的问题：水壶漏水');
    expect(await page.locator('[data-testid="rate-5"]').textContent()).to.equal('5 · 非常满意');
    expect(await page.getByLabel('还有什么想告诉我们的吗？（可选）').count()).to.equal(1);
    // A mail scanner that opens the link casts no vote.
    expect((await Survey.findOne({ where: { ticketId } }))?.rating ?? null).to.equal(null);
    await shot(page, 'survey-form');

    await page.fill('#survey-comment', '客服很快就解决了，谢谢！');
    await page.click('[data-testid="rate-5"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === '谢谢您！');
    expect(await page.locator('main').textContent()).to.contain('您的反馈帮助我们更好地为您服务。');
    const answered = await Survey.findOne({ where: { ticketId } });
    expect(answered).to.include({ rating: 5, comment: '客服很快就解决了，谢谢！' });
    await shot(page, 'survey-thanks');

    // Opened again: the rating is shown and can be changed.
    await page.goto(`${server.url}${link}`);
    expect(await page.locator('[data-testid="survey-current"]').textContent()).to.equal('您目前的评分：5 分（满分 5 分）。您可以修改。');
    expect(await page.locator('#survey-comment').inputValue()).to.equal('客服很快就解决了，谢谢！');
    expect(await page.locator('[data-testid="rate-5"]').getAttribute('aria-pressed')).to.equal('true');
    expect(errors).to.deep.equal([]);
  });

  it('unsubscribes from care mail on the Chinese page: opening changes nothing, the button does', async () => {
    const ctx = server.server.ctx;
    const admin = await server.login();
    const created = await server.request<{ customerId: number }>('POST', '/api/tickets', { token: admin, body: { subject: '问候', body: '你好', customer: { email: 'lilei@customer.test', name: '李雷' } } });
    const customerId = created.body.customerId;
    const url = new URL(await unsubscribeUrl(ctx, customerId));

    const { page, errors } = await chineseBrowser();
    await page.goto(`${server.url}${url.pathname}`);
    expect(await heading(page)).to.equal('退订');
    expect(await page.locator('main').textContent()).to.contain('您确定不再接收示例商城的关怀邮件');
    expect(await CareUnsubscribe.count({ where: { customerId } })).to.equal(0);
    await shot(page, 'unsubscribe-confirm');

    await page.click('[data-testid="unsubscribe"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === '您已退订');
    expect(await page.locator('main').textContent()).to.contain('您将不再收到示例商城的关怀邮件。');
    expect(await CareUnsubscribe.count({ where: { customerId } })).to.equal(1);
    await shot(page, 'unsubscribe-done');

    // A link that was tampered with: the Chinese "not valid" page, nothing recorded.
    await page.goto(`${server.url}${url.pathname.slice(0, -4)}AAAA`);
    expect(await heading(page)).to.equal('链接无效');
    expect(errors).to.deep.equal([]);
  });
});
