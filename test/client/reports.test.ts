/**
 * The reports page (`#/reports`) in Chromium against the real server: one bar per day for the
 * chosen range with the day's count, switching the range or channel fetches again, the CSV link
 * downloads the section, the browser's time zone is the default and a bad one is explained, and
 * the page in Chinese and at phone width (screenshots).
 */
import { expect } from 'chai';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { Alert } from '../../server/models/Alert';
import { Survey } from '../../server/models/Survey';
import { Ticket, type Channel } from '../../server/models/Ticket';
import { describeEachDatabase } from '../helpers/databases';
import { useConsoleSession } from '../helpers/consoleSession';
import { ADMIN } from '../helpers/server';

const DAY = 86_400_000;
/** The UTC date `offset` days from today. */
const utcDay = (offset = 0) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describeEachDatabase('reports page (Chromium)', (database) => {
  const session = useConsoleSession(database, 'reports');

  before(async () => {
    // Two tickets yesterday (web, chat), one three days ago (email), one 40 days ago (web), at noon UTC.
    const open = async (channel: Channel, daysAgo: number, category: string | null) => {
      const created = await session.server.request<{ id: number }>('POST', '/api/tickets', { token: session.token, body: { subject: `Report ${channel} ${daysAgo}`, body: 'Hello', customer: { email: `r-${channel}-${daysAgo}@c.test` } } });
      expect(created.status).to.equal(201);
      await Ticket.update({ channel, category, createdAt: new Date(`${utcDay(-daysAgo)}T12:00:00Z`) }, { where: { id: created.body.id }, silent: true });
      return created.body.id;
    };
    const answered = await open('web', 1, 'complaint');
    await open('chat', 1, 'question');
    await open('email', 3, 'complaint');
    await open('web', 40, null);
    // Yesterday's web ticket is answered and solved now (today), with an alert and a rating yesterday.
    expect((await session.server.request('POST', `/api/tickets/${answered}/messages`, { token: session.token, body: { body: 'Sorted.' } })).status).to.equal(201);
    expect((await session.server.request('PATCH', `/api/tickets/${answered}`, { token: session.token, body: { status: 'solved' } })).status).to.equal(200);
    await Alert.create({ ticketId: answered, waitSeq: 1, kind: 'overdue', raisedAt: new Date(`${utcDay(-1)}T18:00:00Z`), dueAt: null, assigneeId: null, groupId: null });
    // Round 9: the solve's own (unanswered) survey is round 1.
    await Survey.create({ ticketId: answered, round: 9, agentId: null, category: null, channel: 'email', tokenHash: 'f'.repeat(64), sentAt: new Date(), rating: 4, answeredAt: new Date(`${utcDay(-1)}T20:00:00Z`) });
  });

  /** A page in the given zone (and size/language), logged in, showing the reports page. */
  async function openReports(options: { timezoneId?: string; viewport?: { width: number; height: number }; locale?: string } = {}): Promise<Page> {
    const page = await session.newPage({ locale: options.locale ?? 'en-US', timezoneId: options.timezoneId ?? 'UTC', viewport: options.viewport ?? { width: 1280, height: 900 } });
    await page.goto(session.server.url);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="logout"]').waitFor();
    await page.goto(`${session.server.url}/#/reports`);
    await page.locator('[data-testid="report-body"]').waitFor();
    return page;
  }
  const bars = (page: Page, chart: string) => page.locator(`[data-testid="${chart}"] [data-testid="chart-bar"]`);
  const barTotal = async (page: Page, chart: string, day: string) => Number(await page.locator(`[data-testid="${chart}"] [data-testid="chart-bar"][data-label="${day}"]`).getAttribute('data-total'));
  /** Waits for the report of this range (the page re-renders once the answer arrives). */
  const shownRange = (page: Page, from: string, to: string) =>
    page.waitForFunction(([f, t]) => {
      const body = document.querySelector('[data-testid="report-body"]');
      return body?.getAttribute('data-from') === f && body?.getAttribute('data-to') === t;
    }, [from, to] as const);

  it('draws one bar per day with the day’s tickets, and fetches again when the range or channel changes', async () => {
    const page = await openReports();
    // Last 30 days by default, ending today.
    await shownRange(page, utcDay(-29), utcDay(1));
    expect(await bars(page, 'chart-in').count()).to.equal(30);
    expect(await bars(page, 'chart-alerts').count()).to.equal(30);
    expect(await barTotal(page, 'chart-in', utcDay(-1))).to.equal(2);
    expect(await barTotal(page, 'chart-in', utcDay(-3))).to.equal(1);
    expect(await barTotal(page, 'chart-in', utcDay(0))).to.equal(0);
    expect(await page.locator('[data-testid="big-in"] .big-number-value').textContent()).to.equal('3');
    // Yesterday's column: a web and a chat segment, and a tooltip naming both.
    const yesterday = page.locator(`[data-testid="chart-in"] [data-testid="chart-bar"][data-label="${utcDay(-1)}"]`);
    expect(await yesterday.locator('rect:not([fill="transparent"])').count()).to.equal(2);
    expect(await yesterday.locator('title').textContent()).to.contain('Web: 1').and.contain('Chat: 1');
    // Answered and solved today: one point per series (median, p90) on today's date.
    expect(await page.locator('[data-testid="big-out"] .big-number-value').textContent()).to.equal('1');
    expect(await page.locator('[data-testid="chart-frt"] [data-testid="chart-point"]').count()).to.equal(2);
    expect(await page.locator(`[data-testid="chart-resolution"] [data-testid="chart-point"][data-label="${utcDay(0)}"]`).count()).to.equal(2);
    expect(await barTotal(page, 'chart-alerts', utcDay(-1))).to.equal(1);
    expect(await page.locator(`[data-testid="chart-csat"] [data-testid="chart-point"][data-label="${utcDay(-1)}"]`).getAttribute('data-value')).to.equal('4');
    // Categories: complaint yesterday and three days ago, question yesterday.
    expect(await barTotal(page, 'chart-categories', utcDay(-1))).to.equal(2);
    // Charts are images with a name, and their numbers are in a table for screen readers.
    expect(await page.locator('[data-testid="chart-in"] svg').getAttribute('role')).to.equal('img');
    expect(await page.locator('[data-testid="chart-in"] svg').getAttribute('aria-label')).to.contain('3');
    expect(await page.locator('[data-testid="chart-in"] div.visually-hidden table tbody tr').count()).to.equal(30);
    await session.shot('overview-30', page);

    await page.click('[data-testid="preset-7"]');
    await shownRange(page, utcDay(-6), utcDay(1));
    expect(await bars(page, 'chart-in').count()).to.equal(7);
    expect(await page.getAttribute('[data-testid="preset-7"]', 'aria-pressed')).to.equal('true');

    await page.click('[data-testid="preset-90"]');
    await shownRange(page, utcDay(-89), utcDay(1));
    expect(await bars(page, 'chart-in').count()).to.equal(90);
    expect(await page.locator('[data-testid="big-in"] .big-number-value').textContent()).to.equal('4');

    // A custom range: 5 days ending yesterday.
    await page.fill('input[name="from"]', utcDay(-5));
    await page.fill('input[name="to"]', utcDay(-1));
    await shownRange(page, utcDay(-5), utcDay(0));
    expect(await bars(page, 'chart-in').count()).to.equal(5);
    expect(await page.getAttribute('[data-testid="preset-7"]', 'aria-pressed')).to.equal('false');

    await page.selectOption('select[name="channel"]', 'chat');
    await page.waitForFunction(() => document.querySelector('[data-testid="report-body"]')?.getAttribute('data-channel') === 'chat');
    expect(await page.locator('[data-testid="big-in"] .big-number-value').textContent()).to.equal('1');
    await session.shot('custom-chat', page);
  });

  it('downloads each section as CSV through its link', async () => {
    const page = await openReports();
    await page.click('[data-testid="preset-7"]');
    await shownRange(page, utcDay(-6), utcDay(1));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="csv-volume"]')]);
    expect(download.suggestedFilename()).to.equal(`volume-${utcDay(-6)}-${utcDay(1)}.csv`);
    const bytes = fs.readFileSync((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).to.equal('day,created_email,created_chat,created_web,created_total,solved_email,solved_chat,solved_web,solved_total');
    expect(lines).to.have.length(8);
    expect(lines).to.include(`${utcDay(-1)},0,1,1,2,0,0,0,0`);
    expect(lines).to.include(`${utcDay(0)},0,0,0,0,0,0,1,1`);
    const categories = new URL((await page.getAttribute('[data-testid="csv-categories"]', 'href')) as string, session.server.url);
    expect(Object.fromEntries(categories.searchParams)).to.deep.equal({ from: utcDay(-6), to: utcDay(1), tz: 'UTC', section: 'categories', lang: 'en' });
  });

  it('counts days in the browser’s time zone by default, and explains an unknown zone', async () => {
    const page = await openReports({ timezoneId: 'Asia/Shanghai' });
    expect(await page.inputValue('input[name="tz"]')).to.equal('Asia/Shanghai');
    await page.waitForFunction(() => document.querySelector('[data-testid="report-body"]')?.getAttribute('data-tz') === 'Asia/Shanghai');
    await page.fill('input[name="tz"]', 'Mars/Olympus_Mons');
    await page.press('input[name="tz"]', 'Enter');
    await page.locator('.reports-page [role="alert"]').waitFor();
    expect(await page.locator('.reports-page [role="alert"]').textContent()).to.contain('time zone');
    await page.fill('input[name="tz"]', 'UTC');
    await page.press('input[name="tz"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="report-body"]')?.getAttribute('data-tz') === 'UTC' && !document.querySelector('.reports-page [role="alert"]'));
  });

  it('reads in Chinese and fits a phone screen', async () => {
    const page = await openReports();
    await page.click('[data-testid="locale-switch"]');
    await page.locator('h1', { hasText: '报表' }).waitFor();
    await page.locator('figcaption', { hasText: '每日新建工单（按渠道）' }).waitFor();
    expect(await page.locator('[data-testid="preset-7"]').textContent()).to.equal('最近 7 天');
    await session.shot('zh-CN', page);

    const phone = await openReports({ viewport: { width: 390, height: 844 } });
    expect(await bars(phone, 'chart-in').count()).to.equal(30);
    // Nothing wider than the screen: no sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await session.shot('phone', phone);
  });
});
