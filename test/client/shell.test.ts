/**
 * The console shell in Chromium: the keyboard-shortcut help overlay (opened with "?", closed with
 * Escape, in both languages) and what calls an agent back to a background tab: the unread count
 * in the title and desktop notifications for new tickets and customer messages that concern them.
 */
import { expect } from 'chai';
import { io as connect } from 'socket.io-client';
import { buildAgent } from '../factories';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import { nextEvent } from '../helpers/socket';

interface TicketJson {
  id: number;
  number: number;
}

/**
 * Lets the test hide and show the tab (headless pages are always "visible") and records every
 * desktop notification the console creates, with the permission already granted.
 */
// Plain JavaScript in a string: a function here would be compiled by tsx with helpers the page lacks.
const fakeBackgroundTab = `
  let state = 'visible';
  Object.defineProperty(document, 'visibilityState', { get: () => state });
  const shown = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    constructor(title, options = {}) { shown.push({ title, body: options.body ?? '' }); this.onclick = null; }
    close() {}
  };
  window.shownNotifications = shown;
  window.setTabVisible = (visible) => {
    state = visible ? 'visible' : 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
  };
`;

describeEachDatabase('console shell: shortcuts help, unread count and notifications (Chromium)', (database) => {
  const session = useConsoleSession(database, 'shell');

  async function createTicket(subject: string, email: string, assigneeId: number | null = null): Promise<TicketJson> {
    const response = await session.server.request<TicketJson>('POST', '/api/tickets', { token: session.token, body: { subject, body: `${subject}.`, customer: { email, name: null }, assigneeId } });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  }

  it('opens the shortcut help with "?" and closes it with Escape, in English and Chinese', async () => {
    const { page } = session;
    await session.logIn();
    await page.keyboard.press('?');
    const help = page.locator('[data-testid="shortcut-help"]');
    await help.waitFor();
    expect(await help.getAttribute('role')).to.equal('dialog');
    const text = await help.innerText();
    for (const words of ['Reply', 'Internal note', 'Assign to me', 'Next ticket', 'Close (mark solved)']) expect(text).to.contain(words);
    // Focus moves into the dialog, so a keyboard user can close it at once.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="shortcut-help"]') !== null)).to.equal(true);
    await session.shot('shortcut-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // "?" typed into a field is just a character.
    await page.locator('main input[type="search"]').first().fill('');
    await page.locator('main input[type="search"]').first().type('?');
    expect(await help.count()).to.equal(0);

    await page.click('[data-testid="locale-switch"]');
    await page.locator('[data-testid="shortcut-help-button"]').click();
    await help.waitFor();
    expect(await help.innerText()).to.contain('键盘快捷键');
    expect(await help.innerText()).to.contain('分配给我');
    await session.shot('shortcut-help-zh');
    await page.click('[data-testid="shortcut-help"] button');
    await help.waitFor({ state: 'detached' });
    await page.click('[data-testid="locale-switch"]');
  });

  it('counts what concerns the agent in the title while the tab is hidden, notifies, and clears when seen', async () => {
    const colleague = await buildAgent(session.server.server.ctx, { name: 'Colleague', role: 'agent' });
    const { page } = session;
    await page.addInitScript({ content: fakeBackgroundTab });
    await session.logIn();
    await page.waitForFunction(() => document.title === 'Help desk');
    await page.evaluate(() => (window as unknown as { setTabVisible(visible: boolean): void }).setTabVisible(false));

    const mine = await createTicket('Parcel never arrived', 'wen@example.test');
    await page.waitForFunction(() => document.title === '(1) Help desk');
    // A colleague's ticket does not concern this agent: no count, no notification.
    await createTicket('Colleague case', 'other@example.test', colleague.actor.agent.id);
    // An agent's own reply is no news either.
    const reply = await session.server.request('POST', `/api/tickets/${mine.id}/messages`, { token: session.token, body: { body: 'We are looking into it.' } });
    expect(reply.status).to.equal(201);

    // A chat visitor: the first message opens a ticket, the second is a new customer message on it.
    const visitor = connect(`${session.server.url}/widget`, { auth: { name: 'Mei' }, transports: ['websocket'], reconnection: false });
    try {
      await nextEvent(visitor, 'session');
      const first = (await visitor.timeout(5000).emitWithAck('message', { text: '你好，我的订单还没到', clientId: 'c1' })) as { ok: boolean; ticketId: number };
      expect(first.ok).to.equal(true);
      await page.waitForFunction(() => document.title === '(2) Help desk');
      await visitor.timeout(5000).emitWithAck('message', { text: '订单号 8812', clientId: 'c2' });
      await page.waitForFunction(() => document.title === '(3) Help desk');
    } finally {
      visitor.disconnect();
    }

    const shown = await page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body: string }> }).shownNotifications);
    expect(shown.map((n) => n.title)).to.deep.equal([`New ticket #${mine.number}`, `New ticket #${mine.number + 2}`, `New message on #${mine.number + 2}`]);
    expect(shown[2].body).to.equal('订单号 8812');
    await session.shot('unread-title');

    await page.evaluate(() => (window as unknown as { setTabVisible(visible: boolean): void }).setTabVisible(true));
    await page.waitForFunction(() => document.title === 'Help desk');
  });
});
