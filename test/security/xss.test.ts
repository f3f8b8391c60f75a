/**
 * XSS in the browser: script payloads arrive through every door a stranger has — an inbound
 * mail's HTML (the real inbound pipeline), a chat message and a visitor's name from the widget,
 * a knowledge-base article, a customer's name and a ticket subject — and are looked at where
 * people read them: the console (ticket list, ticket view, customer profile, knowledge base),
 * the widget on a customer's site, and the portal. Nothing may run (no dialog, no flag set, not
 * even an attempt the CSP had to block), no live handler or javascript: link may reach the DOM,
 * and the text stays readable as text. Chromium on SQLite only (the database plays no part).
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { useConsoleSession } from '../helpers/consoleSession';
import { testDatabases } from '../helpers/databases';
import { buildMail } from '../helpers/mail';

/** Every payload calls alert() and sets window.__pwned if it ever runs. */
const PAYLOADS = [
  `<script>alert('xss-script');window.__pwned=1</script>`,
  `<img src=x onerror="alert('xss-img');window.__pwned=1">`,
  `<svg onload="alert('xss-svg');window.__pwned=1"></svg>`,
  `<iframe srcdoc="<script>parent.alert('xss-srcdoc');parent.__pwned=1</script>"></iframe>`,
  `<a href="javascript:alert('xss-link');window.__pwned=1">click me</a>`,
  `{{constructor.constructor('alert(1)')()}}`,
];
const SHORT = `<img src=x onerror=alert('xss-name')>`;

/** Installed before any page script (a plain string: tsx would add helpers to a function). */
const GUARD = `
  window.__xssHits = [];
  const hit = (what) => { window.__xssHits.push(String(what)); };
  window.alert = hit; window.confirm = hit; window.prompt = hit;
  document.addEventListener('securitypolicyviolation', (e) => hit('csp ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')), true);
`;

/** What ran and what dangerous markup is in the page, its open shadow roots included. */
const INSPECT = `(() => {
  const roots = [document];
  for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  const dangerous = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) dangerous.push(el.tagName + '[' + attr + ']');
      if (el.tagName === 'IFRAME' && el.hasAttribute('srcdoc')) dangerous.push('iframe[srcdoc]');
      if (el.tagName === 'A' && /^\\s*javascript:/i.test(el.getAttribute('href') || '')) dangerous.push('a[href=javascript:]');
      if (el.tagName === 'SCRIPT' && /xss-/.test(el.textContent || '')) dangerous.push('script');
    }
  }
  return { hits: window.__xssHits || [], pwned: window.__pwned === 1, dangerous };
})()`;

interface Inspection {
  hits: string[];
  pwned: boolean;
  dangerous: string[];
}

describe('security: XSS payloads never run (Chromium)', () => {
  const session = useConsoleSession(testDatabases()[0], 'xss');
  const dialogs: string[] = [];
  let site: http.Server;
  let siteUrl: string;
  before(async () => {
    // The company's site that embeds the widget: another origin, without a CSP of its own.
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><body><h1>Shop</h1><script src="${session.server.url}/widget.js" async data-prechat="false"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve())));

  const guard = async (page: Page) => {
    await page.addInitScript(GUARD);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  };
  const expectNothingRan = async (page: Page, where: string) => {
    // Give late handlers (image errors, SVG loads) their moment.
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    const result = (await page.evaluate(INSPECT)) as Inspection;
    expect(result, where).to.deep.equal({ hits: [], pwned: false, dangerous: [] });
    expect(dialogs, where).to.deep.equal([]);
  };
  const api = <T>(method: string, path: string, body?: unknown) => session.server.request<T>(method, path, { token: session.token, body });

  it('mail HTML, a customer’s name and a ticket subject: console list, ticket view and profile', async () => {
    const ctx = session.server.server.ctx;
    const mail = await buildMail({
      from: `"${SHORT}" <mallory@evil.test>`,
      subject: `Invoice ${PAYLOADS[1]}`,
      text: `Plain part: ${PAYLOADS.join(' ')}`,
      html: `<p>HTML part</p>${PAYLOADS.join('\n')}<p><b>bold</b> ${PAYLOADS[5]}</p>`,
    });
    const ingested = await ingestRawMail(ctx, null, mail, { threadSecret: ctx.channels.email?.threadSecret as string });
    if (ingested.outcome !== 'created') throw new Error(`the mail was ${ingested.outcome}`);
    // What the API hands out as "sanitised" HTML holds no live markup.
    const ticket = await api<{ id: number; customerId: number; messages: Array<{ html: string | null }> }>('GET', `/api/tickets/${ingested.ticketId}`);
    const html = ticket.body.messages[0].html ?? '';
    expect(html).to.contain('bold');
    expect(html).not.to.match(/<script|onerror|onload|srcdoc|javascript:/i);
    // A ticket opened by an agent for a customer whose name and subject are payloads.
    await api('POST', '/api/tickets', { subject: `Help ${PAYLOADS[0]}`, body: PAYLOADS.join(' '), customer: { email: 'payload@evil.test', name: SHORT } });

    const page = session.page;
    await guard(page);
    await session.logIn();
    await page.goto(`${session.server.url}/#/tickets?status=open`);
    await page.locator('[data-testid="ticket-row"]', { hasText: `Invoice ${PAYLOADS[1]}` }).waitFor();
    await page.locator('[data-testid="ticket-row"]', { hasText: `Help ${PAYLOADS[0]}` }).waitFor();
    await expectNothingRan(page, 'ticket list');

    await page.goto(`${session.server.url}/#/tickets/${ingested.ticketId}`);
    await page.locator('[data-testid="message"]', { hasText: PAYLOADS[3] }).waitFor();
    await page.getByText(SHORT).first().waitFor();
    await expectNothingRan(page, 'ticket view');

    await page.goto(`${session.server.url}/#/customers/${ticket.body.customerId}`);
    await page.getByText(SHORT).first().waitFor();
    await expectNothingRan(page, 'customer profile');
  });

  it('chat: a visitor’s name and message in the console, an agent’s reply in the widget', async () => {
    const visitorPage = await session.newPage({ locale: 'en-US', viewport: { width: 390, height: 800 } });
    await guard(visitorPage);
    await visitorPage.goto(siteUrl);
    await visitorPage.getByRole('button', { name: 'Chat with us' }).click();
    const box = visitorPage.getByPlaceholder('Type a message…');
    const typed = PAYLOADS.join(' ');
    await box.fill(typed);
    await box.press('Enter');
    await visitorPage.locator('.msg.me[data-state="sent"]', { hasText: PAYLOADS[1] }).waitFor();
    await expectNothingRan(visitorPage, 'widget after sending');

    const chats = await api<{ data: Array<{ id: number }> }>('GET', '/api/tickets?channel=chat');
    const chatId = chats.body.data[0].id;
    const reply = await api('POST', `/api/tickets/${chatId}/messages`, { body: `Agent says ${PAYLOADS.join(' ')}` });
    expect(reply.status).to.equal(201);
    await visitorPage.locator('.msg', { hasText: `Agent says ${PAYLOADS[0]}` }).waitFor();
    await expectNothingRan(visitorPage, 'widget with the agent’s reply');

    const page = session.page;
    await guard(page);
    await session.logIn();
    await page.goto(`${session.server.url}/#/tickets/${chatId}`);
    await page.locator('[data-testid="message"].from-customer', { hasText: PAYLOADS[2] }).waitFor();
    await expectNothingRan(page, 'console chat view');
  });

  it('a knowledge-base article: portal page and search, widget suggestions, console editor', async () => {
    const body = [
      '# Returns',
      'Send it back within 30 days.',
      ...PAYLOADS,
      "[click me](javascript:alert('xss-md'))",
      '<details open ontoggle="alert(\'xss-toggle\')">x</details>',
      '<a href="jAvAsCrIpT:alert(\'xss-mixed\')">mixed case</a>',
    ].join('\n\n');
    const article = await api<{ id: number; slug: string }>('POST', '/api/kb/articles', {
      title: `Zebrafish returns ${SHORT}`,
      slug: 'zebrafish-returns',
      body,
      category: 'orders',
      keywords: ['zebrafish'],
      locale: 'en',
      visibility: 'public',
    });
    expect(article.status).to.equal(201);

    const portal = await session.newPage({ locale: 'en-US' });
    await guard(portal);
    await portal.goto(`${session.server.url}/kb/${article.body.slug}`);
    await portal.getByText('Send it back within 30 days.').waitFor();
    await portal.getByText(`Zebrafish returns ${SHORT}`).first().waitFor();
    await expectNothingRan(portal, 'portal article');
    await portal.goto(`${session.server.url}/kb/search?q=zebrafish`);
    await portal.getByText(`Zebrafish returns ${SHORT}`).first().waitFor();
    await expectNothingRan(portal, 'portal search');

    const widget = await session.newPage({ locale: 'en-US', viewport: { width: 390, height: 800 } });
    await guard(widget);
    await widget.goto(siteUrl);
    await widget.getByRole('button', { name: 'Chat with us' }).click();
    await widget.getByPlaceholder('Type a message…').pressSequentially('zebrafish returns', { delay: 15 });
    await widget.locator('[data-testid="article-suggestion"]', { hasText: SHORT }).waitFor();
    await expectNothingRan(widget, 'widget article suggestions');

    const page = session.page;
    await guard(page);
    await session.logIn();
    await page.goto(`${session.server.url}/#/kb/${article.body.id}`);
    // The editor's preview renders the Markdown in the console itself.
    await page.locator('[data-testid="article-preview-tab"]').click();
    await page.getByText('Send it back within 30 days.').first().waitFor();
    await page.getByText(PAYLOADS[0]).first().waitFor();
    await expectNothingRan(page, 'console knowledge base preview');
  });
});
