/**
 * The self-service knowledge-base portal (/kb) in Chromium against the real server: front page
 * and categories in English and Chinese, search in both languages, an article with its "Was this
 * helpful?" vote, internal articles kept out, escaping of everything dynamic, and a phone screen.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');
const CATEGORIES = ['orders', 'delivery', 'returns', 'refunds', 'payments', 'account', 'invoices'];

interface ArticleJson {
  id: number;
  slug: string;
  title: string;
  category: string;
  locale: string;
  visibility: string;
  helpful: { yes: number; no: number };
}

describeEachDatabase('knowledge-base portal in Chromium', (database) => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [server, browser] = await Promise.all([startTestServer(database, { COMPANY_NAME: 'Acme Shop', MAIL_FROM: 'Acme Support <support@acme.test>' }), launchBrowser()]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  /** A fresh browser (own storage), recording every dialog, page error and CSP complaint. */
  async function visit(urlPath: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: options.viewport ?? { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const dialogs: string[] = [];
    const problems: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    const response = await page.goto(`${server.url}${urlPath}`);
    return { page, response: response!, dialogs, problems };
  }

  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((all) => all.map((text) => text.trim()));
  const api = async <T>(urlPath: string) => (await server.request<T>('GET', urlPath)).body;

  it('shows the front page in English: head tags, categories with counts, article links and the help box', async () => {
    const { page, response, problems } = await visit('/kb');
    expect(response.status()).to.equal(200);
    expect(response.headers()['cache-control']).to.equal('public, max-age=60');
    expect(await page.getAttribute('html', 'lang')).to.equal('en');
    expect(await page.title()).to.contain('Acme Shop');
    expect(await page.getAttribute('meta[name="viewport"]', 'content')).to.equal('width=device-width, initial-scale=1');
    expect(await page.getAttribute('link[rel="canonical"]', 'href')).to.equal(`${server.server.ctx.config.publicUrl}/kb?lang=en`);
    expect(await page.getAttribute('meta[name="description"]', 'content')).to.match(/refunds/i);
    expect(await page.locator('.site-header .brand-name').textContent()).to.equal('Acme Shop');
    expect(await page.getByRole('search').locator('input[name="q"]').count()).to.equal(1);

    // The seven categories in order, translated, each with the count the API gives.
    expect(await page.locator('[data-testid="category"]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-category')))).to.deep.equal(CATEGORIES);
    expect(await texts(page, '[data-testid="category"] .category-name')).to.deep.equal(['Orders', 'Delivery', 'Returns', 'Refunds', 'Payments', 'Account', 'Invoices']);
    const { data: counts } = await api<{ data: Array<{ category: string; count: number }> }>('/api/kb/categories?locale=en');
    for (const { category, count } of counts) {
      expect(await page.locator(`[data-category="${category}"] [data-testid="category-count"]`).textContent()).to.equal(count === 1 ? '1 article' : `${count} articles`);
    }
    // Every public English article of a category is linked from its card; no Chinese, no internal one.
    const { data: refunds } = await api<{ data: ArticleJson[] }>('/api/kb/articles?locale=en&category=refunds&limit=100');
    expect(await texts(page, '[data-category="refunds"] .card-articles a')).to.have.members(refunds.map((article) => article.title));
    const body = await page.locator('body').innerText();
    expect(body).not.to.contain('Handling a chargeback or payment dispute (internal)');
    expect(body).not.to.contain('退款多久到账');

    expect(await page.getByRole('button', { name: 'Start a chat' }).isVisible()).to.equal(true);
    expect(await page.getAttribute('[data-testid="email-support"]', 'href')).to.equal('mailto:support@acme.test');
    await page.screenshot({ path: path.join(SCREENSHOTS, `portal-front-en-${database.name}.png`), fullPage: true });

    await page.locator('[data-category="refunds"] a', { hasText: 'Refund timelines and how to check your refund' }).click();
    await page.waitForURL(/\/kb\/refund-timelines-and-status\?lang=en$/);
    expect(await page.locator('h1').textContent()).to.equal('Refund timelines and how to check your refund');
    expect(problems).to.deep.equal([]);
  });

  it('speaks Chinese to a Chinese browser, and the language switch keeps the page', async () => {
    const { page } = await visit('/kb', { locale: 'zh-CN' });
    expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
    expect(await page.locator('h1').textContent()).to.equal('有什么可以帮您？');
    expect(await texts(page, '[data-testid="category"] .category-name')).to.deep.equal(['订单', '配送', '退货', '退款', '支付', '账户', '发票']);
    expect(await texts(page, '[data-category="refunds"] .card-articles a')).to.include('退款多久到账？如何查询退款进度');
    expect(await page.getAttribute('[data-category="refunds"] .card-articles a >> nth=0', 'href')).to.match(/^\/kb\/zh-[a-z-]+\?lang=zh-CN$/);
    const body = await page.locator('body').innerText();
    expect(body).not.to.contain('Refund timelines');
    expect(body).not.to.contain('（内部）');
    await page.screenshot({ path: path.join(SCREENSHOTS, `portal-front-zh-CN-${database.name}.png`), fullPage: true });

    // On a category page the switch keeps the category; the links then carry the language.
    await page.locator('[data-category="refunds"] .category-link').click();
    await page.waitForURL(/\/kb\?category=refunds&lang=zh-CN$/);
    await page.getByTestId('lang-switch').click();
    await page.waitForURL(/\/kb\?category=refunds&lang=en$/);
    expect(await page.getAttribute('html', 'lang')).to.equal('en');
    expect(await page.locator('h1').textContent()).to.equal('Refunds');
    expect(await page.getAttribute('.results a.result-title >> nth=0', 'href')).to.match(/\?lang=en$/);

    // ?lang= wins over the browser's language.
    const english = await visit('/kb?lang=zh-CN', { locale: 'en-US' });
    expect(await english.page.locator('[data-category="orders"] .category-name').textContent()).to.equal('订单');
  });

  it('lists one category', async () => {
    const { page, response } = await visit('/kb?category=delivery&lang=en');
    expect(response.status()).to.equal(200);
    expect(await page.locator('h1').textContent()).to.equal('Delivery');
    const { data } = await api<{ data: ArticleJson[] }>('/api/kb/articles?locale=en&category=delivery&limit=100');
    expect(data.length).to.be.greaterThan(1);
    expect(await texts(page, '.results a.result-title')).to.have.members(data.map((article) => article.title));
    expect(await page.locator('.result-excerpt').first().textContent()).to.have.length.greaterThan(20);
    expect(await page.getAttribute('.breadcrumb a', 'href')).to.equal('/kb?lang=en');
    expect((await visit('/kb?category=no-such-topic&lang=en')).response.status()).to.equal(404);
  });

  it('finds English articles, best first', async () => {
    const { page } = await visit('/kb');
    await page.getByRole('search').locator('input[name="q"]').fill('refund');
    await page.getByRole('search').locator('input[name="q"]').press('Enter');
    await page.waitForURL(/\/kb\/search\?q=refund&lang=en$/);
    const titles = await texts(page, '.results a.result-title');
    expect(titles[0]).to.equal('Refund timelines and how to check your refund');
    expect(await page.locator('.result >> nth=0').locator('.chip').textContent()).to.equal('Refunds');
    expect(await page.locator('.result-excerpt mark').first().textContent()).to.match(/^refund/i);
    expect(titles.join(' ')).not.to.match(/[\u3400-\u9fff]/);
    expect(await page.getAttribute('meta[name="robots"]', 'content')).to.contain('noindex');
  });

  it('finds Chinese articles for Chinese words', async () => {
    for (const [q, category, name] of [['退款', 'refunds', '退款'], ['发票', 'invoices', '发票']]) {
      const { page } = await visit(`/kb/search?q=${encodeURIComponent(q)}&lang=zh-CN`);
      const first = page.locator('.result').first();
      expect(await first.locator('a.result-title').getAttribute('href')).to.match(/^\/kb\/zh-[a-z-]+\?lang=zh-CN$/);
      expect(await first.locator('.chip').textContent()).to.equal(name);
      const slug = (await first.locator('a.result-title').getAttribute('href'))!.replace(/^\/kb\/|\?.*$/g, '');
      const article = await api<ArticleJson>(`/api/kb/articles/${slug}`);
      expect(article).to.include({ locale: 'zh-CN', category, visibility: 'public' });
      expect(await first.locator('mark').first().textContent()).to.equal(q);
    }
  });

  it('suggests a chat or an email when nothing matches', async () => {
    const { page, response } = await visit('/kb/search?q=xylophone%20quartz&lang=en');
    expect(response.status()).to.equal(200);
    expect(await page.getByTestId('no-results').textContent()).to.contain('No articles match “xylophone quartz”.');
    expect(await page.locator('.result').count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Start a chat' }).isVisible()).to.equal(true);
    expect(await page.getByTestId('email-support').isVisible()).to.equal(true);
  });

  it('shows an article: rendered Markdown, breadcrumb, date, related articles, and counts one "helpful" vote per reader', async () => {
    const slug = 'delivery-options-and-times';
    const { page, problems } = await visit(`/kb/${slug}?lang=en`);
    const article = await api<ArticleJson>(`/api/kb/articles/${slug}`);
    expect(await page.locator('h1').textContent()).to.equal(article.title);
    expect(await page.locator('.prose h2').count()).to.be.greaterThan(0);
    expect(await page.locator('.prose li').count()).to.be.greaterThan(0);
    expect(await page.locator('.prose table').count()).to.equal(1);
    expect(await page.getAttribute('.breadcrumb a >> nth=1', 'href')).to.equal('/kb?category=delivery&lang=en');
    expect(await page.locator('.breadcrumb a').nth(1).textContent()).to.equal('Delivery');
    expect(await page.getAttribute('.article time', 'datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(await page.getAttribute('meta[name="description"]', 'content')).to.match(/^We offer several delivery methods/);
    expect(await page.getAttribute('link[rel="canonical"]', 'href')).to.equal(`${server.server.ctx.config.publicUrl}/kb/${slug}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `portal-article-en-${database.name}.png`), fullPage: true });

    // Three related articles, all public ones of the same category and language.
    const related = await page.locator('.related a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(related).to.have.length(3);
    for (const href of related) {
      const other = await api<ArticleJson>(`/api/kb/articles/${href.replace(/^\/kb\/|\?.*$/g, '')}`);
      expect(other).to.include({ category: 'delivery', locale: 'en', visibility: 'public' });
      expect(other.slug).not.to.equal(slug);
    }

    const vote = async (name: string) => {
      const answered = page.waitForResponse((response) => response.url().endsWith(`/api/kb/articles/${article.id}/feedback`) && response.request().method() === 'POST');
      await page.locator('.feedback').getByRole('button', { name, exact: true }).click();
      const response = await answered;
      expect(response.status()).to.equal(200);
      await page.locator('[data-feedback][data-voted]').waitFor();
      return (await response.json()) as { helpful: { yes: number; no: number } };
    };
    expect(await page.getByText('Thanks for your feedback!').isVisible()).to.equal(false);
    expect((await vote('Yes')).helpful).to.deep.equal({ yes: 1, no: 0 });
    expect(await page.getByText('Thanks for your feedback!').isVisible()).to.equal(true);
    expect((await api<ArticleJson>(`/api/kb/articles/${slug}`)).helpful).to.deep.equal({ yes: 1, no: 0 });
    expect(await page.evaluate(() => localStorage.getItem('hd_kb_voter'))).to.have.length.greaterThanOrEqual(16);

    // Clicking again, or after a reload, does not count twice; the earlier answer is remembered.
    expect((await vote('Yes')).helpful).to.deep.equal({ yes: 1, no: 0 });
    await page.reload();
    expect(await page.locator('.feedback').getByRole('button', { name: 'Yes', exact: true }).getAttribute('aria-pressed')).to.equal('true');
    expect(await page.getByText('Thanks for your feedback!').isVisible()).to.equal(true);
    expect((await vote('Yes')).helpful).to.deep.equal({ yes: 1, no: 0 });
    expect((await api<ArticleJson>(`/api/kb/articles/${slug}`)).helpful).to.deep.equal({ yes: 1, no: 0 });
    // Changing one's mind moves the vote.
    expect((await vote('No')).helpful).to.deep.equal({ yes: 0, no: 1 });
    expect(problems).to.deep.equal([]);
  });

  it("shows a Chinese article in Chinese, with <html lang> from the article", async () => {
    const { page } = await visit('/kb/zh-refund-timelines-and-status', { locale: 'en-US' });
    expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
    expect(await page.locator('h1').textContent()).to.equal('退款多久到账？如何查询退款进度');
    expect(await page.locator('#feedback-title').textContent()).to.equal('这篇文章对您有帮助吗？');
    expect(await page.locator('.breadcrumb a').nth(1).textContent()).to.equal('退款');
    await page.screenshot({ path: path.join(SCREENSHOTS, `portal-article-zh-CN-${database.name}.png`), fullPage: true });
    // The reader may ask for English words around it; the article keeps its language.
    const english = await visit('/kb/zh-refund-timelines-and-status?lang=en');
    expect(await english.page.getAttribute('html', 'lang')).to.equal('zh-CN');
    expect(await english.page.locator('#feedback-title').textContent()).to.equal('Was this article helpful?');
  });

  it('keeps internal articles out: 404 by slug, never in search', async () => {
    const { data } = await server.request<{ data: ArticleJson[] }>('GET', '/api/kb/articles?limit=100', { token: await server.login() }).then((r) => r.body);
    const internal = data.filter((article) => article.visibility === 'internal');
    expect(internal.length).to.be.greaterThan(0);
    for (const article of internal) {
      const { page, response } = await visit(`/kb/${article.slug}?lang=${article.locale}`);
      expect(response.status()).to.equal(404);
      await page.getByTestId('not-found').waitFor();
      expect(await page.locator('.site-header .brand-name').textContent()).to.equal('Acme Shop');
      expect(await page.locator('body').innerText()).not.to.contain(article.title);
    }
    for (const [q, lang] of [['chargeback dispute', 'en'], ['lost parcel courier', 'en'], ['拒付', 'zh-CN'], ['丢件 理赔', 'zh-CN']]) {
      const response = await fetch(`${server.url}/kb/search?q=${encodeURIComponent(q)}&lang=${lang}`);
      const html = await response.text();
      for (const article of internal) expect(html).not.to.contain(article.title);
    }
    expect((await visit('/kb/no-such-article')).response.status()).to.equal(404);
  });

  it('escapes the echoed search query: no script runs', async () => {
    const attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const { page, dialogs, problems } = await visit(`/kb/search?q=${encodeURIComponent(attack)}&lang=en`);
    expect(await page.locator('input[name="q"]').inputValue()).to.equal(attack);
    expect(await page.locator('h1').textContent()).to.equal(`Search: ${attack}`);
    expect(await page.locator('main img').count()).to.equal(0);
    const html = await (await fetch(`${server.url}/kb/search?q=${encodeURIComponent(attack)}&lang=en`)).text();
    expect(html).not.to.contain('<script>alert(1)</script>');
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dialogs).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('renders an article with hostile Markdown safely', async () => {
    const token = await server.login();
    const created = await server.request<ArticleJson>('POST', '/api/kb/articles', {
      token,
      body: {
        title: 'Gift cards <b>and</b> "vouchers"',
        body: '## Using a gift card\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n- Enter the code at checkout\n- One card per order\n\n[click](javascript:alert(3))',
        category: 'payments',
        keywords: ['gift card', 'voucher'],
        visibility: 'public',
        locale: 'en',
      },
    });
    expect(created.status).to.equal(201);
    const { page, dialogs, problems } = await visit(`/kb/${created.body.slug}`);
    expect(await page.locator('h1').textContent()).to.equal('Gift cards <b>and</b> "vouchers"');
    expect(await page.locator('.prose h2').textContent()).to.equal('Using a gift card');
    expect(await page.locator('.prose li').count()).to.equal(2);
    expect(await page.locator('.prose script, .prose [onerror], .prose a[href^="javascript"]').count()).to.equal(0);
    // The new article is listed and found, its title escaped there too.
    const search = await visit('/kb/search?q=gift%20card&lang=en');
    expect(await search.page.locator('a.result-title').first().textContent()).to.equal('Gift cards <b>and</b> "vouchers"');
    const front = await visit('/kb?lang=en');
    expect(await texts(front.page, '[data-category="payments"] .card-articles a')).to.include('Gift cards <b>and</b> "vouchers"');
    expect([...dialogs, ...search.dialogs, ...front.dialogs]).to.deep.equal([]);
    expect([...problems, ...search.problems, ...front.problems]).to.deep.equal([]);
  });

  it('fits a phone screen: no sideways scrolling, one column, large tap targets', async () => {
    const phone = { width: 375, height: 740 };
    for (const urlPath of ['/kb?lang=en', '/kb?lang=zh-CN', '/kb/delivery-options-and-times', '/kb/zh-refund-timelines-and-status', '/kb/search?q=refund&lang=en', '/kb?category=returns&lang=en', '/kb/no-such-article']) {
      const { page } = await visit(urlPath, { viewport: phone });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), urlPath).to.be.at.most(375);
    }
    const { page } = await visit('/kb?lang=en', { viewport: phone });
    const lefts = await page.locator('[data-testid="category"]').evaluateAll((cards) => cards.map((card) => Math.round(card.getBoundingClientRect().left)));
    expect(new Set(lefts).size).to.equal(1);
    const heights = await page.locator('.card-articles a, .btn, .lang-switch').evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height));
    expect(Math.min(...heights)).to.be.at.least(44);
    await page.screenshot({ path: path.join(SCREENSHOTS, `portal-front-phone-${database.name}.png`), fullPage: true });
  });

  it('opens the chat widget from "Start a chat"', async () => {
    const { page } = await visit('/kb?lang=en');
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('dialog', { name: 'Customer service' }).waitFor();
  });
});
