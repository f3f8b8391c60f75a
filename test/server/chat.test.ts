/**
 * Live chat over the real server with socket.io-client on both sides: sessions, acks after
 * storage, clientId dedupe, replies in real time and replayed after an absence, verified and
 * unverified identities, limits, typing, the offline email fallback, and 100 messages across
 * repeated connection drops.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { io as connect, type Socket } from 'socket.io-client';
import { ChatOutbox } from '../../client/shared/chatOutbox';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { Message } from '../../server/models/Message';
import { Ticket } from '../../server/models/Ticket';
import { forgetPolicy } from '../../server/services/waitingClockService';
import { buildTicket } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { nextEvent } from '../helpers/socket';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';

const SECRET = 'widget-secret-for-tests';

interface Session {
  visitorToken: string;
  customerId: number;
  ticketId: number | null;
  agentsOnline: boolean;
  history: Array<{ id: number; body: string }>;
}
interface WidgetMessage {
  id: number;
  ticketId: number;
  body: string;
  authorType: string;
  authorName: string | null;
}
type Ack = { ok: boolean; id?: number; ticketId?: number; error?: { code: string } };


describeEachDatabase('live chat', (database) => {
  let server: TestServer;
  let smtp: SmtpSink;
  let admin: string;
  const sockets: Socket[] = [];
  before(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer(database, { WIDGET_HMAC_SECRET: SECRET, CHAT_MAX_MESSAGE_CHARS: '200', CHAT_RATE_PER_MINUTE: '30', WIDGET_NEW_VISITORS_PER_MINUTE: '1000', CHAT_UPLOAD_MAX_BYTES: '2048', SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test' });
    admin = await server.login();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  after(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const visitor = async (auth: Record<string, unknown> = {}) => {
    const socket = connect(`${server.url}/widget`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const session = await nextEvent<Session>(socket, 'session');
    return { socket, session };
  };
  const agent = async () => {
    const socket = connect(`${server.url}/agent`, { auth: { token: admin }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await nextEvent(socket, 'connect');
    return socket;
  };
  const send = (socket: Socket, text: string, clientId: string) => socket.timeout(5000).emitWithAck('message', { text, clientId }) as Promise<Ack>;

  it('a new visitor gets a session; a message is acked once stored, opens a chat ticket and reaches the agents', async () => {
    const console_ = await agent();
    const { socket, session } = await visitor({ name: 'Visitor Vera' });
    expect(session.visitorToken).to.be.a('string').with.length.greaterThan(20);
    expect(session.ticketId).to.equal(null);
    expect(session.agentsOnline).to.equal(true);

    const created = nextEvent<{ ticket: { id: number; channel: string } }>(console_, 'ticket.created');
    const arrived = nextEvent<{ ticketId: number; message: { body: string } }>(console_, 'message.created');
    const ack = await send(socket, 'Hi, is the blue jacket in stock?', 'c-1');
    expect(ack.ok).to.equal(true);
    const stored = await Message.findByPk(ack.id as number);
    expect(stored).to.include({ body: 'Hi, is the blue jacket in stock?', clientId: 'c-1', authorType: 'customer', channel: 'chat' });
    expect((await created).ticket).to.include({ id: ack.ticketId, channel: 'chat' });
    expect((await arrived).message.body).to.equal('Hi, is the blue jacket in stock?');
    const ticket = await Ticket.findByPk(ack.ticketId as number);
    expect(ticket?.waitingSince).to.be.instanceOf(Date);

    const again = await send(socket, 'Hi, is the blue jacket in stock?', 'c-1');
    expect(again).to.deep.include({ ok: true, id: ack.id, ticketId: ack.ticketId });
    expect(await Message.count({ where: { ticketId: ack.ticketId as number } })).to.equal(1);
  });

  it('more visitors than database connections writing at once, alert policy not cached: every message is stored', async () => {
    // Each message's transaction reads the alert policy when its cache is cold. Read on a second
    // connection, 10 such transactions held the whole MariaDB pool and waited for an 11th until
    // the pool gave up (10 s): messages were refused under a modest chat load.
    const visitors = await Promise.all(Array.from({ length: 25 }, (_, i) => visitor({ name: `Crowd ${i}` })));
    forgetPolicy(server.server.ctx);
    const acks = await Promise.all(visitors.map(({ socket }, i) => socket.timeout(30_000).emitWithAck('message', { text: `Crowd message ${i}`, clientId: `crowd-${i}` }) as Promise<Ack>));
    expect(acks.filter((ack) => !ack.ok)).to.deep.equal([]);
    expect(await Message.count({ where: { clientId: acks.map((_, i) => `crowd-${i}`) } })).to.equal(25);
  });

  it('an agent reply reaches the visitor in real time; one missed while away is replayed on return', async () => {
    const { socket, session } = await visitor();
    const ack = await send(socket, 'Where is my order?', 'q-1');
    const incoming = nextEvent<WidgetMessage>(socket, 'message');
    const reply = await server.request<{ id: number }>('POST', `/api/tickets/${ack.ticketId}/messages`, { token: admin, body: { body: 'It ships today.' } });
    expect(await incoming).to.deep.include({ id: reply.body.id, ticketId: ack.ticketId, body: 'It ships today.', authorType: 'agent', authorName: 'Administrator' });
    await server.server.ctx.events.drain();
    expect((await Message.findByPk(reply.body.id))?.deliveryState).to.equal('sent');
    const internal = await server.request('POST', `/api/tickets/${ack.ticketId}/messages`, { token: admin, body: { body: 'VIP customer', internal: true } });
    expect(internal.status).to.equal(201);

    socket.disconnect();
    const missed = await server.request<{ id: number }>('POST', `/api/tickets/${ack.ticketId}/messages`, { token: admin, body: { body: 'Tracking: SF123' } });
    await server.server.ctx.events.drain();
    expect((await Message.findByPk(missed.body.id))?.deliveryState).to.equal('queued');

    const back = connect(`${server.url}/widget`, { auth: { visitorToken: session.visitorToken, lastSeenId: reply.body.id }, transports: ['websocket'], reconnection: false });
    sockets.push(back);
    const [returned, replayed] = await Promise.all([nextEvent<Session>(back, 'session'), nextEvent<WidgetMessage>(back, 'message')]);
    expect(returned.customerId).to.equal(session.customerId);
    expect(returned.ticketId).to.equal(ack.ticketId);
    expect(returned.history.map((m) => m.body)).to.deep.equal(['Where is my order?', 'It ships today.', 'Tracking: SF123']);
    expect(replayed).to.deep.include({ id: missed.body.id, body: 'Tracking: SF123' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await Message.findByPk(missed.body.id))?.deliveryState).to.equal('sent');
  });

  it('a verified identity joins the customer’s history; an unverified claim does not', async () => {
    const { ticket } = await buildTicket(server.server.ctx, { customer: { email: 'known@customer.test', name: 'Known Customer' } });
    const hash = createHmac('sha256', SECRET).update('known@customer.test').digest('hex');
    const verified = await visitor({ email: 'known@customer.test', identifierHash: hash });
    expect(verified.session.customerId).to.equal(ticket.customerId);

    const forged = await visitor({ email: 'known@customer.test', identifierHash: 'ab'.repeat(32) });
    expect(forged.session.customerId).not.to.equal(ticket.customerId);
    const plain = await visitor({ email: 'known@customer.test' });
    expect(plain.session.customerId).not.to.equal(ticket.customerId);
    const badToken = await visitor({ visitorToken: 'made-up-token' });
    expect(badToken.session.visitorToken).not.to.equal('made-up-token');
  });

  it('refuses empty, oversized and badly identified messages, and floods, with clear codes', async () => {
    const { socket } = await visitor();
    expect((await send(socket, '   ', 'e-1')).error?.code).to.equal('validation_error');
    expect((await send(socket, 'x'.repeat(201), 'e-2')).error?.code).to.equal('payload_too_large');
    expect((await send(socket, 'hello', 'bad id with spaces')).error?.code).to.equal('validation_error');
    const codes: string[] = [];
    for (let i = 0; i < 32; i += 1) {
      const ack = await send(socket, `flood ${i}`, `f-${i}`);
      codes.push(ack.ok ? 'ok' : (ack.error?.code as string));
    }
    expect(codes.filter((c) => c === 'ok').length).to.equal(30);
    expect(codes.slice(30)).to.deep.equal(['rate_limited', 'rate_limited']);
  });

  it('takes a visitor’s file over HTTP with their token, within size and type limits, from any site', async () => {
    const { socket, session } = await visitor();
    const ack = await send(socket, 'Here is the photo', 'p-1');
    const upload = (headers: Record<string, string>, body: Buffer, name = 'damage.png', clientId = 'file-1') =>
      fetch(`${server.url}/api/widget/uploads?filename=${encodeURIComponent(name)}&clientId=${clientId}`, { method: 'POST', headers: { origin: 'https://shop.example', ...headers }, body: new Uint8Array(body) });
    const ok = await upload({ 'x-visitor-token': session.visitorToken, 'content-type': 'image/png' }, Buffer.alloc(1000, 1));
    expect(ok.status).to.equal(201);
    expect(ok.headers.get('access-control-allow-origin')).to.equal('*');
    const { id, ticketId } = (await ok.json()) as { id: number; ticketId: number };
    expect(ticketId).to.equal(ack.ticketId);
    const read = await server.request<{ messages: Array<{ id: number; body: string; attachments: Array<{ filename: string; contentType: string; size: number }> }> }>('GET', `/api/tickets/${ticketId}`, { token: admin });
    const message = read.body.messages.find((m) => m.id === id);
    expect(message?.body).to.equal('📎 damage.png');
    expect(message?.attachments).to.have.length(1);
    expect(message?.attachments[0]).to.include({ filename: 'damage.png', contentType: 'image/png', size: 1000 });
    // The same clientId again stores nothing new.
    const again = await upload({ 'x-visitor-token': session.visitorToken, 'content-type': 'image/png' }, Buffer.alloc(1000, 1));
    expect(((await again.json()) as { id: number }).id).to.equal(id);

    expect((await upload({ 'x-visitor-token': 'wrong', 'content-type': 'image/png' }, Buffer.alloc(10), 'a.png', 'file-2')).status).to.equal(401);
    expect((await upload({ 'x-visitor-token': session.visitorToken, 'content-type': 'text/html' }, Buffer.from('<script>'), 'x.html', 'file-3')).status).to.equal(415);
    const big = await upload({ 'x-visitor-token': session.visitorToken, 'content-type': 'image/png' }, Buffer.alloc(4096, 1), 'big.png', 'file-4');
    expect(big.status).to.equal(413);
    expect(big.headers.get('access-control-allow-origin')).to.equal('*');
    const preflight = await fetch(`${server.url}/api/widget/uploads`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-visitor-token' } });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-headers')).to.contain('X-Visitor-Token');
  });

  it('passes the visitor’s typing to the agents', async () => {
    const console_ = await agent();
    const { socket } = await visitor();
    const ack = await send(socket, 'typing test', 't-1');
    const typing = nextEvent<{ ticketId: number; visitor: boolean }>(console_, 'typing');
    socket.emit('typing', { typing: true });
    expect(await typing).to.deep.include({ ticketId: ack.ticketId, visitor: true });
  });

  it('with no agent online the visitor is told so; the reply goes by email and the mailed answer joins the chat', async () => {
    const { socket, session } = await visitor({ name: 'Offline Olga', email: 'olga@customer.test' });
    expect(session.agentsOnline).to.equal(false);
    const ack = await send(socket, 'Nobody there? Please email me.', 'o-1');
    socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = smtp.messages.length;
    await server.request('POST', `/api/tickets/${ack.ticketId}/messages`, { token: admin, body: { body: 'Sorry we missed you — here is the answer.' } });
    await server.server.ctx.events.drain();
    await smtp.waitFor(before + 1);
    const mail = await simpleParser(smtp.messages[smtp.messages.length - 1].raw);
    expect(smtp.messages[smtp.messages.length - 1].envelope.to).to.deep.equal(['olga@customer.test']);
    expect(mail.text).to.contain('here is the answer');

    const ctx = server.server.ctx;
    const answer = await ingestRawMail(ctx, null, await buildMail({ from: 'olga@customer.test', subject: `Re: ${mail.subject}`, inReplyTo: mail.messageId, text: 'Thanks, that helps.' }), { threadSecret: ctx.channels.email?.threadSecret as string });
    expect(answer).to.deep.include({ outcome: 'appended', ticketId: ack.ticketId });
  });

  it('100 messages sent while the connection drops every few messages are stored exactly once, in order', async function () {
    this.timeout(120_000);
    // This visitor is not flooding: lift the per-minute limit for them.
    const config = server.server.ctx.config as { CHAT_RATE_PER_MINUTE: number };
    const limit = config.CHAT_RATE_PER_MINUTE;
    config.CHAT_RATE_PER_MINUTE = 10_000;
    after(() => (config.CHAT_RATE_PER_MINUTE = limit));
    const first = await visitor();
    first.socket.disconnect();
    const socket = connect(`${server.url}/widget`, { auth: { visitorToken: first.session.visitorToken }, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 });
    sockets.push(socket);
    await nextEvent(socket, 'session');
    const stored: number[] = [];
    const outbox = new ChatOutbox(socket, (message) => stored.push(message.id as number));
    for (let i = 0; i < 100; i += 1) {
      outbox.send(`message ${i}`, `drop-${i}`);
      // Cut the transport every 7 messages; socket.io-client reconnects by itself.
      if (i % 7 === 6) socket.io.engine.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const deadline = Date.now() + 60_000;
    while (outbox.pending.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outbox.pending).to.have.length(0);
    const rows = await Message.findAll({ where: { authorId: first.session.customerId, authorType: 'customer' }, order: [['id', 'ASC']] });
    expect(rows.map((m) => m.body)).to.deep.equal(Array.from({ length: 100 }, (_, i) => `message ${i}`));
    expect(new Set(stored).size).to.equal(100);
  });
});
