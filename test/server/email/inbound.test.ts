/**
 * The inbound pipeline end to end on each database: raw mail in, tickets and messages out —
 * threading, dedupe, forwarding, automatic mail, attachments, quoted text, quarantine.
 */
import { expect } from 'chai';
import { ingestRawMail, type IngestResult } from '../../../server/channels/email/inbound/ingest';
import { makeMessageId } from '../../../server/channels/email/messageIds';
import { Message } from '../../../server/models/Message';
import { Ticket } from '../../../server/models/Ticket';
import type { MessageJson, TicketJson } from '../../../server/presenters/schemas';
import { buildAgent } from '../../factories';
import { describeEachDatabase } from '../../helpers/databases';
import { buildMail, newMessageId, type TestMail } from '../../helpers/mail';
import { startTestServer, type TestServer } from '../../helpers/server';

type TicketWithMessages = TicketJson & { messages: MessageJson[] };

describeEachDatabase('email inbound pipeline', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database, { ATTACHMENT_MAX_BYTES: '2048', MAIL_FROM: 'support@shop.test' });
    admin = await server.login();
  });
  after(async () => server?.close());

  const secret = () => server.server.ctx.channels.email?.threadSecret as string;
  const ingest = async (mail: TestMail | Buffer): Promise<IngestResult> =>
    ingestRawMail(server.server.ctx, null, Buffer.isBuffer(mail) ? mail : await buildMail(mail), { threadSecret: secret() });
  const ticketOf = async (result: IngestResult) => {
    expect(result.outcome, JSON.stringify(result)).to.be.oneOf(['created', 'appended', 'duplicate']);
    const ticketId = (result as { ticketId: number }).ticketId;
    return (await server.request<TicketWithMessages>('GET', `/api/tickets/${ticketId}`, { token: admin })).body;
  };

  it('a first mail opens an email ticket for a new customer, waiting for an answer', async () => {
    const result = await ingest({ from: '"张伟" <Zhang.Wei@Customer.test>', cc: 'boss@customer.test', subject: 'Re: 订单 1001 还没发货', text: '你好，我的订单还没有发货。' });
    expect(result.outcome).to.equal('created');
    const ticket = await ticketOf(result);
    expect(ticket).to.include({ channel: 'email', subject: '订单 1001 还没发货', status: 'open' });
    expect(ticket.customer).to.include({ name: '张伟', email: 'zhang.wei@customer.test' });
    expect(ticket.waitingSince).to.be.a('string');
    expect(ticket.messages[0]).to.include({ direction: 'inbound', authorType: 'customer', fromAddress: 'zhang.wei@customer.test', body: '你好，我的订单还没有发货。', hasRawSource: true });
    expect(ticket.messages[0].recipients).to.deep.equal({ to: ['support@shop.test'], cc: ['boss@customer.test'] });
  });

  it('threads by our signed Message-ID, by a known Message-ID, and not by a forged one', async () => {
    const first = await ticketOf(await ingest({ from: 'ann@customer.test', subject: 'Broken zipper' }));
    const ours = makeMessageId(secret(), first.id, 'shop.test', '999');
    const viaOurs = await ingest({ from: 'ann@customer.test', subject: 'Re: Broken zipper', inReplyTo: ours, references: [ours] });
    expect(viaOurs).to.deep.include({ outcome: 'appended', ticketId: first.id });

    const customerId = (await Message.findOne({ where: { ticketId: first.id }, order: [['id', 'ASC']] }))?.externalId as string;
    const viaKnown = await ingest({ from: 'ann@customer.test', subject: 'One more thing', references: [customerId] });
    expect(viaKnown).to.deep.include({ outcome: 'appended', ticketId: first.id });

    const forged = ours.replace(/\.([0-9a-f]{16})@/, '.0000000000000000@');
    const viaForged = await ingest({ from: 'mallory@evil.test', subject: 'Re: Broken zipper', inReplyTo: forged });
    expect(viaForged.outcome).to.equal('created');
  });

  it('threads by [#number] only for someone who takes part in the ticket', async () => {
    const ticket = await ticketOf(await ingest({ from: 'bob@customer.test', subject: 'Invoice address' }));
    const fromBob = await ingest({ from: 'Bob <BOB@customer.test>', subject: `Re: Invoice address [#${ticket.number}]` });
    expect(fromBob).to.deep.include({ outcome: 'appended', ticketId: ticket.id });
    const fromStranger = await ingest({ from: 'eve@other.test', subject: `Invoice address [#${ticket.number}]` });
    expect(fromStranger.outcome).to.equal('created');
    expect((fromStranger as { ticketId: number }).ticketId).not.to.equal(ticket.id);
  });

  it('stores a mail once however often it is fetched', async () => {
    const raw = await buildMail({ from: 'dup@customer.test', messageId: newMessageId() });
    const first = await ingest(raw);
    const again = await ingest(raw);
    expect(again).to.deep.include({ outcome: 'duplicate', ticketId: (first as { ticketId: number }).ticketId });
    expect(await Message.count({ where: { ticketId: (first as { ticketId: number }).ticketId } })).to.equal(1);
  });

  it('a mail forwarded by an agent opens a ticket for the original sender', async () => {
    const agent = await buildAgent(server.server.ctx);
    const result = await ingest({
      from: agent.email,
      subject: 'Fwd: Where is my refund?',
      text: ['Please handle this.', '', '---------- Forwarded message ---------', 'From: Carol Client <carol@customer.test>', 'Date: Mon, 23 Nov 2026', 'Subject: Where is my refund?', '', 'I returned the shoes two weeks ago.'].join('\n'),
    });
    const ticket = await ticketOf(result);
    expect(ticket.customer?.email).to.equal('carol@customer.test');
    expect(ticket.subject).to.equal('Where is my refund?');
    expect(ticket.messages[0].body).to.contain(`Forwarded by ${agent.actor.agent.name}`);
  });

  it('automatic mail is stored but neither reopens nor starts the waiting clock', async () => {
    const ticket = await ticketOf(await ingest({ from: 'dan@customer.test', subject: 'Size exchange' }));
    await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'Sure, which size?' } });
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'solved' } });
    // Solving sends the satisfaction survey (a processor after commit): let it land first.
    await server.server.ctx.events.drain();
    const outOfOffice = await ingest({
      from: 'dan@customer.test',
      subject: `Automatic reply: Re: Size exchange [#${ticket.number}]`,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      text: 'I am out of the office until Monday.',
    });
    expect(outOfOffice).to.deep.include({ outcome: 'appended', ticketId: ticket.id });
    const after = await ticketOf(outOfOffice);
    expect(after.status).to.equal('solved');
    expect(after.waitingSince).to.equal(null);
    expect(after.messages[after.messages.length - 1].autoKind).to.equal('auto-reply');
  });

  it('a customer mail on a closed ticket starts a new one; on a solved one it reopens it', async () => {
    const ticket = await ticketOf(await ingest({ from: 'erin@customer.test', subject: 'Gift card' }));
    const ours = makeMessageId(secret(), ticket.id, 'shop.test', '1');
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'solved' } });
    const reopened = await ticketOf(await ingest({ from: 'erin@customer.test', subject: 'Re: Gift card', inReplyTo: ours }));
    expect(reopened).to.include({ id: ticket.id, status: 'open' });
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'closed' } });
    const fresh = await ingest({ from: 'erin@customer.test', subject: 'Re: Gift card', inReplyTo: ours });
    expect(fresh.outcome).to.equal('created');
  });

  it('keeps attachments and inline images; one over the limit is noted, not dropped', async () => {
    const result = await ingest({
      from: 'fay@customer.test',
      subject: 'Photo of the damage',
      html: '<p>See <img src="cid:photo1"></p><script>alert(1)</script>',
      text: 'See the photo',
      attachments: [
        { filename: 'photo.png', content: Buffer.alloc(300, 7), contentType: 'image/png', cid: 'photo1' },
        { filename: '收据.pdf', content: Buffer.alloc(500, 1), contentType: 'application/pdf' },
        { filename: 'video.mp4', content: Buffer.alloc(5000, 2), contentType: 'video/mp4' },
      ],
    });
    const ticket = await ticketOf(result);
    const message = ticket.messages[0];
    expect(message.attachments.map((a) => a.filename).sort()).to.deep.equal(['photo.png', '收据.pdf']);
    expect(message.body).to.contain('video.mp4').and.contain('over the');
    expect(message.html).to.contain('cid:photo1').and.not.contain('script');
    const download = await fetch(`${server.url}/api/attachments/${message.attachments.find((a) => a.filename === '收据.pdf')?.id}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.alloc(500, 1))).to.equal(true);
  });

  it('hides quoted history from the text agents read; the full text and the raw source stay available', async () => {
    const result = await ingest({
      from: 'gus@customer.test',
      subject: 'Re: Delivery date',
      text: 'Thursday works for me.\n\nOn Tue, Nov 24, 2026 at 9:00 AM Shop Support <support@shop.test> wrote:\n> Would Thursday suit you?\n> Best, Support',
    });
    const message = (await ticketOf(result)).messages[0];
    expect(message.body).to.equal('Thursday works for me.');
    expect(message.originalBody).to.contain('Would Thursday suit you?');
    const raw = await fetch(`${server.url}/api/messages/${message.id}/raw`, { headers: { authorization: `Bearer ${admin}` } });
    expect(raw.headers.get('content-type')).to.contain('message/rfc822');
    expect(await raw.text()).to.contain('Would Thursday suit you?');
  });

  it('quarantines a mail it cannot process, with the reason and the source; admins list, read and retry it', async () => {
    const garbage = await ingest(Buffer.from('\u0000\u0001 this is not a mail at all'));
    expect(garbage.outcome).to.equal('quarantined');
    const noSender = await ingest(Buffer.from('Subject: no sender here\r\nMessage-ID: <nosender@x.test>\r\n\r\nbody\r\n'));
    expect(noSender.outcome).to.equal('quarantined');
    expect((noSender as { reason: string }).reason).to.contain('no sender');

    const list = await server.request<{ data: Array<{ id: number; reason: string; status: string }>; total: number }>('GET', '/api/mail/quarantine', { token: admin });
    expect(list.status).to.equal(200);
    const entry = list.body.data.find((q) => q.id === (noSender as { quarantineId: number }).quarantineId);
    expect(entry?.status).to.equal('quarantined');
    const raw = await fetch(`${server.url}/api/mail/quarantine/${entry?.id}/raw`, { headers: { authorization: `Bearer ${admin}` } });
    expect(await raw.text()).to.contain('no sender here');
    const retry = await server.request<{ ok: boolean; reason: string; quarantined: { attempts: number } }>('POST', `/api/mail/quarantine/${entry?.id}/retry`, { token: admin });
    expect(retry.body.ok).to.equal(false);
    expect(retry.body.quarantined.attempts).to.equal(2);

    const agent = await buildAgent(server.server.ctx);
    const agentToken = await server.login(agent.email, agent.password);
    expect((await server.request('GET', '/api/mail/quarantine', { token: agentToken })).status).to.equal(403);
    expect(await Ticket.count({ where: { subject: 'no sender here' } })).to.equal(0);
  });
});
