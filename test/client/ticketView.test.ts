/**
 * The ticket view in Chromium: two agents see each other viewing and typing (and the notice of a
 * new message while writing), merging through the dialog, the history tab, attachments (with the
 * server's size limit), the preview, and the r/n/a/c/j/u keys; Chinese and phone-width screenshots.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { TicketJson } from '../../server/presenters/schemas';
import { buildAgent } from '../factories';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';

/** A 2×2 PNG, so the thumbnail really decodes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

describeEachDatabase('ticket view (Chromium)', (database) => {
  const session = useConsoleSession(database, 'ticket-view', { env: { ATTACHMENT_MAX_BYTES: '40000' } });

  const openTicket = async (subject: string, email = `c-${Math.random().toString(36).slice(2)}@customer.test`, body = 'My order has not arrived.') => {
    const created = await session.server.request<TicketJson>('POST', '/api/tickets', { token: session.token, body: { subject, body, customer: { email, name: 'Mia Chen' } } });
    expect(created.status).to.equal(201);
    return created.body;
  };
  const logInOn = async (page: Page, email: string, password: string) => {
    await page.goto(session.server.url);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.click('[data-testid="login-submit"]');
    await page.locator('[data-testid="logout"]').waitFor();
  };
  const show = async (page: Page, ticket: TicketJson) => {
    await page.goto(`${session.server.url}/#/tickets/${ticket.id}`);
    await page.locator('[data-testid="reply-body"]').waitFor();
  };

  it('two agents see each other viewing and typing, and a new message while writing is announced', async () => {
    const ticket = await openTicket('Two agents, one ticket');
    const anna = await buildAgent(session.server.server.ctx, { name: 'Anna' });
    await session.logIn();
    await show(session.page, ticket);
    const annaPage = await session.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await logInOn(annaPage, anna.email, anna.password);
    await show(annaPage, ticket);

    await session.page.locator('[data-testid="presence-viewing"]', { hasText: 'Anna is viewing' }).waitFor();
    await annaPage.locator('[data-testid="presence-viewing"]', { hasText: 'Administrator is viewing' }).waitFor();
    // Never yourself.
    expect(await session.page.locator('[data-testid="presence"]', { hasText: 'Administrator' }).count()).to.equal(0);

    await annaPage.fill('[data-testid="reply-body"]', 'I am on it');
    await session.page.locator('[data-testid="presence-typing"]', { hasText: 'Anna is typing a reply…' }).waitFor();
    await session.shot('presence-typing');

    // The admin writes a draft; Anna's public reply arrives meanwhile: a notice, and sending still works.
    await session.page.fill('[data-testid="reply-body"]', 'We will refund you.');
    await annaPage.click('[data-testid="send-reply"]');
    await session.page.locator('[data-testid="new-message-notice"]').waitFor();
    await session.page.locator('[data-testid="message"]', { hasText: 'I am on it' }).waitFor();
    await session.shot('new-message-notice');
    await session.page.click('[data-testid="send-reply"]');
    await session.page.locator('[data-testid="message"]', { hasText: 'We will refund you.' }).waitFor();
    await session.page.locator('[data-testid="new-message-notice"]').waitFor({ state: 'detached' });

    // Anna leaves: the admin sees nobody else.
    await annaPage.goto(`${session.server.url}/#/tickets?status=open`);
    await session.page.locator('[data-testid="presence-viewing"]').waitFor({ state: 'detached' });
  });

  it('merges a ticket into the customer’s other ticket through the dialog and shows the banner', async () => {
    const email = 'merge.me@customer.test';
    const target = await openTicket('Parcel lost', email, 'Where is my parcel?');
    const other = await openTicket('Parcel lost again', email, 'Still no parcel!');
    await session.logIn();
    await show(session.page, other);
    await session.page.click('[data-testid="merge-open"]');
    const dialog = session.page.locator('[role="dialog"][data-testid="merge-dialog"]');
    await dialog.waitFor();
    await dialog.locator('[data-testid="merge-candidate"]', { hasText: `#${target.number}` }).click();
    await dialog.locator('[data-testid="merge-explain"]', { hasText: `#${other.number}` }).waitFor();
    expect(await dialog.locator('[data-testid="merge-explain"]').innerText()).to.contain(`#${target.number}`);
    await session.shot('merge-confirm');
    await dialog.locator('[data-testid="merge-confirm"]').click();
    await session.page.locator('[data-testid="merged-banner"]', { hasText: `#${target.number}` }).waitFor();
    await session.page.locator('[data-testid="ticket-notice"]', { hasText: `Merged into #${target.number}` }).waitFor();
    await session.page.locator('[data-testid="message"]', { hasText: `Merged into #${target.number}` }).waitFor();
    await session.shot('merged-banner');

    await session.page.click('[data-testid="merged-banner"] a');
    await session.page.locator('[data-testid="ticket-subject"]', { hasText: 'Parcel lost' }).waitFor();
    await session.page.locator('[data-testid="message"]', { hasText: 'Still no parcel!' }).waitFor();
    await session.page.locator('[data-testid="message"].from-system', { hasText: `#${other.number} merged into this ticket` }).waitFor();
    const stored = await session.server.request<TicketJson>('GET', `/api/tickets/${other.id}`, { token: session.token });
    expect(stored.body).to.include({ status: 'closed', mergedIntoId: target.id });
  });

  it('lists the history readably, newest first, with "load more"', async () => {
    const ticket = await openTicket('History please');
    await session.logIn();
    await show(session.page, ticket);
    await session.page.selectOption('[data-testid="ticket-priority"]', 'high');
    await session.page.locator('[data-testid="ticket-priority"]').evaluate((el) => (el as HTMLSelectElement).value);
    await session.page.click('[data-testid="tab-history"]');
    const first = session.page.locator('[data-testid="audit-entry"]').first();
    await first.filter({ hasText: 'Priority: Normal → High' }).waitFor();
    expect(await first.innerText()).to.contain('Administrator');
    // More entries than a page: the rest comes with "load more".
    for (const priority of ['low', 'normal', 'high', 'urgent', 'low', 'normal', 'high', 'urgent', 'low', 'normal', 'high', 'urgent', 'low', 'normal', 'high', 'urgent', 'low', 'normal', 'high', 'urgent', 'low']) {
      await session.server.request('PATCH', `/api/tickets/${ticket.id}`, { token: session.token, body: { priority } });
    }
    // Each change reloads the first page live; wait for the page after the last one (a full page of 20).
    await session.page.waitForFunction(() => {
      const entries = document.querySelectorAll('[data-testid="audit-entry"]');
      return entries.length === 20 && (entries[0]?.textContent ?? '').includes('Urgent → Low');
    });
    await session.page.click('[data-testid="audit-more"]');
    await session.page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-entry"]').length === 23);
    await session.page.locator('[data-testid="audit-entry"]').last().filter({ hasText: 'opened the ticket' }).waitFor();
    await session.page.locator('[data-testid="audit-more"]').waitFor({ state: 'detached' });
    await session.shot('history');
  });

  it('attaches files (refusing one over the limit), previews and sends; images show as thumbnails', async () => {
    const ticket = await openTicket('Photo of the damage');
    await session.logIn();
    await show(session.page, ticket);
    const page = session.page;
    await page.setInputFiles('[data-testid="attach-input"]', [
      { name: 'damage.png', mimeType: 'image/png', buffer: PNG },
      { name: 'invoice.txt', mimeType: 'text/plain', buffer: Buffer.from('Invoice 42') },
      { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(60_000, 1) },
    ]);
    await page.locator('[data-testid="upload-error"]', { hasText: 'huge.bin is too large' }).waitFor();
    await page.locator('[data-testid="attachment-chip"]', { hasText: 'invoice.txt' }).waitFor();
    expect(await page.locator('[data-testid="attachment-chip"]').count()).to.equal(2);
    await page.click('button[aria-label="Remove invoice.txt"]');
    await page.locator('[data-testid="attachment-chip"]', { hasText: 'invoice.txt' }).waitFor({ state: 'detached' });

    await page.fill('[data-testid="reply-body"]', 'Thanks!\nHere is the label.');
    await page.click('[data-testid="preview-toggle"]');
    const preview = page.locator('[data-testid="reply-preview"]');
    await preview.waitFor();
    expect(await preview.innerText()).to.contain('What the customer will see');
    expect(await preview.locator('.body').innerText()).to.equal('Thanks!\nHere is the label.');
    expect(await preview.innerText()).to.contain('damage.png');
    await session.shot('preview');
    await page.click('[data-testid="send-reply"]');
    const sent = page.locator('[data-testid="message"]', { hasText: 'Here is the label.' });
    await sent.waitFor();
    await sent.locator('[data-testid="attachment-thumb"]').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="attachment-thumb"]');
      return Boolean(img && img.complete && img.naturalWidth === 2);
    });
    await page.locator('[data-testid="attachment-chip"]').first().waitFor({ state: 'detached' });
    const stored = await session.server.request<TicketJson & { messages: Array<{ body: string; attachments: Array<{ filename: string }> }> }>('GET', `/api/tickets/${ticket.id}`, { token: session.token });
    expect(stored.body.messages.at(-1)?.attachments.map((a) => a.filename)).to.deep.equal(['damage.png']);
    await session.shot('attachment-sent');
  });

  it('keys: r reply, n note, a assign to me, c solve, j next ticket, u back to the list', async () => {
    const first = await openTicket('Keyboard one');
    const second = await openTicket('Keyboard two');
    await session.logIn();
    await show(session.page, first);
    const page = session.page;
    const me = (await session.server.request<{ id: number }>('GET', '/api/me', { token: session.token })).body;
    const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await page.keyboard.press('n');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-body');
    expect(await page.getAttribute('[data-testid="mode-note"]', 'aria-pressed')).to.equal('true');
    await page.keyboard.type('Internal: call back');
    await page.click('[data-testid="send-note"]');
    await page.locator('[data-testid="message"][data-internal="true"]', { hasText: 'Internal: call back' }).waitFor();
    await blur();
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-body');
    expect(await page.getAttribute('[data-testid="mode-reply"]', 'aria-pressed')).to.equal('true');
    await blur();

    await page.keyboard.press('a');
    await page.waitForFunction((id) => (document.querySelector('[data-testid="ticket-assignee"]') as HTMLSelectElement | null)?.value === String(id), me.id);
    await page.keyboard.press('c');
    await page.waitForFunction(() => (document.querySelector('[data-testid="ticket-status"]') as HTMLSelectElement | null)?.value === 'solved');
    const stored = (await session.server.request<TicketJson>('GET', `/api/tickets/${first.id}`, { token: session.token })).body;
    expect(stored).to.include({ status: 'solved', assigneeId: me.id });

    // j walks the inbox order the list remembered.
    await page.evaluate((ids) => sessionStorage.setItem('hd.inboxOrder', JSON.stringify(ids)), [first.id, second.id]);
    await page.keyboard.press('j');
    await page.locator('[data-testid="ticket-subject"]', { hasText: 'Keyboard two' }).waitFor();
    await page.keyboard.press('k');
    await page.locator('[data-testid="ticket-subject"]', { hasText: 'Keyboard one' }).waitFor();
    await page.keyboard.press('u');
    await page.waitForFunction(() => location.hash.startsWith('#/tickets?'));
  });

  it('reads in Chinese and fits a phone', async () => {
    const ticket = await openTicket('退款还没到账', 'li.lei@customer.test', '我上周申请的退款还没有到账。');
    const zh = await session.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await logInOn(zh, 'admin@example.test', 'admin-password-1');
    await show(zh, ticket);
    await zh.locator('[data-testid="mode-note"]', { hasText: '内部备注' }).waitFor();
    await zh.locator('[data-testid="tab-history"]', { hasText: '变更历史' }).waitFor();
    await zh.locator('[data-testid="merge-open"]', { hasText: '合并到…' }).waitFor();
    await session.shot('zh-CN', zh);

    const phone = await session.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await logInOn(phone, 'admin@example.test', 'admin-password-1');
    await show(phone, ticket);
    await phone.locator('[data-testid="send-reply"]').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling at 390 px').to.be.at.most(0);
    await session.shot('phone', phone);
  });
});
