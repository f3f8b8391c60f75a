/**
 * The widget offers public help articles while the visitor types their first message, in
 * Chromium, on a host page from another origin, against the real server and its starter articles
 * (knowledge-base/): English and Chinese, links to the public pages in a new tab, gone once the
 * chat starts; only the latest text's answer is shown, and a refusing server only means no list.
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { enoughForArticles } from '../../client/widget/connection';
import { launchBrowser } from '../helpers/browser';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

interface ArticleJson {
  slug: string;
  locale: string;
  visibility: string;
}

describe('widget article suggestions: when to ask', () => {
  it('asks from 3 characters, or 2 with Chinese ones', () => {
    expect(enoughForArticles('re')).to.equal(false);
    expect(enoughForArticles('ref')).to.equal(true);
    expect(enoughForArticles('退')).to.equal(false);
    expect(enoughForArticles('退款')).to.equal(true);
    expect(enoughForArticles('')).to.equal(false);
  });
});

describeEachDatabase('widget article suggestions in Chromium', (database) => {
  let server: TestServer;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [server, browser] = await Promise.all([startTestServer(database), launchBrowser()]);
    // The company's site, on another origin: `/?locale=zh-CN` embeds the Chinese widget.
    site = http.createServer((req, res) => {
      const locale = new URL(req.url ?? '/', 'http://site').searchParams.get('locale') ?? 'en';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><style>a, div { background: red !important; font-size: 40px !important; }</style></head>
        <body><h1>Shop</h1><script src="${server.url}/widget.js" async data-prechat="false" data-locale="${locale}"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  /** Slugs of the public starter articles a knowledge-base search finds, in one language. */
  async function slugsFor(q: string, locale: 'en' | 'zh-CN'): Promise<string[]> {
    const response = await server.request<{ data: ArticleJson[] }>('GET', `/api/kb/articles?q=${encodeURIComponent(q)}&locale=${locale}`);
    expect(response.status).to.equal(200);
    const slugs = response.body.data.filter((a) => a.locale === locale && a.visibility === 'public').map((a) => a.slug);
    expect(slugs, `starter articles for "${q}"`).to.not.be.empty;
    return slugs;
  }

  /** A new visitor (fresh storage, so no chat yet) on the site with the panel open. */
  async function openWidget(locale: 'en' | 'zh-CN'): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${siteUrl}/?locale=${locale}`);
    await page.getByRole('button', { name: locale === 'en' ? 'Chat with us' : '在线咨询' }).click();
    return page;
  }

  async function links(page: Page): Promise<{ url: URL; target: string | null; rel: string | null; text: string }[]> {
    const found = page.locator('[data-testid="article-suggestions"] [data-testid="article-suggestion"]');
    await found.first().waitFor();
    return Promise.all(
      (await found.all()).map(async (link) => ({
        url: new URL((await link.getAttribute('href')) ?? ''),
        target: await link.getAttribute('target'),
        rel: await link.getAttribute('rel'),
        text: (await link.textContent()) ?? '',
      })),
    );
  }

  const slugOf = (url: URL) => decodeURIComponent(url.pathname.replace(/^\/kb\//, ''));

  it('offers refund articles while an English visitor types, opening the public page in a new tab, until the chat starts', async () => {
    const refundSlugs = await slugsFor('refund', 'en');
    const page = await openWidget('en');
    const suggestionRequests: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === `${server.url}/api/suggestions`) suggestionRequests.push(request);
    });
    const box = page.getByPlaceholder('Type a message…');
    await box.pressSequentially('How do I get a refund', { delay: 15 });

    const list = page.locator('[data-testid="article-suggestions"]');
    await list.getByText('These articles may help').waitFor();
    const found = await links(page);
    expect(found.length).to.be.within(1, 3);
    for (const link of found) {
      expect(link.url.origin).to.equal(server.url);
      expect(link.url.pathname).to.match(/^\/kb\/[a-z0-9-]+$/);
      expect(link.url.searchParams.get('lang')).to.equal('en');
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.include('noopener');
      expect(link.text.trim()).to.not.equal('');
    }
    expect(found.map((link) => slugOf(link.url)).some((slug) => refundSlugs.includes(slug)), `one of ${refundSlugs.join(', ')}`).to.equal(true);
    // What was asked: the typed text, in the widget's language, three at most, anonymously.
    const asked = suggestionRequests.at(-1)!;
    expect(asked.postDataJSON()).to.deep.equal({ text: 'How do I get a refund', locale: 'en', limit: 3 });
    expect(await asked.headerValue('authorization')).to.equal(null);
    // The host page's red 40px links and divs did not reach the cards.
    expect(await page.locator('[data-testid="article-suggestion"]').first().evaluate((el) => getComputedStyle(el).fontSize)).to.equal('13px');

    // Clearing the input hides the list; typing again brings it back.
    await box.fill('');
    await list.waitFor({ state: 'detached' });
    await box.fill('How do I get a refund');
    await list.waitFor();

    // Sending starts the chat: the list is gone, and stays gone while the visitor types more.
    await box.press('Enter');
    await page.locator('.msg.me[data-state="sent"]', { hasText: 'How do I get a refund' }).waitFor();
    await list.waitFor({ state: 'detached' });
    const askedBefore = suggestionRequests.length;
    await box.pressSequentially('refund for my order', { delay: 15 });
    await page.waitForTimeout(1000); // well past the pause after which the widget would have asked
    expect(await list.count()).to.equal(0);
    expect(suggestionRequests.length).to.equal(askedBefore);
  });

  it('offers Chinese articles for 退款 (two characters) in a zh-CN widget', async () => {
    const refundSlugs = await slugsFor('退款', 'zh-CN');
    const page = await openWidget('zh-CN');
    await page.getByPlaceholder('输入消息…').fill('退款');
    await page.locator('[data-testid="article-suggestions"]').getByText('这些文章可能对您有帮助').waitFor();
    const found = await links(page);
    expect(found.map((link) => slugOf(link.url)).some((slug) => refundSlugs.includes(slug)), `one of ${refundSlugs.join(', ')}`).to.equal(true);
    for (const link of found) {
      expect(link.url.searchParams.get('lang')).to.equal('zh-CN');
      expect(link.target).to.equal('_blank');
    }
    // The article behind the first link is a public Chinese one.
    const article = await server.request<ArticleJson>('GET', `/api/kb/articles/${encodeURIComponent(slugOf(found[0].url))}`);
    expect(article.status).to.equal(200);
    expect(article.body).to.include({ locale: 'zh-CN', visibility: 'public' });
  });

  it("shows only the latest text's articles (the stale request is cancelled), and a refusing server means no list while the chat still works", async () => {
    const passwordSlugs = await slugsFor('reset password', 'en');
    const page = await openWidget('en');
    // Hold the answer for the first text until the visitor has typed something else.
    let heldRoute: (() => Promise<void>) | null = null;
    let refuse = false;
    let firstAsked!: () => void;
    const firstRequestSeen = new Promise<void>((resolve) => (firstAsked = resolve));
    await page.route(`${server.url}/api/suggestions`, async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      if (refuse) return route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests' } }) });
      if ((request.postDataJSON() as { text: string }).text === 'How do I get a refund' && !heldRoute) {
        heldRoute = () => route.continue().catch(() => undefined);
        firstAsked();
        return;
      }
      return route.continue();
    });
    const box = page.getByPlaceholder('Type a message…');
    await box.fill('How do I get a refund');
    await firstRequestSeen;
    const staleCancelled = page.waitForEvent('requestfailed', {
      predicate: (request) => request.method() === 'POST' && request.postData()?.includes('How do I get a refund') === true,
      timeout: 10_000,
    });
    await box.fill('How do I reset my password');
    await staleCancelled; // the widget gave up on the first text's request when the text changed
    const found = await links(page);
    expect(found.map((link) => slugOf(link.url)).some((slug) => passwordSlugs.includes(slug)), `one of ${passwordSlugs.join(', ')}`).to.equal(true);
    await heldRoute!(); // too late: nothing to deliver it to
    expect((await links(page)).map((link) => slugOf(link.url))).to.deep.equal(found.map((link) => slugOf(link.url)));

    // The server refuses (rate limit) the next text: the previous list goes, none replaces it, and the chat works.
    refuse = true;
    const refused = page.waitForResponse((response) => response.url() === `${server.url}/api/suggestions` && response.status() === 429);
    await box.fill('Where is my parcel');
    await refused;
    await page.locator('[data-testid="article-suggestions"]').waitFor({ state: 'detached' });
    await box.press('Enter');
    await page.locator('.msg.me[data-state="sent"]', { hasText: 'Where is my parcel' }).waitFor();
    expect(await page.locator('[data-testid="article-suggestions"]').count()).to.equal(0);
  });
});
