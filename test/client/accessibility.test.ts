/**
 * Every page of the console, audited in Chromium in both languages at desktop and phone width:
 * names on controls, alt text, unique ids, WCAG AA text contrast, nothing wider than the screen
 * (see test/helpers/a11y.ts), and a keyboard user can reach the main controls with Tab.
 */
import { expect } from 'chai';
import { Purchase } from '../../server/models/Purchase';
import { auditAccessibility } from '../helpers/a11y';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';

interface TicketJson {
  id: number;
  customerId: number;
}

const pages: Array<{ name: string; hash: string; ready: string }> = [
  { name: 'inbox', hash: '#/tickets', ready: '[data-testid="ticket-row"]' },
  { name: 'ticket', hash: '#/tickets/{ticket}', ready: '[data-testid="reply-body"]' },
  { name: 'customers', hash: '#/customers', ready: '[data-testid="customer-row"]' },
  { name: 'customer-profile', hash: '#/customers/{customer}', ready: '[data-testid="history-item"][data-kind="purchase"]' },
  { name: 'templates', hash: '#/admin/templates', ready: 'main h2, main h1' },
  { name: 'knowledge', hash: '#/kb', ready: 'main h2, main h1' },
  { name: 'feedback-report', hash: '#/reports/feedback', ready: 'main h2, main h1' },
  { name: 'customer-data', hash: '#/admin/customers-data', ready: 'main h2, main h1' },
  { name: 'ticket-history', hash: '#/tickets/{ticket}', ready: '[data-testid="reply-body"]' },
  { name: 'search', hash: '#/search?q=parcel', ready: '[data-testid="search-message"]' },
  { name: 'reports', hash: '#/reports', ready: '[data-testid="report-body"] svg' },
  ...['agents', 'groups', 'roles', 'mailboxes', 'widget', 'alerts', 'categories'].map((tab) => ({ name: `settings-${tab}`, hash: `#/admin/settings/${tab}`, ready: `[data-testid="settings-${tab}"] :is(input, select, table, button)` })),
];

describeEachDatabase('console accessibility and phone width (Chromium)', (database) => {
  const session = useConsoleSession(database, 'a11y');
  let ticket: TicketJson;

  before(async () => {
    const response = await session.server.request<TicketJson>('POST', '/api/tickets', {
      token: session.token,
      body: { subject: 'My order 8812 has not arrived / 订单未到', body: 'Where is my parcel? 我的包裹在哪里？', customer: { email: 'a11y@example.test', name: 'Lin' } },
    });
    expect(response.status).to.equal(201);
    ticket = response.body;
    // A purchase, so the profile's timeline shows one among the messages.
    await Purchase.create({ customerId: ticket.customerId, orderRef: 'A11Y-1', product: 'Kettle 电水壶', amount: '39.90', currency: 'CNY', purchasedAt: new Date() });
  });

  for (const viewport of [
    { label: 'desktop', width: 1280, height: 900 },
    { label: 'phone', width: 390, height: 844 },
  ]) {
    for (const locale of ['en-US', 'zh-CN']) {
      it(`has no accessibility problems on any page (${viewport.label}, ${locale})`, async () => {
        const page = await session.newPage({ locale, viewport: { width: viewport.width, height: viewport.height } });
        session.page = page;
        await session.logIn();
        const problems: string[] = [];
        for (const target of pages) {
          await page.goto(`${session.server.url}/${target.hash.replace('{ticket}', String(ticket.id)).replace('{customer}', String(ticket.customerId))}`);
          await page.locator(target.ready).first().waitFor();
          if (target.name === 'ticket-history') {
            await page.click('[data-testid="tab-history"]');
            await page.locator('[data-testid="tab-history"][aria-selected="true"], [data-testid="tab-history"].active').first().waitFor();
          }
          problems.push(...(await auditAccessibility(page)).map((problem) => `${target.name}: ${problem}`));
          if (locale === 'zh-CN' || viewport.label === 'phone') await session.shot(`${target.name}-${viewport.label}-${locale}`, page);
        }
        expect(problems).to.deep.equal([]);
      });
    }
  }

  it('lets a keyboard user reach the top bar, the list and a ticket with Tab, with the focus always visible', async () => {
    const { page } = session;
    await session.logIn();
    await page.locator('[data-testid="ticket-row"]').first().waitFor();
    const stops: Array<{ text: string; ticketRow: boolean; outline: string }> = [];
    for (let i = 0; i < 60 && !stops.some((stop) => stop.ticketRow); i += 1) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          return { text: (el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || el.tagName).trim().slice(0, 40), ticketRow: el.closest('[data-testid="ticket-row"]') !== null, outline: `${style.outlineStyle} ${style.outlineWidth}` };
        }),
      );
    }
    expect(stops.map((stop) => stop.text)).to.include('Tickets');
    expect(stops.some((stop) => stop.ticketRow), `Tab stops: ${stops.map((stop) => stop.text).join(' | ')}`).to.equal(true);
    for (const stop of stops) expect(stop.outline, `focus ring on "${stop.text}"`).to.not.match(/^none|0px$/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="reply-body"]').waitFor();
  });
});
