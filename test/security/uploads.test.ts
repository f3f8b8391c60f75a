/**
 * Upload limits and safe downloads. Already covered elsewhere: the agent composer's 413 and the
 * use of others' uploads (test/server/messages.test.ts), the widget's 401/415/413 and its open
 * CORS (test/server/chat.test.ts). Here: programs refused on both sides, a widget file whose name
 * does not fit its type refused, nothing stored (no row, no bytes, no message) on any refusal,
 * and every stored file — whoever sent it — served back as a download that cannot run in our
 * origin. Storage does not depend on the database: SQLite only.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { Attachment } from '../../server/models/Attachment';
import { Message } from '../../server/models/Message';
import { buildTicket } from '../factories';
import { testDatabases } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';
import { newVisitor, type Visitor } from './credentials';

const MAX = 4096;
type ErrorBody = { error: { code: string; message: string } };

function filesUnder(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true }).filter((entry) => fs.statSync(path.join(dir, String(entry))).isFile()).length;
}

describe('security: uploads', () => {
  let server: TestServer;
  let admin: string;
  let visitor: Visitor;
  before(async () => {
    server = await startTestServer(testDatabases()[0], { ATTACHMENT_MAX_BYTES: String(MAX), CHAT_UPLOAD_MAX_BYTES: String(MAX) });
    admin = await server.login();
    visitor = await newVisitor(server);
  });
  after(async () => {
    visitor?.socket.disconnect();
    await server?.close();
  });

  const stored = async () => ({ rows: await Attachment.count(), files: filesUnder(path.join(server.server.ctx.config.DATA_DIR, 'attachments')), messages: await Message.count() });
  const agentUpload = (filename: string, contentType: string, body: Uint8Array<ArrayBuffer> | string) =>
    fetch(`${server.url}/api/attachments?filename=${encodeURIComponent(filename)}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': contentType }, body });
  const widgetUpload = (filename: string, contentType: string, body: Uint8Array<ArrayBuffer> | string, clientId: string) =>
    fetch(`${server.url}/api/widget/uploads?filename=${encodeURIComponent(filename)}&clientId=${clientId}`, { method: 'POST', headers: { 'x-visitor-token': visitor.visitorToken, 'content-type': contentType, origin: 'https://shop.example' }, body });
  const expectRefused = async (response: Response, status: number, code: string) => {
    expect(response.status).to.equal(status);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).to.equal(code);
    expect(body.error.message).to.be.a('string').that.is.not.empty;
  };

  it('refuses programs, misnamed and oversized files from agents and visitors, and stores nothing', async () => {
    const before = await stored();
    await expectRefused(await agentUpload('setup.exe', 'application/octet-stream', 'MZ\u0090\u0000'), 415, 'unsupported_type');
    await expectRefused(await agentUpload('invoice.pdf.bat', 'text/plain', '@echo off'), 415, 'unsupported_type');
    await expectRefused(await agentUpload('big.pdf', 'application/pdf', new Uint8Array(MAX + 1)), 413, 'payload_too_large');
    // A visitor's "picture" that would land on the agent's disk as a program, or as a web page.
    await expectRefused(await widgetUpload('invoice.exe', 'image/png', 'MZ', 'w-exe'), 415, 'unsupported_type');
    await expectRefused(await widgetUpload('photo.html', 'image/png', '<script>alert(1)</script>', 'w-html'), 415, 'unsupported_type');
    await expectRefused(await widgetUpload('drawing.svg', 'image/svg+xml', '<svg onload="alert(1)"/>', 'w-svg'), 415, 'unsupported_type');
    await expectRefused(await widgetUpload('huge.png', 'image/png', new Uint8Array(MAX + 1), 'w-big'), 413, 'payload_too_large');
    expect(await stored()).to.deep.equal(before);
  });

  it('still takes ordinary files', async () => {
    expect((await agentUpload('manual.pdf', 'application/pdf', '%PDF-1.4')).status).to.equal(201);
    expect((await widgetUpload('receipt.JPG', 'image/jpeg', 'jpeg-bytes', 'w-ok')).status).to.equal(201);
  });

  it('serves every stored file as a download that cannot run in our origin: agent uploads, mail attachments', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const html = (await (await agentUpload('page.html', 'text/html', '<script>window.parent.__xss = 1</script>')).json()) as { id: number };
    await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'see attached', attachmentIds: [html.id] } });
    const ctx = server.server.ctx;
    const mail = await buildMail({
      from: 'sender@customer.test',
      text: 'See the picture',
      attachments: [
        { filename: 'logo.svg', content: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', contentType: 'image/svg+xml' },
        { filename: 'page.htm', content: '<html><script>alert(3)</script></html>', contentType: 'text/html' },
      ],
    });
    const result = await ingestRawMail(ctx, null, mail, { threadSecret: ctx.channels.email?.threadSecret as string });
    if (result.outcome === 'quarantined') throw new Error(result.reason);
    const mailed = await Attachment.findAll({ where: { messageId: result.messageId as number } });
    expect(mailed.map((a) => a.filename).sort()).to.deep.equal(['logo.svg', 'page.htm']);
    for (const id of [html.id, ...mailed.map((a) => a.id)]) {
      const response = await fetch(`${server.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-disposition')).to.match(/^attachment;/);
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('content-security-policy')).to.contain('sandbox');
      await response.arrayBuffer();
    }
    // The raw sources agents and admins can open are downloads too.
    const raw = await fetch(`${server.url}/api/messages/${result.messageId}/raw`, { headers: { authorization: `Bearer ${admin}` } });
    expect(raw.headers.get('content-type')).to.contain('message/rfc822');
    expect(raw.headers.get('content-disposition')).to.match(/^attachment;/);
    expect(raw.headers.get('x-content-type-options')).to.equal('nosniff');
  });
});
