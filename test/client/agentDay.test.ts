/**
 * A new agent works a mixed inbox end to end in Chromium, without touching the API: a customer's
 * email (through the real inbound pipeline) and a chat visitor's message (through the widget's
 * Socket.IO namespace) arrive; the agent finds both in "Unassigned", takes the email with the
 * keyboard, answers it (the reply leaves through a real SMTP server, threaded with [#number]),
 * moves to the chat with "j", answers it (the visitor receives it live), marks both solved, and
 * finds them gone from the open views.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { io as connect, type Socket } from 'socket.io-client';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { buildAgent } from '../factories';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';
import { nextEvent } from '../helpers/socket';

interface TicketJson {
  id: number;
  number: number;
  status: string;
  assigneeId: number | null;
  channel: string;
}

describeEachDatabase('an agent works a mixed inbox of email and chat (Chromium)', (database) => {
  let smtp: SmtpSink;
  // The SMTP sink listens before the server starts: its port goes into the server's environment.
  const session = useConsoleSession(database, 'agent-day', {
    env: async () => {
      smtp = await startSmtpSink();
      return { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test' };
    },
  });
  let visitor: Socket | null = null;
  after(async () => {
    visitor?.disconnect();
    await smtp?.stop();
  });

  /** r: the composer takes the focus (after its re-render); then the agent types the reply. */
  async function replyWithKeyboard(text: string): Promise<void> {
    const { page } = session;
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'reply-body');
    await page.keyboard.type(text);
    await page.waitForFunction((expected) => (document.querySelector('[data-testid="reply-body"]') as HTMLTextAreaElement | null)?.value === expected, text);
  }

  it('takes, answers and solves an email and a chat ticket with the keyboard', async () => {
    const ctx = session.server.server.ctx;
    const newcomer = await buildAgent(ctx, { name: 'Nora Newcomer', role: 'agent' });

    // A customer writes by email, in Chinese.
    const mail = await buildMail({ from: 'Wang Fang <wang@customer.test>', subject: '订单 5521 还没发货', text: '你好，我上周下的订单 5521 还没有发货，请帮忙查一下。' });
    const ingested = (await ingestRawMail(ctx, null, mail, { threadSecret: ctx.channels.email?.threadSecret ?? 'x'.repeat(32) })) as { ticketId: number };
    await ctx.events.drain();
    // A visitor chats on the company's site.
    visitor = connect(`${session.server.url}/widget`, { auth: { name: 'Sam Visitor', email: 'sam@visitor.test' }, transports: ['websocket'], reconnection: false });
    await nextEvent(visitor, 'session');
    const ack = (await visitor.timeout(5000).emitWithAck('message', { text: 'Hi, can I change the size of my order?', clientId: 'day-1' })) as { ok: boolean; ticketId: number };
    expect(ack.ok).to.equal(true);

    const { page } = session;
    await session.logIn(newcomer.email, newcomer.password);
    await page.click('[data-testid="view-unassigned"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ticket-row"]').length === 2);
    expect(await page.locator('[data-testid="view-count-unassigned"]').innerText()).to.contain('2');
    await session.shot('1-unassigned');

    // Newest activity first: the chat, then the email. Move to the email with j, open it.
    const rowIds = await page.$$eval('[data-testid="ticket-row"]', (rows) => rows.map((row) => Number(row.getAttribute('data-ticket-id'))));
    expect(rowIds).to.deep.equal([ack.ticketId, ingested.ticketId]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="ticket-subject"]', { hasText: '订单 5521 还没发货' }).waitFor();
    await page.locator('[data-testid="message"]', { hasText: '还没有发货' }).waitFor();

    // a: assign to me; r: reply; Ctrl+Enter sends.
    await page.keyboard.press('a');
    await page.waitForFunction((id) => (document.querySelector('[data-testid="ticket-assignee"]') as HTMLSelectElement | null)?.value === String(id), newcomer.actor.agent.id);
    await replyWithKeyboard('王女士您好，订单 5521 今天已经发货，单号稍后发给您。');
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="message"]', { hasText: '今天已经发货' }).waitFor();
    await smtp.waitFor(1, 15_000);
    const sent = await simpleParser(smtp.messages[0].raw);
    expect(smtp.messages[0].envelope.to).to.deep.equal(['wang@customer.test']);
    const emailTicket = (await session.server.request<TicketJson>('GET', `/api/tickets/${ingested.ticketId}`, { token: session.token })).body;
    expect(sent.subject).to.contain(`[#${emailTicket.number}]`);
    expect(sent.text).to.contain('今天已经发货');
    await session.shot('2-email-answered');

    // Escape leaves the composer; c: mark solved; k: the previous ticket of the inbox, the chat.
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.waitForFunction(() => (document.querySelector('[data-testid="ticket-status"]') as HTMLSelectElement | null)?.value === 'solved');
    await page.keyboard.press('k');
    await page.locator('[data-testid="message"]', { hasText: 'change the size' }).waitFor();
    await page.keyboard.press('a');
    await page.waitForFunction((id) => (document.querySelector('[data-testid="ticket-assignee"]') as HTMLSelectElement | null)?.value === String(id), newcomer.actor.agent.id);
    const received = nextEvent<{ body: string; authorName: string }>(visitor, 'message');
    await replyWithKeyboard('Of course! Which size would you like?');
    await page.click('[data-testid="send-reply"]');
    const reply = await received;
    expect(reply.body).to.equal('Of course! Which size would you like?');
    expect(reply.authorName).to.equal('Nora Newcomer');
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.waitForFunction(() => (document.querySelector('[data-testid="ticket-status"]') as HTMLSelectElement | null)?.value === 'solved');
    await session.shot('3-chat-answered');

    // u: back to the list; nothing is left open for anyone.
    await page.keyboard.press('u');
    await page.click('[data-testid="view-unassigned"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="view-count-unassigned"]')?.textContent?.trim() === '0');
    await page.click('[data-testid="view-mine"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="view-count-mine"]')?.textContent?.trim() === '0');
    const both = await Promise.all([ingested.ticketId, ack.ticketId].map(async (id) => (await session.server.request<TicketJson>('GET', `/api/tickets/${id}`, { token: session.token })).body));
    expect(both.map((t) => [t.channel, t.status, t.assigneeId])).to.deep.equal([
      ['email', 'solved', newcomer.actor.agent.id],
      ['chat', 'solved', newcomer.actor.agent.id],
    ]);
    await session.shot('4-done');
  });
});
