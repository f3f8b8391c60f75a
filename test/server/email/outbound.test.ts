/**
 * Replies by email through a real SMTP server (smtp-server): threading headers, parts,
 * attachments, delivery state, retries with backoff, permanent failures, acknowledgements,
 * and the customer's answer threading back onto the ticket.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { ingestRawMail } from '../../../server/channels/email/inbound/ingest';
import { RETRY_DELAYS_MS } from '../../../server/channels/email/outbound/mailer';
import type { MessageJson, TicketJson } from '../../../server/presenters/schemas';
import { describeEachDatabase } from '../../helpers/databases';
import { buildMail, type TestMail } from '../../helpers/mail';
import { startTestServer, type TestServer } from '../../helpers/server';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtpSink';

type TicketWithMessages = TicketJson & { messages: MessageJson[] };

describeEachDatabase('email outbound', (database) => {
  let smtp: SmtpSink;
  let server: TestServer;
  let admin: string;

  async function start(env: Record<string, string> = {}, sink: Parameters<typeof startSmtpSink>[0] = {}) {
    smtp = await startSmtpSink(sink);
    server = await startTestServer(database, { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test', ...env });
    admin = await server.login();
  }
  afterEach(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const ingest = async (mail: TestMail) => {
    const ctx = server.server.ctx;
    const result = await ingestRawMail(ctx, null, await buildMail(mail), { threadSecret: ctx.channels.email?.threadSecret as string });
    return (result as { ticketId: number }).ticketId;
  };
  const ticket = async (id: number) => (await server.request<TicketWithMessages>('GET', `/api/tickets/${id}`, { token: admin })).body;
  const reply = async (ticketId: number, body: Record<string, unknown>) => {
    const response = await server.request<MessageJson>('POST', `/api/tickets/${ticketId}/messages`, { token: admin, body });
    expect(response.status).to.equal(201);
    await server.server.ctx.events.drain();
    return response.body;
  };

  it('sends a reply with threading headers, the ticket number, text and HTML parts and attachments; the answer threads back', async () => {
    await start();
    const customerMessageId = '<first-mail@customer.test>';
    const ticketId = await ingest({ from: 'Hana <hana@customer.test>', subject: '退货申请', messageId: customerMessageId });
    const upload = await fetch(`${server.url}/api/attachments?filename=label.pdf`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/pdf' }, body: Buffer.from('%PDF-1.4 label') });
    const attachment = (await upload.json()) as { id: number };
    const sent = await reply(ticketId, { body: '您好，退货标签见附件。\nThe return label is attached.', attachmentIds: [attachment.id] });
    expect(sent.deliveryState).to.equal('queued');

    await smtp.waitFor(1);
    const mail = await simpleParser(smtp.messages[0].raw);
    const number = (await ticket(ticketId)).number;
    expect(smtp.messages[0].envelope.to).to.deep.equal(['hana@customer.test']);
    expect(mail.subject).to.equal(`Re: 退货申请 [#${number}]`);
    expect(mail.inReplyTo).to.equal(customerMessageId);
    expect(mail.references).to.include(customerMessageId);
    expect(mail.text?.trim()).to.equal('您好，退货标签见附件。\nThe return label is attached.');
    expect(mail.html).to.contain('您好，退货标签见附件。');
    expect(mail.attachments.map((a) => a.filename)).to.deep.equal(['label.pdf']);
    expect(mail.headers.get('auto-submitted')).to.equal(undefined);
    expect(mail.from?.value[0].address).to.equal('support@shop.test');

    const stored = (await ticket(ticketId)).messages.find((m) => m.id === sent.id);
    expect(stored?.deliveryState).to.equal('sent');

    // The customer answers that mail: it joins the same ticket.
    const answerTicket = await ingest({ from: 'hana@customer.test', subject: `Re: ${mail.subject}`, inReplyTo: mail.messageId, references: [customerMessageId, mail.messageId as string], text: '收到，谢谢！' });
    expect(answerTicket).to.equal(ticketId);
  });

  it('a bounce of a reply marks that reply failed and joins its ticket without reopening it', async () => {
    await start();
    const ticketId = await ingest({ from: 'gone@customer.test', subject: 'Old address' });
    const sent = await reply(ticketId, { body: 'We answered, but will it arrive?' });
    await smtp.waitFor(1);
    const original = await simpleParser(smtp.messages[0].raw);
    await server.request('PATCH', `/api/tickets/${ticketId}`, { token: admin, body: { status: 'solved' } });
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
      'To: support@shop.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@mx.customer.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      '<gone@customer.test>: host mx.customer.test said: 550 5.1.1 User unknown',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; gone@customer.test',
      'Action: failed',
      'Status: 5.1.1',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${original.messageId}`,
      'Subject: Re: Old address',
      '--r--',
      '',
    ].join('\r\n');
    const ctx = server.server.ctx;
    const result = await ingestRawMail(ctx, null, Buffer.from(dsn), { threadSecret: ctx.channels.email?.threadSecret as string });
    expect(result).to.deep.include({ outcome: 'appended', ticketId });
    const after = await ticket(ticketId);
    expect(after.status).to.equal('solved');
    const bounced = after.messages.find((m) => m.id === sent.id);
    expect(bounced?.deliveryState).to.equal('failed');
    expect(bounced?.deliveryError).to.contain('Undelivered Mail');
    expect(after.messages[after.messages.length - 1].autoKind).to.equal('bounce');
  });

  it('internal notes are never mailed', async () => {
    await start();
    const ticketId = await ingest({ from: 'ivan@customer.test' });
    const note = await reply(ticketId, { body: 'Customer is a reseller', internal: true });
    expect(note.deliveryState).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).to.have.length(0);
  });

  it('retries a temporary SMTP failure with backoff and shows the state', async () => {
    await start({}, { failFirst: 1 });
    const ticketId = await ingest({ from: 'jo@customer.test' });
    const sent = await reply(ticketId, { body: 'On its way.' });
    let stored = (await ticket(ticketId)).messages.find((m) => m.id === sent.id);
    expect(stored?.deliveryState).to.equal('queued');
    expect(stored?.deliveryError).to.match(/451|try again/i);

    // Not due yet: nothing happens.
    expect(await server.server.ctx.channels.email?.mailer.sendDue()).to.equal(0);
    server.clock.advance(RETRY_DELAYS_MS[0] + 1000);
    expect(await server.server.ctx.channels.email?.mailer.sendDue()).to.equal(1);
    await smtp.waitFor(1);
    stored = (await ticket(ticketId)).messages.find((m) => m.id === sent.id);
    expect(stored?.deliveryState).to.equal('sent');
  });

  it('marks a reply failed at once when the server refuses it permanently, or when no SMTP server is configured', async () => {
    await start({}, { rejectRecipients: ['nobody@customer.test'] });
    const ticketId = await ingest({ from: 'nobody@customer.test' });
    const sent = await reply(ticketId, { body: 'Hello?' });
    const stored = (await ticket(ticketId)).messages.find((m) => m.id === sent.id);
    expect(stored?.deliveryState).to.equal('failed');
    expect(stored?.deliveryError).to.match(/55\d/);
    await server.close();
    await smtp.stop();

    server = await startTestServer(database, { MAIL_FROM: 'support@shop.test' });
    admin = await server.login();
    smtp = await startSmtpSink();
    const other = await ingest({ from: 'kim@customer.test' });
    const unsent = await reply(other, { body: 'Hello' });
    const state = (await ticket(other)).messages.find((m) => m.id === unsent.id);
    expect(state?.deliveryState).to.equal('failed');
    expect(state?.deliveryError).to.contain('SMTP_HOST');
  });

  it('acknowledges a new email ticket with Auto-Submitted, never automatic mail, at most three per sender an hour', async () => {
    await start({ MAIL_ACKNOWLEDGE: 'true' });
    const first = await ingest({ from: 'lea@customer.test', subject: 'Coupon not accepted' });
    await server.server.ctx.events.drain();
    await smtp.waitFor(1);
    const ack = await simpleParser(smtp.messages[0].raw);
    expect(ack.headers.get('auto-submitted')).to.equal('auto-replied');
    const number = (await ticket(first)).number;
    expect(ack.subject).to.equal(`Re: Coupon not accepted [#${number}]`);
    expect(ack.text).to.contain(`#${number}`);

    await ingest({ from: 'robot@customer.test', subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' } });
    for (let i = 0; i < 4; i += 1) await ingest({ from: 'lea@customer.test', subject: `Another question ${i}` });
    await server.server.ctx.events.drain();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.server.ctx.events.drain();
    const recipients = smtp.messages.map((m) => m.envelope.to[0]);
    expect(recipients.filter((r) => r === 'robot@customer.test')).to.have.length(0);
    expect(recipients.filter((r) => r === 'lea@customer.test')).to.have.length(3);
  });
});
