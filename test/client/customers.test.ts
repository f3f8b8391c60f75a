/**
 * Customers in the console, in Chromium against the real server: the panel beside a ticket with
 * the customer's history across tickets, private fields shown to an admin and withheld from a
 * plain agent, editing a profile, and merging two customers from the customers page, then undoing it.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import { ADMIN, type TestServer } from '../helpers/server';
import { buildAgent } from '../factories';


interface TicketJson {
  id: number;
  number: number;
  customerId: number;
}
interface CustomerJson {
  id: number;
  name: string | null;
  emails: string[];
  organisation: string | null;
  tags: string[];
  customFields: Record<string, string>;
  mergedIntoId: number | null;
  restricted: Record<string, unknown> | null;
}

const SECRETS = { homeAddress: '12 Harbour Road, Leith', income: '85,000 EUR', householdSize: 3, birthday: '1988-04-12' };

describeEachDatabase('customers in the console (Chromium)', (database) => {
  const session = useConsoleSession(database, 'customers');
  const shot = (name: string) => session.shot(name);
  const logIn = (email: string, password: string) => session.logIn(email, password);
  // This test's page and the suite's server, by their short names (the session sets them up).
  let server: TestServer;
  let page: Page;
  let token: string;
  beforeEach(() => ({ server, page, token } = session));


  async function createTicket(subject: string, body: string, customer: { email: string; name: string }): Promise<TicketJson> {
    const response = await server.request<TicketJson>('POST', '/api/tickets', { token, body: { subject, body, customer } });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  }

  /** Waits until the customers list shows exactly these customers (a search answers after a pause). */
  async function listShows(ids: number[]): Promise<void> {
    await page.waitForFunction(
      (expected) => [...document.querySelectorAll('[data-testid="customer-row"]')].map((row) => Number(row.getAttribute('data-customer-id'))).sort().join() === expected,
      [...ids].sort().join(),
    );
  }

  async function getCustomer(id: number): Promise<CustomerJson> {
    const response = await server.request<CustomerJson>('GET', `/api/customers/${id}`, { token });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body;
  }

  async function patchCustomer(id: number, changes: object): Promise<void> {
    const response = await server.request('PATCH', `/api/customers/${id}`, { token, body: changes });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
  }

  it('shows the customer beside a ticket with the history of all their tickets, and the private fields an admin set', async () => {
    const first = await createTicket('Parcel missing', 'My parcel from order 5521 never arrived.\nPlease check the courier.', { email: 'mia@customer.test', name: 'Mia Chen' });
    const second = await createTicket('Invoice copy', 'Could you send me a copy of invoice 88?', { email: 'mia@customer.test', name: 'Mia Chen' });
    expect(second.customerId).to.equal(first.customerId);

    await logIn(ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/#/tickets/${first.id}`);
    const panel = page.locator('[data-testid="customer-panel"]');
    await panel.locator('[data-testid="customer-name"]').waitFor();
    expect(await panel.locator('[data-testid="customer-name"]').textContent()).to.equal('Mia Chen');
    expect(await panel.locator('[data-testid="customer-email"]').allTextContents()).to.deep.equal(['mia@customer.test']);
    expect(await panel.locator('[data-testid="customer-ticket-count"]').textContent()).to.equal('2');
    expect(await panel.locator('[data-testid="open-customer"]').getAttribute('href')).to.equal(`#/customers/${first.customerId}`);

    // Both tickets' messages, newest first, each linking to its ticket and showing its first line only.
    const messages = panel.locator('[data-testid="history-item"][data-kind="message"]');
    await messages.nth(1).waitFor();
    expect(await messages.count()).to.equal(2);
    const texts = await messages.locator('.timeline-text').allTextContents();
    expect(texts[0]).to.contain('Could you send me a copy of invoice 88?');
    expect(texts[1]).to.contain('My parcel from order 5521 never arrived.').and.not.contain('Please check the courier');
    expect(await messages.nth(0).locator(`a[href="#/tickets/${second.id}"]`).textContent()).to.contain(`#${second.number}`);
    expect(await messages.nth(1).locator(`a[href="#/tickets/${first.id}"]`).textContent()).to.contain(`#${first.number}`);
    expect(await messages.nth(0).locator('.timeline-meta').textContent()).to.contain('Web');

    // An admin sees the private fields, empty so far.
    expect(await panel.locator('[data-testid="restricted-homeAddress"] dd').textContent()).to.equal('not set');
    expect(await panel.locator('[data-testid="restricted-hidden"]').count()).to.equal(0);

    await patchCustomer(first.customerId, { restricted: SECRETS, organisation: 'Harbour Books', tags: ['vip'] });
    await page.reload();
    await panel.locator('[data-testid="restricted"]').waitFor();
    expect(await panel.locator('[data-testid="restricted-homeAddress"] dd').textContent()).to.equal(SECRETS.homeAddress);
    expect(await panel.locator('[data-testid="restricted-income"] dd').textContent()).to.equal(SECRETS.income);
    expect(await panel.locator('[data-testid="restricted-householdSize"] dd').textContent()).to.equal('3');
    expect(await panel.locator('[data-testid="restricted-birthday"] dd').textContent()).to.contain('1988');
    expect(await panel.locator('[data-testid="customer-organisation"]').textContent()).to.equal('Harbour Books');
    expect(await panel.locator('.chip').allTextContents()).to.deep.equal(['vip']);

    // A reply sent from the ticket joins the timeline at the top.
    await page.fill('[data-testid="reply-body"]', 'The courier has it: it arrives tomorrow.');
    await page.click('[data-testid="send-reply"]');
    await messages.first().filter({ hasText: 'The courier has it: it arrives tomorrow.' }).waitFor();
    expect(await messages.count()).to.equal(3);
    await shot('panel-admin');

    // At phone width the panel follows the conversation, and nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const lastMessage = await page.locator('[data-testid="message"]').last().boundingBox();
    const panelBox = await panel.boundingBox();
    expect(panelBox!.y).to.be.greaterThan(lastMessage!.y + lastMessage!.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).to.equal(true);
    await panel.scrollIntoViewIfNeeded();
    await shot('panel-phone');
  });

  it('withholds private fields from a plain agent: a "hidden" line, and the values nowhere in the page', async () => {
    const ticket = await createTicket('Change my address', 'I moved, please update my details.', { email: 'noor@customer.test', name: 'Noor Haddad' });
    await patchCustomer(ticket.customerId, { restricted: SECRETS });
    const agent = await buildAgent(server.server.ctx, { role: 'agent', name: 'Plain Agent' });
    const customerResponses: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/customers')) void response.text().then((text) => customerResponses.push(text), () => undefined);
    });

    await logIn(agent.email, agent.password);
    await page.goto(`${server.url}/#/tickets/${ticket.id}`);
    const panel = page.locator('[data-testid="customer-panel"]');
    await panel.locator('[data-testid="customer-name"]').waitFor();
    expect(await panel.locator('[data-testid="customer-name"]').textContent()).to.equal('Noor Haddad');
    expect(await panel.locator('[data-testid="restricted-hidden"]').textContent()).to.equal('Private fields hidden for your role');
    expect(await panel.locator('[data-testid="restricted"]').count()).to.equal(0);
    await panel.locator('[data-testid="history-item"][data-kind="message"]').first().waitFor();
    await shot('panel-agent');

    const secretTexts = [SECRETS.homeAddress, SECRETS.income, SECRETS.birthday, 'Harbour Road'];
    const assertNoSecrets = async () => {
      const html = await page.content();
      const text = await page.evaluate(() => document.body.innerText);
      for (const secret of secretTexts) {
        expect(text, 'page text').not.to.contain(secret);
        expect(html, 'page HTML').not.to.contain(secret);
      }
    };
    await assertNoSecrets();

    // The profile page: no editor for the private fields either.
    await panel.locator('[data-testid="open-customer"]').click();
    await page.locator('[data-testid="customer-editor"]').waitFor();
    expect(await page.locator('[data-testid="customer-title"]').textContent()).to.equal('Noor Haddad');
    expect(await page.locator('[data-testid="restricted-editor"]').count()).to.equal(0);
    await page.locator('[data-testid="restricted-hidden"]').waitFor();
    await assertNoSecrets();

    // In Chinese too.
    await page.click('[data-testid="locale-switch"]');
    expect(await page.locator('[data-testid="restricted-hidden"]').textContent()).to.equal('您的角色无权查看隐私信息');
    await shot('profile-agent-zh');

    // Nothing the server sent to this page carried them.
    expect(customerResponses.length).to.be.greaterThan(0);
    for (const body of customerResponses) for (const secret of secretTexts) expect(body).not.to.contain(secret);
  });

  it('edits a profile from the customers page', async () => {
    const ticket = await createTicket('Bulk order', 'We want to order 40 chairs.', { email: 'lee@office.test', name: 'Lee Park' });
    await logIn(ADMIN.email, ADMIN.password);
    await page.click('[data-testid="nav-customers"]');
    await page.fill('[data-testid="customer-search"]', 'office.test');
    await listShows([ticket.customerId]);
    await page.locator(`[data-testid="customer-row"][data-customer-id="${ticket.customerId}"] a`).click();

    const editor = page.locator('[data-testid="customer-editor"]');
    await editor.waitFor();
    await editor.getByLabel('Organisation').fill('Park & Sons');
    await editor.getByLabel('Tags (comma-separated)').fill('wholesale, 优先');
    await editor.getByLabel('Preferred language').selectOption('zh-CN');
    await editor.getByLabel('Notes').fill('Prefers phone calls.');
    await page.click('[data-testid="custom-field-add"]');
    await editor.getByLabel('Field name').fill('Account');
    await editor.getByLabel('Value', { exact: true }).fill('A-1042');
    await page.click('[data-testid="customer-save"]');
    await editor.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const stored = await getCustomer(ticket.customerId);
    expect(stored.organisation).to.equal('Park & Sons');
    expect(stored.tags).to.deep.equal(['wholesale', '优先']);
    expect(stored.customFields).to.deep.equal({ Account: 'A-1042' });
    expect(stored.name).to.equal('Lee Park');

    // An admin edits the private fields here too.
    const restricted = page.locator('[data-testid="restricted-editor"]');
    await restricted.getByLabel('Household size').fill('4');
    await page.click('[data-testid="restricted-save"]');
    await restricted.getByRole('status').waitFor();
    expect((await getCustomer(ticket.customerId)).restricted).to.deep.include({ householdSize: 4, homeAddress: null });
    await shot('profile-admin');
  });

  it('merges two customers from the customers page and undoes the merge', async () => {
    const home = await createTicket('Broken zip', 'The zip on my jacket broke on day one.', { email: 'sam@home.test', name: 'Sam Okafor' });
    const work = await createTicket('Company account', 'Please open a company account for us.', { email: 'sam.okafor@work.test', name: 'S. Okafor' });
    expect(work.customerId).not.to.equal(home.customerId);

    await logIn(ADMIN.email, ADMIN.password);
    await page.click('[data-testid="nav-customers"]');
    await page.fill('[data-testid="customer-search"]', 'Okafor');
    await listShows([home.customerId, work.customerId]);
    await page.locator(`[data-testid="customer-row"][data-customer-id="${home.customerId}"] a`).click();
    await page.locator('[data-testid="customer-title"]', { hasText: 'Sam Okafor' }).waitFor();

    await page.fill('[data-testid="merge-search"]', 'work.test');
    const candidate = page.locator(`[data-testid="merge-candidate"][data-customer-id="${work.customerId}"]`);
    await candidate.waitFor();
    await candidate.getByRole('button', { name: 'Choose S. Okafor' }).click();
    expect(await page.locator('[data-testid="merge-question"]').textContent()).to.equal('Merge S. Okafor into Sam Okafor?');
    await page.click('[data-testid="merge-confirm"]');
    await page.locator('[data-testid="merge-notice"]', { hasText: 'S. Okafor was merged into this customer.' }).waitFor();

    // The profile now has both addresses and both tickets' history; the server agrees.
    const emails = page.locator('.profile-main [data-testid="customer-email"]');
    await emails.nth(1).waitFor();
    expect((await emails.allTextContents()).sort()).to.deep.equal(['sam.okafor@work.test', 'sam@home.test']);
    const history = page.locator('.profile-history [data-testid="history-item"][data-kind="message"]');
    await history.filter({ hasText: 'Please open a company account for us.' }).waitFor();
    await history.filter({ hasText: 'The zip on my jacket broke on day one.' }).waitFor();
    expect((await getCustomer(work.customerId)).mergedIntoId).to.equal(home.customerId);
    expect((await getCustomer(home.customerId)).emails.sort()).to.deep.equal(['sam.okafor@work.test', 'sam@home.test']);
    const moved = await server.request<TicketJson>('GET', `/api/tickets/${work.id}`, { token });
    expect(moved.body.customerId).to.equal(home.customerId);
    await shot('merged');

    await page.click('[data-testid="merge-undo"]');
    await page.locator('[data-testid="merge-notice"]', { hasText: 'The merge was undone.' }).waitFor();
    await page.locator('.profile-history [data-testid="history-item"]', { hasText: 'Please open a company account for us.' }).waitFor({ state: 'detached' });
    expect(await emails.allTextContents()).to.deep.equal(['sam@home.test']);
    expect(await page.locator('[data-testid="merge-undo"]').count()).to.equal(0);
    expect((await getCustomer(work.customerId)).mergedIntoId).to.equal(null);
    expect((await getCustomer(home.customerId)).emails).to.deep.equal(['sam@home.test']);
    const back = await server.request<TicketJson>('GET', `/api/tickets/${work.id}`, { token });
    expect(back.body.customerId).to.equal(work.customerId);
    await shot('merge-undone');
  });

  it('shows the newest 50 history entries first and loads older ones on demand', async () => {
    const ticket = await createTicket('Long story', 'This is where it all began.', { email: 'long@customer.test', name: 'Pat Long' });
    for (let n = 1; n <= 55; n++) {
      const note = await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token, body: { body: `Note ${String(n).padStart(2, '0')}`, internal: true } });
      expect(note.status).to.equal(201);
    }
    // 57 entries: the ticket, its first message and 55 notes.
    await logIn(ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/#/customers/${ticket.customerId}`);
    const items = page.locator('.profile-history [data-testid="history-item"]');
    await items.first().waitFor();
    expect(await items.count()).to.equal(50);
    expect(await items.first().textContent()).to.contain('Note 55');
    expect(await items.last().textContent()).to.contain('Note 06');
    expect(await page.locator('.profile-history').textContent()).to.contain('50 of 57').and.not.contain('This is where it all began.');

    await page.click('.profile-history [data-testid="history-older"]');
    await page.locator('.profile-history [data-testid="history-item"][data-kind="ticket"]').waitFor();
    expect(await items.count()).to.equal(57);
    expect(await items.last().textContent()).to.contain('Ticket opened: Long story');
    expect(await items.nth(55).textContent()).to.contain('This is where it all began.');
    expect(await page.locator('.profile-history [data-testid="history-older"]').count()).to.equal(0);

    // The panel beside the ticket pages the same way (first lines only).
    await page.goto(`${server.url}/#/tickets/${ticket.id}`);
    const panelItems = page.locator('[data-testid="customer-panel"] [data-testid="history-item"]');
    await panelItems.first().waitFor();
    expect(await panelItems.count()).to.equal(50);
    await page.click('[data-testid="customer-panel"] [data-testid="history-older"]');
    await panelItems.nth(56).waitFor();
    expect(await panelItems.last().getAttribute('data-kind')).to.equal('ticket');
  });
});
