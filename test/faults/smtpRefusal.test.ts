/**
 * Fault: the SMTP server refuses, then accepts. Agents' email replies meet a server that answers
 * 421 at the greeting, drops the connection after the data, or says 451; the system keeps each
 * reply queued with the reason visible, retries with its backoff (the test clock moves time; the
 * mailer's own retry scan does the work) and delivers each exactly once when the server accepts.
 * A permanent 554 ends as `failed` with the reason, and so does a server that never accepts.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { RETRY_DELAYS_MS } from '../../server/channels/email/outbound/mailer';
import { Message } from '../../server/models/Message';
import type { MessageJson } from '../../server/presenters/schemas';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('fault: the SMTP server refuses, then accepts', (database) => {
  let smtp: SmtpSink;
  let server: TestServer;
  let admin: string;
  beforeEach(async () => {
    smtp = await startSmtpSink();
    // The retry scan runs every half second here; when a retry is due is up to the test clock.
    server = await startTestServer(database, { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test', MAIL_RETRY_SCAN_SECONDS: '0.5' });
    admin = await server.login();
  });
  afterEach(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const openTicket = async (from: string) => {
    const ctx = server.server.ctx;
    const result = await ingestRawMail(ctx, null, await buildMail({ from, subject: `Question from ${from}` }), { threadSecret: ctx.channels.email?.threadSecret as string });
    return (result as { ticketId: number }).ticketId;
  };
  const reply = async (ticketId: number, body: string) => {
    const response = await server.request<MessageJson>('POST', `/api/tickets/${ticketId}/messages`, { token: admin, body: { body } });
    expect(response.status).to.equal(201);
    return response.body;
  };
  /** The reply as the API shows it. */
  const shown = async (ticketId: number, messageId: number) => {
    const response = await server.request<MessageJson[] | { data: MessageJson[] }>('GET', `/api/tickets/${ticketId}/messages`, { token: admin });
    const list = Array.isArray(response.body) ? response.body : response.body.data;
    return list.find((m) => m.id === messageId) as MessageJson;
  };
  const attemptsOf = async (id: number) => (await Message.findByPk(id, { rejectOnEmpty: true })).deliveryAttempts;
  /** Moves the clock past the wait before the next attempt and lets the retry scan make it. */
  const nextAttempt = async (ids: number[]) => {
    const before = await Promise.all(ids.map(attemptsOf));
    server.clock.advance(Math.max(...before.map((n) => RETRY_DELAYS_MS[Math.min(n, RETRY_DELAYS_MS.length) - 1])) + 1000);
    await until(async () => (await Promise.all(ids.map(attemptsOf))).every((n, i) => n > before[i]), 'the retry scan to make the next attempt');
  };

  it('retries replies through refusals and dropped connections and delivers each exactly once', async () => {
    // Four refusals per reply, every kind of temporary trouble, then the server accepts.
    smtp.failNext(12, ['greeting', 'drop', 'temporary']);
    const tickets = await Promise.all(['ana@customer.test', 'ben@customer.test', 'cai@customer.test'].map(openTicket));
    const replies = await Promise.all(tickets.map((ticketId, i) => reply(ticketId, `Answer number ${i}`)));
    const ids = replies.map((r) => r.id);
    await until(async () => (await Promise.all(ids.map(attemptsOf))).every((n) => n === 1), 'the first attempts');

    const seenStates = new Set<string>();
    for (let round = 0; round < 4; round += 1) {
      for (const [i, r] of replies.entries()) {
        const state = await shown(tickets[i], r.id);
        seenStates.add(`${state.deliveryState}`);
        // Waiting for a retry: queued, with the server's answer shown.
        expect(state.deliveryState, `round ${round}`).to.equal('queued');
        expect(state.deliveryError).to.be.a('string').and.not.equal('');
      }
      await nextAttempt(ids);
    }
    await until(async () => (await Promise.all(replies.map((r, i) => shown(tickets[i], r.id)))).every((m) => m.deliveryState === 'sent'), 'every reply to show sent');

    // Time goes on: nothing is sent again.
    server.clock.advance(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const received = await Promise.all(smtp.messages.map(async (m) => (await simpleParser(m.raw)).text?.trim()));
    expect(received.sort(), 'each reply delivered exactly once').to.deep.equal(replies.map((r) => r.body).sort());
    expect(seenStates.has('queued'), 'the API showed the replies waiting for a retry').to.equal(true);
    // 12 refused attempts and 3 accepted ones: every retry went through the server.
    expect(smtp.attempts()).to.equal(15);
    for (const id of ids) expect(await attemptsOf(id)).to.equal(5);
    console.log(`      3 replies, ${smtp.attempts()} attempts (12 refused: 421 greeting, dropped after data, 451), ${smtp.messages.length} delivered`);
  });

  it('ends a reply refused permanently (554) as failed with the reason, sending nothing', async () => {
    smtp.failNext(1, 'permanent');
    const ticketId = await openTicket('dee@customer.test');
    const sent = await reply(ticketId, 'This one is refused');
    await until(async () => (await shown(ticketId, sent.id)).deliveryState === 'failed', 'the reply to show failed');
    const state = await shown(ticketId, sent.id);
    expect(state.deliveryError).to.match(/554/);
    server.clock.advance(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.attempts(), 'no retry of a permanent refusal').to.equal(1);
    expect(smtp.messages).to.have.length(0);
  });

  it('gives up after the last retry when the server never accepts, with the last reason shown', async () => {
    smtp.failNext(100, 'temporary');
    const ticketId = await openTicket('eve@customer.test');
    const sent = await reply(ticketId, 'Never accepted');
    await until(async () => (await attemptsOf(sent.id)) === 1, 'the first attempt');
    for (let i = 0; i < RETRY_DELAYS_MS.length; i += 1) await nextAttempt([sent.id]);
    const state = await shown(ticketId, sent.id);
    expect(state.deliveryState).to.equal('failed');
    expect(state.deliveryError).to.match(/451/);
    expect(smtp.attempts()).to.equal(RETRY_DELAYS_MS.length + 1);
    expect(smtp.messages).to.have.length(0);
  });
});
