/**
 * The setup every console browser test shares: a real server and Chromium for the suite, a fresh
 * page per test that fails the test on any error thrown in the page, screenshots into
 * test/screenshots/ (ignored by git), and logging in through the login form.
 *
 *   describeEachDatabase('inbox views (Chromium)', (database) => {
 *     const session = useConsoleSession(database, 'inbox');
 *     it('...', async () => {
 *       await session.logIn();
 *       await session.page.click(...);
 *       await session.shot('after-click');
 *     });
 *   });
 *
 * Call it inside a describe block: it registers that block's before/after hooks.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import type { TestDatabase } from './databases';
import { ADMIN, startTestServer, type TestServer } from './server';

export const screenshotsDir = path.resolve('test/screenshots');

export interface ConsoleSession {
  server: TestServer;
  browser: Browser;
  /** The current test's page (a new one for every test). */
  page: Page;
  /** The admin's API token, for arranging data through the API. */
  token: string;
  /** Opens the console and logs in through the form; waits until the top bar is shown. */
  logIn(email?: string, password?: string): Promise<void>;
  /** Opens a new page with other options (phone width, another locale); it is closed after the test. */
  newPage(options: BrowserContextOptions): Promise<Page>;
  /** A full-page screenshot of the current page as test/screenshots/<prefix>-<database>-<name>.png. */
  shot(name: string, target?: Page): Promise<void>;
}

export function useConsoleSession(
  database: TestDatabase,
  prefix: string,
  /** `env` may be a function, run in the suite's before hook (e.g. to start an SMTP sink first). */
  options: { env?: Record<string, string> | (() => Promise<Record<string, string>>); locale?: string; viewport?: { width: number; height: number } } = {},
): ConsoleSession {
  const extraPages: Page[] = [];
  let pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(error.message));

  const session = {
    async logIn(email = ADMIN.email, password = ADMIN.password) {
      await session.page.goto(session.server.url);
      await session.page.fill('input[name="email"]', email);
      await session.page.fill('input[name="password"]', password);
      await session.page.click('[data-testid="login-submit"]');
      await session.page.locator('[data-testid="logout"]').waitFor();
    },
    async newPage(contextOptions: BrowserContextOptions) {
      const page = await session.browser.newPage(contextOptions);
      watch(page);
      extraPages.push(page);
      return page;
    },
    async shot(name: string, target?: Page) {
      await (target ?? session.page).screenshot({ path: path.join(screenshotsDir, `${prefix}-${database.name}-${name}.png`), fullPage: true });
    },
  } as ConsoleSession;

  before(async () => {
    const env = typeof options.env === 'function' ? await options.env() : options.env;
    [session.server, session.browser] = await Promise.all([startTestServer(database, env), launchBrowser()]);
    session.token = await session.server.login();
    fs.mkdirSync(screenshotsDir, { recursive: true });
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  beforeEach(async () => {
    pageErrors = [];
    session.page = await session.browser.newPage({ locale: options.locale ?? 'en-US', viewport: options.viewport ?? { width: 1280, height: 900 } });
    watch(session.page);
  });
  afterEach(async function () {
    // A failed browser test leaves a screenshot and the page's error messages, for CI logs.
    if (this.currentTest?.state === 'failed') {
      const title = (this.currentTest.title ?? 'test').replace(/[^\w-]+/g, '-').slice(0, 80);
      const open = [session.page, ...extraPages].filter((page) => page && !page.isClosed() && page.url() !== 'about:blank');
      for (const [i, page] of open.entries()) {
        const name = `FAILED-${prefix}-${database.name}-${title}${i ? `-${i}` : ''}`;
        await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true }).catch(() => undefined);
        const alerts = await page.locator('[role="alert"]').allTextContents().catch(() => []);
        console.log(`    [${name}] url ${page.url()}; alerts: ${JSON.stringify(alerts)}; page errors: ${JSON.stringify(pageErrors)}`);
      }
    }
    await Promise.all([session.page, ...extraPages.splice(0)].map((page) => page?.close()));
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });
  return session;
}
