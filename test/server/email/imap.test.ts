/**
 * Reading real mailboxes: a private Dovecot on a loopback port, the help desk's pollers, IDLE,
 * the IMAP_* mailbox, UIDVALIDITY changes, bad credentials.
 */
import { expect } from 'chai';
import { Mailbox } from '../../../server/models/Mailbox';
import { Message } from '../../../server/models/Message';
import { describeEachDatabase } from '../../helpers/databases';
import { imapEnv, startDovecot, type DovecotServer } from '../../helpers/dovecot';
import { buildMail, newMessageId } from '../../helpers/mail';
import { startTestServer, type TestServer } from '../../helpers/server';

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface MailboxJson {
  id: number;
  lastUid: number;
  uidValidity: number | null;
  lastError: string | null;
}

describeEachDatabase('IMAP mailboxes (Dovecot)', (database) => {
  let dovecot: DovecotServer;
  let server: TestServer;
  let admin: string;
  before(async () => {
    dovecot = await startDovecot();
  });
  after(async () => dovecot?.stop());
  afterEach(async () => server?.close());

  const countFrom = (address: string) => Message.count({ where: { fromAddress: address } });

  it('IMAP_* configures a mailbox at start; mail already there and mail arriving later (IDLE) become tickets', async () => {
    const address = `idle-${Date.now()}@customer.test`;
    await dovecot.append(await buildMail({ from: address, subject: 'Before start', messageId: newMessageId() }));
    server = await startTestServer(database, {
      ...imapEnv(dovecot),
      // Polling is effectively off: the second mail must come through IDLE.
      IMAP_POLL_SECONDS: '3600',
    });
    admin = await server.login();
    await eventually(async () => (await countFrom(address)) === 1, 20_000, 'the first mail');
    await dovecot.append(await buildMail({ from: address, subject: 'After start', messageId: newMessageId() }));
    await eventually(async () => (await countFrom(address)) === 2, 20_000, 'the second mail through IDLE');

    const mailboxes = await server.request<{ data: MailboxJson[] }>('GET', '/api/mailboxes', { token: admin });
    expect(mailboxes.body.data).to.have.length(1);
    expect(mailboxes.body.data[0].uidValidity).to.be.a('number');
    expect(mailboxes.body.data[0].lastUid).to.equal(await dovecot.count());
    expect(JSON.stringify(mailboxes.body)).not.to.contain(dovecot.password);
  });

  it('a mailbox added through the API is read from the start; a restart fetches nothing twice', async () => {
    server = await startTestServer(database, { IMAP_POLL_SECONDS: '3600' });
    admin = await server.login();
    const folder = `Support${Date.now()}`;
    const address = `${folder.toLowerCase()}@customer.test`;
    for (let i = 0; i < 5; i += 1) await dovecot.append(await buildMail({ from: address, subject: `Mail ${i}`, messageId: newMessageId() }), folder);
    const created = await server.request<MailboxJson>('POST', '/api/mailboxes', {
      token: admin,
      body: { name: 'Support', host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, folder },
    });
    expect(created.status).to.equal(201);
    await eventually(async () => (await countFrom(address)) === 5, 20_000, 'five mails');

    await server.restart();
    admin = await server.login();
    const sync = await server.request<{ fetched: number }>('POST', `/api/mailboxes/${created.body.id}/sync`, { token: admin });
    expect(sync.status).to.equal(200);
    expect(sync.body.fetched).to.equal(0);
    expect(await countFrom(address)).to.equal(5);
  });

  it('a new UIDVALIDITY rescans the folder without storing anything twice', async () => {
    server = await startTestServer(database, { IMAP_POLL_SECONDS: '3600' });
    admin = await server.login();
    const folder = `Renumbered${Date.now()}`;
    const address = `${folder.toLowerCase()}@customer.test`;
    const raws = await Promise.all([0, 1, 2].map((i) => buildMail({ from: address, subject: `Mail ${i}`, messageId: newMessageId() })));
    for (const raw of raws) await dovecot.append(raw, folder);
    const created = await server.request<MailboxJson>('POST', '/api/mailboxes', {
      token: admin,
      body: { name: 'Renumbered', host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, folder },
    });
    await eventually(async () => (await countFrom(address)) === 3, 20_000, 'three mails');
    const before = await Mailbox.findByPk(created.body.id);

    await dovecot.recreateMailbox(folder);
    for (const raw of raws) await dovecot.append(raw, folder);
    await dovecot.append(await buildMail({ from: address, subject: 'New one', messageId: newMessageId() }), folder);
    await server.server.ctx.channels.email?.reloadPoller(created.body.id);
    await eventually(async () => (await countFrom(address)) === 4, 20_000, 'the fourth mail');
    const after = await Mailbox.findByPk(created.body.id);
    expect(after?.uidValidity).not.to.equal(before?.uidValidity);
    expect(after?.lastUid).to.equal(4);
  });

  it('a mail over MAIL_MAX_BYTES is not fetched whole but kept as its headers and a note', async () => {
    server = await startTestServer(database, { IMAP_POLL_SECONDS: '3600', MAIL_MAX_BYTES: '4096' });
    admin = await server.login();
    const folder = `Huge${Date.now()}`;
    const address = `${folder.toLowerCase()}@customer.test`;
    const uid = await dovecot.append(await buildMail({ from: `Big Sender <${address}>`, subject: '视频附件 video', messageId: newMessageId(), attachments: [{ filename: 'video.mp4', content: Buffer.alloc(20_000, 3) }] }), folder);
    await server.request('POST', '/api/mailboxes', {
      token: admin,
      body: { name: 'Huge', host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, folder },
    });
    await eventually(async () => (await countFrom(address)) === 1, 20_000, 'the stand-in');
    const message = await Message.findOne({ where: { fromAddress: address } });
    expect(message?.body).to.contain('over the 4 KB limit (MAIL_MAX_BYTES)').and.contain(`UID ${uid}`);
    const ticket = await server.request<{ subject: string; customer: { name: string } }>('GET', `/api/tickets/${message?.ticketId}`, { token: admin });
    expect(ticket.body.subject).to.equal('视频附件 video');
    expect(ticket.body.customer.name).to.equal('Big Sender');
  });

  it('wrong credentials are reported on the mailbox, and nothing crashes', async () => {
    server = await startTestServer(database, { IMAP_POLL_SECONDS: '3600' });
    admin = await server.login();
    const created = await server.request<MailboxJson>('POST', '/api/mailboxes', {
      token: admin,
      body: { name: 'Wrong', host: dovecot.host, port: dovecot.port, secure: false, username: dovecot.user, password: 'not-the-password', folder: 'INBOX' },
    });
    await eventually(async () => Boolean((await Mailbox.findByPk(created.body.id))?.lastError), 20_000, 'the error');
    const listed = await server.request<{ data: MailboxJson[] }>('GET', '/api/mailboxes', { token: admin });
    expect(listed.body.data[0].lastError).to.match(/auth|fail|credentials/i);
    expect((await server.request('GET', '/api/health')).status).to.equal(200);
  });
});
