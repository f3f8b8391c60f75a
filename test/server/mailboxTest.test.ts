/**
 * "Test connection" for mailboxes against real servers: a private Dovecot (IMAP), the smtp-server
 * sink, an SMTP server that checks passwords, a closed port and a server that never greets.
 */
import net from 'node:net';
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { describeEachDatabase } from '../helpers/databases';
import { startDovecot, type DovecotServer } from '../helpers/dovecot';
import { freePort } from '../helpers/net';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';

interface Report {
  imap: { ok: boolean; error?: string; mailboxes?: number; messages?: number };
  smtp: { ok: boolean; error?: string };
}

const mail = (subject: string) => `From: a@customer.test\r\nTo: support@shop.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject}-${Date.now()}@customer.test>\r\n\r\nHello\r\n`;

/** An SMTP server that accepts only user "relay" with password "right-password". */
async function startAuthSmtp(): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay' && auth.password === 'right-password') return callback(null, { user: 'relay' });
      callback(new Error('Invalid username or password'));
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describeEachDatabase('mailbox connection test', (database) => {
  let dovecot: DovecotServer;
  let sink: SmtpSink;
  let authSmtp: { port: number; stop(): Promise<void> };
  let server: TestServer;
  let admin: string;
  let closedPort: number;
  before(async () => {
    [dovecot, sink, authSmtp, closedPort] = await Promise.all([startDovecot(), startSmtpSink(), startAuthSmtp(), freePort()]);
    await dovecot.appendMany([mail('one'), mail('two')]);
    server = await startTestServer(database, { SMTP_HOST: sink.host, SMTP_PORT: String(sink.port), SMTP_SECURE: 'false' });
    admin = await server.login();
  });
  after(async () => {
    await server?.close();
    await Promise.all([dovecot?.stop(), sink?.stop(), authSmtp?.stop()]);
  });

  const imapSettings = () => ({ host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, folder: 'INBOX' });
  const test = (body: unknown) => server.request<Report>('POST', '/api/mailboxes/test', { token: admin, body });

  it('with the right credentials: IMAP logs in and counts the folder, SMTP (the configured server) accepts', async () => {
    const response = await test(imapSettings());
    expect(response.status).to.equal(200);
    expect(response.body.imap).to.deep.equal({ ok: true, mailboxes: 1, messages: 2 });
    expect(response.body.smtp).to.deep.equal({ ok: true });
    expect(sink.messages).to.have.length(0); // nothing was sent
  });

  it('a wrong password gives a clear error per protocol and never echoes the password', async () => {
    const wrong = 'wrong-Pa55word';
    const response = await test({ ...imapSettings(), password: wrong, smtp: { host: '127.0.0.1', port: authSmtp.port, secure: false, username: 'relay', password: wrong } });
    expect(response.status).to.equal(200);
    expect(response.body.imap.ok).to.equal(false);
    expect(response.body.imap.error).to.equal('The server refused the user name or password');
    expect(response.body.smtp).to.deep.equal({ ok: false, error: 'The server refused the user name or password' });
    expect(JSON.stringify(response.body)).not.to.include(wrong);
    const right = await test({ ...imapSettings(), smtp: { host: '127.0.0.1', port: authSmtp.port, secure: false, username: 'relay', password: 'right-password' } });
    expect(right.body.smtp).to.deep.equal({ ok: true });
  });

  it('a closed port is reported as refused, for IMAP and SMTP', async () => {
    const response = await test({ ...imapSettings(), port: closedPort, smtp: { host: '127.0.0.1', port: closedPort, secure: false } });
    expect(response.body.imap).to.deep.equal({ ok: false, error: `Connection refused by 127.0.0.1:${closedPort} (nothing listens there, or a firewall blocks it)` });
    expect(response.body.smtp.ok).to.equal(false);
    expect(response.body.smtp.error).to.match(/^Connection refused by 127\.0\.0\.1/);
  });

  it('an unknown host and a missing folder are named', async () => {
    const host = await test({ ...imapSettings(), host: 'no-such-host.invalid' });
    expect(host.body.imap).to.deep.equal({ ok: false, error: 'Host not found: no-such-host.invalid' });
    const folder = await test({ ...imapSettings(), folder: 'Nowhere' });
    expect(folder.body.imap).to.deep.equal({ ok: false, error: 'The folder does not exist on this server' });
  });

  it('a server that never answers times out after about 10 s', async () => {
    const silent = net.createServer(() => undefined); // accepts, never greets
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', () => resolve()));
    try {
      const started = Date.now();
      const response = await test({ ...imapSettings(), port, smtp: { host: '127.0.0.1', port, secure: false } });
      const took = Date.now() - started;
      expect(response.body.imap.ok).to.equal(false);
      expect(response.body.imap.error).to.match(/^No answer from 127\.0\.0\.1:\d+ within 10 s$/);
      expect(response.body.smtp.error).to.match(/^No answer from 127\.0\.0\.1:\d+ within 10 s$/);
      expect(took).to.be.within(9_000, 15_000);
    } finally {
      silent.close();
    }
  }).timeout(30_000);

  it('tests a stored mailbox by id; 404 for an unknown one; 400 for bad input', async () => {
    const created = await server.request<{ id: number; password?: string }>('POST', '/api/mailboxes', { token: admin, body: { name: 'Support', ...imapSettings() } });
    expect(created.status).to.equal(201);
    expect(created.body).not.to.have.property('password');
    const stored = await server.request<Report>('POST', `/api/mailboxes/${created.body.id}/test`, { token: admin, body: {} });
    expect(stored.status).to.equal(200);
    expect(stored.body.imap.ok).to.equal(true);
    expect(stored.body.imap.messages).to.equal(2);
    expect(stored.body.smtp.ok).to.equal(true);
    expect((await server.request('POST', '/api/mailboxes/999999/test', { token: admin, body: {} })).status).to.equal(404);
    const bad = await server.request<{ error: { message: string } }>('POST', '/api/mailboxes/test', { token: admin, body: { ...imapSettings(), port: 70000 } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.match(/port/);
  });
});
