import { expect } from 'chai';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildAgent, buildTicket } from '../factories';
import type { MessageJson, TicketJson } from '../../server/presenters/schemas';

interface ErrorBody {
  error: { code: string; message: string };
}

describeEachDatabase('messages', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database, { ATTACHMENT_MAX_BYTES: '1024' });
    admin = await server.login();
  });
  after(async () => server?.close());

  it('a public reply stops the waiting clock; an internal note does not', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const note = await server.request<MessageJson>('POST', `/api/tickets/${ticket.id}/messages`, {
      token: admin,
      body: { body: 'Checked the warehouse system', internal: true },
    });
    expect(note.status).to.equal(201);
    expect(note.body).to.include({ internal: true, direction: 'outbound', authorType: 'agent', deliveryState: null });
    let current = await server.request<TicketJson>('GET', `/api/tickets/${ticket.id}`, { token: admin });
    expect(current.body.waitingSince).to.be.a('string');

    const reply = await server.request<MessageJson>('POST', `/api/tickets/${ticket.id}/messages`, {
      token: admin,
      body: { body: '  Your parcel left the warehouse today.  ' },
    });
    expect(reply.status).to.equal(201);
    expect(reply.body).to.include({ internal: false, body: 'Your parcel left the warehouse today.', authorName: 'Administrator' });
    current = await server.request<TicketJson>('GET', `/api/tickets/${ticket.id}`, { token: admin });
    expect(current.body.waitingSince).to.equal(null);
    expect(current.body.alertDueAt).to.equal(null);

    const list = await server.request<{ data: MessageJson[]; total: number }>('GET', `/api/tickets/${ticket.id}/messages`, { token: admin });
    expect(list.body.total).to.equal(3);
    expect(list.body.data.map((m) => m.authorType)).to.deep.equal(['customer', 'agent', 'agent']);
    expect(list.body.data.map((m) => m.internal)).to.deep.equal([false, true, false]);
  });

  it('sanitises HTML: scripts, event handlers and javascript: links are removed', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const reply = await server.request<MessageJson>('POST', `/api/tickets/${ticket.id}/messages`, {
      token: admin,
      body: {
        html: '<p onclick="steal()">Hello <b>there</b></p><script>alert(1)</script><a href="javascript:alert(2)">x</a><img src="x" onerror="alert(3)"><a href="https://example.com">shop</a>',
      },
    });
    expect(reply.status).to.equal(201);
    const html = reply.body.html as string;
    expect(html).not.to.match(/script|onclick|onerror|javascript:|alert/i);
    expect(html).to.contain('<b>there</b>').and.contain('href="https://example.com"').and.contain('rel="noopener noreferrer nofollow"');
    expect(reply.body.body).to.contain('Hello there').and.contain('shop');
  });

  it('answers 400 for an empty reply and 404 for an unknown ticket', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const empty = await server.request<ErrorBody>('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: '   ' } });
    expect(empty.status).to.equal(400);
    expect(empty.body.error.code).to.equal('validation_error');
    expect((await server.request('POST', '/api/tickets/999999/messages', { token: admin, body: { body: 'hi' } })).status).to.equal(404);
    expect((await server.request('GET', '/api/tickets/999999/messages', { token: admin })).status).to.equal(404);
  });

  it('attachments: upload, attach to a reply, download; over the limit is refused; others’ uploads cannot be used', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const upload = await fetch(`${server.url}/api/attachments?filename=${encodeURIComponent('发票 invoice.txt')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' },
      body: 'invoice 2026-001',
    });
    expect(upload.status).to.equal(201);
    const attachment = (await upload.json()) as { id: number; filename: string; size: number };
    expect(attachment).to.include({ filename: '发票 invoice.txt', size: 16 });

    const tooBig = await fetch(`${server.url}/api/attachments?filename=big.bin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(2048, 1),
    });
    expect(tooBig.status).to.equal(413);
    expect(((await tooBig.json()) as ErrorBody).error.code).to.equal('payload_too_large');

    const other = await buildAgent(server.server.ctx);
    const otherToken = await server.login(other.email, other.password);
    const stolen = await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: otherToken, body: { body: 'hi', attachmentIds: [attachment.id] } });
    expect(stolen.status).to.equal(400);

    const reply = await server.request<MessageJson>('POST', `/api/tickets/${ticket.id}/messages`, {
      token: admin,
      body: { body: 'Here is your invoice', attachmentIds: [attachment.id] },
    });
    expect(reply.status).to.equal(201);
    expect(reply.body.attachments).to.deep.equal([{ id: attachment.id, filename: '发票 invoice.txt', contentType: 'text/plain', size: 16 }]);
    const reused = await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'again', attachmentIds: [attachment.id] } });
    expect(reused.status).to.equal(400);

    const download = await fetch(`${server.url}/api/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-disposition')).to.match(/^attachment;/);
    expect(await download.text()).to.equal('invoice 2026-001');
    expect((await fetch(`${server.url}/api/attachments/${attachment.id}`)).status).to.equal(401);
  });
});
