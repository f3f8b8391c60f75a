/**
 * Satisfaction surveys over the real server: the invitation mailed (through a real SMTP sink)
 * once per solve round, the page that never votes on GET, answers and changes by POST, the
 * CSAT report per agent and category, and the chat visitor's `survey` event and widget route.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { io as connect, type Socket } from 'socket.io-client';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { Message } from '../../server/models/Message';
import { Survey } from '../../server/models/Survey';
import { buildAgent, buildGroup, buildTicket } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { nextEvent } from '../helpers/socket';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';

const tokenIn = (text: string) => /\/survey\/([\w-]{43})/.exec(text)?.[1] ?? null;


describeEachDatabase('satisfaction surveys', (database) => {
  let smtp: SmtpSink;
  let server: TestServer;
  let admin: string;
  const sockets: Socket[] = [];
  before(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer(database, { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test', COMPANY_NAME: 'Example Shop' });
    admin = await server.login();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  after(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const drain = () => server.server.ctx.events.drain();
  const patch = async (ticketId: number, body: Record<string, unknown>, token = admin) => {
    const response = await server.request('PATCH', `/api/tickets/${ticketId}`, { token, body });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    await drain();
  };
  /** The token of the latest invitation in the ticket's history. */
  const latestToken = async (ticketId: number) => {
    const message = await Message.findOne({ where: { ticketId, authorType: 'system' }, order: [['id', 'DESC']] });
    return tokenIn(message?.body ?? '') as string;
  };
  const page = (method: 'GET' | 'POST', token: string, form?: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/survey/${token}`, {
      method,
      headers: form ? { 'content-type': 'application/x-www-form-urlencoded', ...headers } : headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
    });

  it('mails one link per solve round: not again without a reopen, again after one', async () => {
    const ctx = server.server.ctx;
    const ingested = await ingestRawMail(ctx, null, await buildMail({ from: 'Ana <ana@customer.test>', subject: 'Kettle leaks', text: 'My kettle leaks.' }), { threadSecret: ctx.channels.email?.threadSecret as string });
    const ticketId = (ingested as { ticketId: number }).ticketId;
    await drain();
    const before = smtp.messages.length;

    await patch(ticketId, { status: 'solved' });
    await smtp.waitFor(before + 1);
    const mail = await simpleParser(smtp.messages[before].raw);
    const token = tokenIn(mail.text ?? '');
    expect(token, mail.text).to.be.a('string');
    expect(mail.text).to.contain('Kettle leaks').and.to.contain('How did we do?');
    expect(mail.headers.get('auto-submitted')).to.equal('auto-replied');
    const invitation = await Message.findOne({ where: { ticketId, authorType: 'system' } });
    expect(invitation).to.include({ automatic: true, direction: 'outbound' });
    // The invitation does not reopen the ticket.
    expect((await server.request<{ status: string }>('GET', `/api/tickets/${ticketId}`, { token: admin })).body.status).to.equal('solved');

    // Solved again (a no-op), closed and solved again: the same round.
    await patch(ticketId, { status: 'solved' });
    await patch(ticketId, { status: 'closed' });
    await patch(ticketId, { status: 'solved' });
    await patch(ticketId, { priority: 'high' });
    expect(await Survey.count({ where: { ticketId } })).to.equal(1);

    // Reopened and solved: a second round with a new link.
    await patch(ticketId, { status: 'open' });
    await patch(ticketId, { status: 'solved' });
    await smtp.waitFor(before + 2);
    const rounds = await Survey.findAll({ where: { ticketId }, order: [['round', 'ASC']] });
    expect(rounds.map((s) => [s.round, s.channel])).to.deep.equal([[1, 'email'], [2, 'email']]);
    const second = tokenIn((await simpleParser(smtp.messages[before + 1].raw)).text ?? '');
    expect(second).to.be.a('string').and.not.equal(token);
    // Only the hash is stored.
    expect(rounds.map((s) => s.tokenHash)).to.not.include(token);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.messages.length).to.equal(before + 2);
  });

  it('the page shows the form and records nothing on GET; POST records, again updates; bad input 400, bad token 404', async () => {
    const { ticket } = await buildTicket(server.server.ctx, { subject: 'Refund <for> order 42' });
    await patch(ticket.id, { status: 'solved' });
    const token = await latestToken(ticket.id);

    const shown = await page('GET', token);
    expect(shown.status).to.equal(200);
    const html = await shown.text();
    expect(html).to.contain('Refund &lt;for&gt; order 42').and.to.contain('<form method="post"').and.to.contain('data-testid="rate-5"');
    expect(html).not.to.match(/<script>(?!<\/script>)/);
    expect((await Survey.findOne({ where: { ticketId: ticket.id } }))?.rating).to.equal(null);
    const zh = await (await page('GET', token, undefined, { 'accept-language': 'zh-CN,zh;q=0.9' })).text();
    expect(zh).to.contain('您对我们的服务满意吗');

    const answered = await page('POST', token, { rating: '4', comment: 'Quick and kind.' });
    expect(answered.status).to.equal(200);
    expect(await answered.text()).to.contain('Thank you');
    let survey = await Survey.findOne({ where: { ticketId: ticket.id } });
    expect(survey).to.include({ rating: 4, comment: 'Quick and kind.' });
    expect(survey?.answeredAt).to.be.instanceOf(Date);

    expect((await page('POST', token, { rating: '2', comment: '' })).status).to.equal(200);
    survey = await Survey.findOne({ where: { ticketId: ticket.id } });
    expect(survey).to.include({ rating: 2, comment: null });

    for (const rating of ['0', '6', 'x']) {
      const refused = await page('POST', token, { rating, comment: 'kept' });
      expect(refused.status).to.equal(400);
      expect(await refused.text()).to.contain('survey-invalid').and.to.contain('kept');
    }
    expect((await page('POST', token, { rating: '5', comment: 'x'.repeat(2001) })).status).to.equal(400);
    expect((await Survey.findOne({ where: { ticketId: ticket.id } }))?.rating).to.equal(2);

    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [wrong, 'short', token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase()]) {
      expect((await page('GET', bad)).status).to.equal(404);
      expect((await page('POST', bad, { rating: '5' })).status).to.equal(404);
    }
  });

  it('the CSAT report per agent and per category, limited to visible tickets', async () => {
    const ctx = server.server.ctx;
    const group = await buildGroup(ctx);
    const lee = await buildAgent(ctx, { name: 'Lee' });
    const mia = await buildAgent(ctx, { name: 'Mia', groupIds: [group.id] });
    // A fixed day far from today; log in again on the moved clock (sessions expire).
    server.clock.set(new Date('2031-05-10T10:00:00Z'));
    admin = await server.login();
    const rate = async (assigneeId: number, category: string, rating: number, groupId: number | null = null) => {
      const { ticket } = await buildTicket(ctx, { assigneeId, groupId });
      await patch(ticket.id, { category, status: 'solved' });
      const answered = await page('POST', await latestToken(ticket.id), { rating: String(rating) });
      expect(answered.status).to.equal(200);
      return ticket.id;
    };
    // Lee: 5, 4, 2 (complaint, question, complaint); Mia: 3 (question), 5 (complaint, in her group).
    await rate(lee.actor.agent.id, 'complaint', 5);
    await rate(lee.actor.agent.id, 'question', 4);
    const moved = await rate(lee.actor.agent.id, 'complaint', 2);
    await rate(mia.actor.agent.id, 'question', 3);
    await rate(mia.actor.agent.id, 'complaint', 5, group.id);
    // Reassigning and recategorising after the solve does not move the rating.
    await patch(moved, { assigneeId: mia.actor.agent.id, category: 'question' });

    type Figures = { responses: number; average: number | null; satisfiedShare: number | null };
    type Report = { overall: Figures; byAgent: Array<Figures & { agentId: number; name: string }>; byCategory: Array<Figures & { category: string }> };
    const report = await server.request<Report>('GET', '/api/reports/csat?from=2031-05-01&to=2031-05-31', { token: admin });
    expect(report.status).to.equal(200);
    // (5+4+2+3+5)/5 = 3.8; ratings ≥ 4: 3 of 5.
    expect(report.body.overall).to.deep.equal({ responses: 5, average: 3.8, satisfiedShare: 0.6 });
    expect(report.body.byAgent).to.deep.equal([
      // (5+4+2)/3 = 3.67; 2 of 3 → 0.6667.
      { agentId: lee.actor.agent.id, name: 'Lee', responses: 3, average: 3.67, satisfiedShare: 0.6667 },
      { agentId: mia.actor.agent.id, name: 'Mia', responses: 2, average: 4, satisfiedShare: 0.5 },
    ]);
    expect(report.body.byCategory).to.deep.equal([
      // complaint: 5, 2, 5 → 4, 2 of 3; question: 4, 3 → 3.5, 1 of 2.
      { category: 'complaint', responses: 3, average: 4, satisfiedShare: 0.6667 },
      { category: 'question', responses: 2, average: 3.5, satisfiedShare: 0.5 },
    ]);

    // Lee is not in Mia's group: her group ticket is left out of his report.
    const leeToken = await server.login(lee.email, lee.password);
    const limited = await server.request<Report>('GET', '/api/reports/csat?from=2031-05-01&to=2031-05-31', { token: leeToken });
    expect(limited.body.overall).to.deep.equal({ responses: 4, average: 3.5, satisfiedShare: 0.5 });
    const empty = await server.request<Report>('GET', '/api/reports/csat?from=2031-06-01&to=2031-06-30', { token: admin });
    expect(empty.body).to.deep.equal({ overall: { responses: 0, average: null, satisfiedShare: null }, byAgent: [], byCategory: [] });
    expect((await server.request('GET', '/api/reports/csat')).status).to.equal(401);
    expect((await server.request('GET', '/api/reports/csat?from=2031-06-01&to=2031-05-01', { token: admin })).status).to.equal(400);
  });

  it("a chat visitor gets the survey event and a link in the chat, and answers through the widget route", async () => {
    const socket = connect(`${server.url}/widget`, { auth: { name: 'Vera' }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await nextEvent(socket, 'session');
    const ack = (await socket.timeout(5000).emitWithAck('message', { text: 'Is the jacket in stock?', clientId: 'sv-1' })) as { ok: boolean; ticketId: number };
    expect(ack.ok).to.equal(true);

    const survey = nextEvent<{ token: string; ticketId: number }>(socket, 'survey');
    const message = nextEvent<{ body: string; authorType: string }>(socket, 'message');
    await patch(ack.ticketId, { status: 'solved' });
    const event = await survey;
    expect(event.ticketId).to.equal(ack.ticketId);
    const invitation = await message;
    expect(invitation.authorType).to.equal('system');
    expect(tokenIn(invitation.body)).to.equal(event.token);
    expect((await Survey.findOne({ where: { ticketId: ack.ticketId } }))?.channel).to.equal('chat');

    const preflight = await fetch(`${server.url}/api/widget/surveys/${event.token}`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal('*');
    const answered = await server.request('POST', `/api/widget/surveys/${event.token}`, { body: { rating: 5 }, headers: { origin: 'https://shop.example' } });
    expect(answered.status).to.equal(200);
    expect(answered.headers.get('access-control-allow-origin')).to.equal('*');
    expect(await Survey.findOne({ where: { ticketId: ack.ticketId } })).to.include({ rating: 5, comment: null });
    expect((await server.request('POST', `/api/widget/surveys/${event.token}`, { body: { rating: 6 } })).status).to.equal(400);
    expect((await server.request('POST', `/api/widget/surveys/${'x'.repeat(43)}`, { body: { rating: 5 } })).status).to.equal(404);
  });
});
