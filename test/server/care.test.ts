/**
 * Customer care on a schedule, through a real SMTP server: each customer gets a campaign's mail
 * once per occasion (second runs, the scheduler and restarts send nothing more), the mail is in
 * the customer's history without a wait or an alert, unsubscribing takes a POST, SMTP failures
 * are retried, and only admins manage campaigns.
 */
import { expect } from 'chai';
import { simpleParser, type ParsedMail } from 'mailparser';
import { BIRTHDAY_CATCH_UP_DAYS, scanCareOnce } from '../../server/care/careScheduler';
import { Alert } from '../../server/models/Alert';
import { CareUnsubscribe } from '../../server/models/CareUnsubscribe';
import { Customer } from '../../server/models/Customer';
import { Identity } from '../../server/models/Identity';
import { Ticket } from '../../server/models/Ticket';
import { buildAgent, buildTicket } from '../factories';
import { describeEachDatabase, type TestDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../helpers/smtpSink';

const DAY = 86_400_000;
interface Delivery { customerId: number; occasion: string; state: string; attempts: number; error: string | null; messageId: number | null }
interface HistoryEntry { kind: string; ticket: { id: number; status: string; channel: string; subject: string }; message?: { authorType: string; automatic: boolean; direction: string; deliveryState: string | null; body: string } }

describeEachDatabase('customer care', (database: TestDatabase) => {
  let smtp: SmtpSink;
  let server: TestServer;
  let admin: string;
  let templateId: number;

  /** Starts at `at` on the test clock (sessions and "today" follow it). */
  const start = async (at: Date, sinkOptions: SmtpSinkOptions = {}) => {
    smtp = await startSmtpSink(sinkOptions);
    server = await startTestServer(database, { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'care@shop.test', CARE_SCAN_SECONDS: '3600', COMPANY_NAME: 'Example Shop' });
    server.clock.set(at);
    admin = await server.login();
    const template = await server.request<{ id: number }>('POST', '/api/templates', { token: admin, body: { title: 'Care', body: 'Dear {{customer.name}}, all the best from {{company.name}}!', locale: 'en' } });
    templateId = template.body.id;
  };
  afterEach(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const addCustomer = async (name: string, email: string | null, createdAt?: Date) => {
    const customer = await Customer.create({ name, ...(createdAt ? { createdAt } : {}) });
    if (email) await Identity.create({ customerId: customer.id, kind: 'email', value: email, verified: true });
    return customer.id;
  };
  const setBirthday = async (id: number, birthday: string) => expect((await server.request('PATCH', `/api/customers/${id}`, { token: admin, body: { restricted: { birthday } } })).status).to.equal(200);
  const campaign = async (fields: Record<string, unknown>) => {
    const created = await server.request<{ id: number }>('POST', '/api/care/campaigns', { token: admin, body: { name: 'Care', templateId, subject: 'Hello {{customer.name}}', sendTime: '09:00', ...fields } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.id;
  };
  const run = async (id: number) => {
    const response = await server.request<{ selected: number; sent: number }>('POST', `/api/care/campaigns/${id}/run`, { token: admin });
    expect(response.status).to.equal(200);
    return response.body;
  };
  const deliveries = async (id: number) => (await server.request<{ data: Delivery[] }>('GET', `/api/care/campaigns/${id}/deliveries`, { token: admin })).body.data;
  const recipients = () => smtp.messages.map((m) => m.envelope.to[0]).sort();
  const parsed = (index: number): Promise<ParsedMail> => simpleParser(smtp.messages[index].raw);

  it('birthday: once per customer with today’s birthday in the campaign’s zone, after the send time, never twice', async () => {
    await start(new Date('2026-11-24T12:00:00Z'));
    const ana = await addCustomer('Ana Birthday', 'ana@customer.test');
    const bo = await addCustomer('Bo Tomorrow', 'bo@customer.test');
    await addCustomer('Cy Nobirthday', 'cy@customer.test');
    const noEmail = await addCustomer('Di Nomail', null);
    await setBirthday(ana, '1990-11-25');
    await setBirthday(bo, '1985-11-26');
    await setBirthday(noEmail, '1970-11-25');
    const id = await campaign({ audience: 'birthday', sendTime: '00:15', timeZone: 'Asia/Shanghai' });

    // 00:10 on 25 Nov in Shanghai (still 24 Nov in UTC): before the send time, nothing.
    server.clock.set(new Date('2026-11-24T16:10:00Z'));
    expect((await scanCareOnce(server.server.ctx)).selected).to.equal(0);
    expect(smtp.messages).to.have.length(0);
    server.clock.set(new Date('2026-11-24T16:20:00Z'));
    expect(await scanCareOnce(server.server.ctx)).to.include({ skipped: false, selected: 1, sent: 1 });
    expect(recipients()).to.deep.equal(['ana@customer.test']);

    const mail = await parsed(0);
    expect(mail.subject).to.equal('Hello Ana Birthday');
    expect(mail.text).to.contain('Dear Ana Birthday, all the best from Example Shop!');
    expect(mail.headers.get('auto-submitted')).to.equal('auto-generated');
    const listUnsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const link = /https?:\/\/\S+\/care\/unsubscribe\/[\w.]+/.exec(mail.text ?? '')?.[0] as string;
    expect(link).to.be.a('string');
    expect(listUnsubscribe).to.contain(link);
    expect(mail.text).not.to.contain('1990');

    // A second run, the scheduler again, a changed campaign and a restart: nothing more (and the
    // reply mailer, which sees the recorded message, does not send it again).
    await run(id);
    await server.server.ctx.events.drain();
    expect(smtp.messages).to.have.length(1);
    expect((await server.request('PATCH', `/api/care/campaigns/${id}`, { token: admin, body: { name: 'Birthdays' } })).status).to.equal(200);
    await scanCareOnce(server.server.ctx);
    await server.restart();
    await scanCareOnce(server.server.ctx);
    await run(id);
    await server.server.ctx.events.drain();
    await server.server.ctx.channels.email?.mailer.sendDue();
    expect(smtp.messages).to.have.length(1);
    const [delivery] = await deliveries(id);
    expect(delivery).to.include({ customerId: ana, occasion: '2026-11-25', state: 'sent' });

    // In the history: a solved email ticket with one automatic system message, no wait, no alert.
    const history = (await server.request<{ data: HistoryEntry[] }>('GET', `/api/customers/${ana}/history`, { token: admin })).body.data;
    const message = history.find((e) => e.kind === 'message') as HistoryEntry;
    expect(message.message).to.include({ authorType: 'system', automatic: true, direction: 'outbound', deliveryState: 'sent' });
    expect(message.message?.body).to.contain('Dear Ana Birthday');
    expect(message.ticket).to.include({ status: 'solved', channel: 'email', subject: 'Hello Ana Birthday' });
    const ticket = await Ticket.findByPk(message.ticket.id, { rejectOnEmpty: true });
    expect([ticket.waitingSince, ticket.alertDueAt, ticket.alertScanAt]).to.deep.equal([null, null, null]);
    expect(await Alert.count({ where: { ticketId: ticket.id } })).to.equal(0);
    expect(delivery.messageId).to.be.a('number');

    // Unsubscribe: GET only asks (in the reader's language); POST does it.
    const path = new URL(link).pathname;
    const page = await server.request<string>('GET', path, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('退订').and.contain('method="post"');
    expect((await server.request<string>('GET', path)).body).to.contain('Unsubscribe');
    expect(await CareUnsubscribe.count()).to.equal(0);
    const done = await server.request<string>('POST', path);
    expect(done.status).to.equal(200);
    expect(done.body).to.contain('You are unsubscribed');
    expect((await server.request('POST', path)).status).to.equal(200);
    expect(await CareUnsubscribe.count({ where: { customerId: ana } })).to.equal(1);

    // Next year's birthday: nothing for Ana. The day after this one: Bo.
    server.clock.set(new Date('2027-11-25T02:00:00Z'));
    admin = await server.login();
    expect((await run(id)).selected).to.equal(0);
    server.clock.set(new Date('2026-11-26T02:00:00Z'));
    await run(id);
    expect(recipients()).to.deep.equal(['ana@customer.test', 'bo@customer.test']);
  });

  it('birthday: days the scheduler missed (every node down) are greeted late, up to BIRTHDAY_CATCH_UP_DAYS back', async () => {
    await start(new Date('2026-11-20T02:00:00Z'));
    const tooLate = await addCustomer('Ana Early', 'ana@customer.test');
    const missed = await addCustomer('Bo Missed', 'bo@customer.test');
    const today = await addCustomer('Cy Today', 'cy@customer.test');
    await setBirthday(tooLate, '1990-11-22');
    await setBirthday(missed, '1991-11-23');
    await setBirthday(today, '1992-11-26');
    const id = await campaign({ audience: 'birthday', sendTime: '09:00', timeZone: 'Asia/Shanghai' });
    // Runs on the 20th (10:00 in Shanghai), then nothing runs until the 26th.
    expect((await scanCareOnce(server.server.ctx)).selected).to.equal(0);
    server.clock.set(new Date('2026-11-26T02:00:00Z'));
    expect(BIRTHDAY_CATCH_UP_DAYS).to.equal(3);
    expect(await scanCareOnce(server.server.ctx)).to.include({ selected: 2, sent: 2 });
    expect(recipients()).to.deep.equal(['bo@customer.test', 'cy@customer.test']);
    const rows = (await deliveries(id)).map((d) => [d.customerId, d.occasion]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(rows).to.deep.equal([
      [missed, '2026-11-23'],
      [today, '2026-11-26'],
    ]);
    // The next scan the same day finds nothing missed.
    expect((await scanCareOnce(server.server.ctx)).selected).to.equal(0);
    expect(smtp.messages).to.have.length(2);
  });

  it('unsubscribe links that do not verify get the 404 page', async () => {
    await start(new Date('2026-11-24T12:00:00Z'));
    const id = await addCustomer('Eve', 'eve@customer.test');
    for (const token of ['nonsense', `${id}.${'0'.repeat(32)}`, `${id}`]) {
      expect((await server.request('GET', `/care/unsubscribe/${token}`)).status).to.equal(404);
      expect((await server.request('POST', `/care/unsubscribe/${token}`)).status).to.equal(404);
    }
    expect(await CareUnsubscribe.count()).to.equal(0);
  });

  it('no_contact: only customers silent for N days, once per silence', async () => {
    const now = new Date('2026-06-10T04:00:00Z');
    await start(now);
    const quiet = await buildTicket(server.server.ctx, { customer: { email: 'quiet@customer.test', name: 'Quiet' } });
    const busy = await buildTicket(server.server.ctx, { customer: { email: 'busy@customer.test', name: 'Busy' } });
    await Ticket.update({ lastActivityAt: new Date(now.getTime() - 40 * DAY) }, { where: { id: quiet.ticket.id }, silent: true });
    await Ticket.update({ lastActivityAt: new Date(now.getTime() - 5 * DAY) }, { where: { id: busy.ticket.id }, silent: true });
    const never = await addCustomer('Never Wrote', 'never@customer.test', new Date(now.getTime() - 31 * DAY));
    const id = await campaign({ audience: 'no_contact', inactiveDays: 30 });

    expect((await run(id)).sent).to.equal(2);
    expect(recipients()).to.deep.equal(['never@customer.test', 'quiet@customer.test']);
    const occasions = Object.fromEntries((await deliveries(id)).map((d) => [d.customerId, d.occasion]));
    expect(occasions).to.deep.equal({ [quiet.ticket.customerId]: '2026-05-31', [never]: '2026-06-09' });

    // The care mail is contact: ten days on, nobody; 31 days on, a new silence, a new mail.
    server.clock.set(new Date(now.getTime() + 10 * DAY));
    expect((await run(id)).selected).to.equal(0);
    server.clock.set(new Date(now.getTime() + 31 * DAY));
    admin = await server.login();
    expect((await run(id)).sent).to.equal(3);
    expect(smtp.messages).to.have.length(5);
  });

  it('segment, and a segment filter on another audience', async () => {
    await start(new Date('2026-03-02T03:00:00Z'));
    const segmentAt = new Date('2026-03-01T10:00:00Z');
    const vip = await addCustomer('Vip', 'vip@customer.test');
    const regular = await addCustomer('Regular', 'regular@customer.test');
    await Customer.update({ segment: 'high_value', segmentAt }, { where: { id: vip } });
    await Customer.update({ segment: 'regular', segmentAt }, { where: { id: regular } });
    const invalid = await server.request('POST', '/api/care/campaigns', { token: admin, body: { name: 'x', audience: 'segment', templateId, subject: 's', sendTime: '09:00' } });
    expect(invalid.status).to.equal(400);
    const id = await campaign({ audience: 'segment', segment: 'high_value' });
    await run(id);
    await run(id);
    expect(recipients()).to.deep.equal(['vip@customer.test']);
    expect((await deliveries(id))[0].occasion).to.equal('2026-03-01');

    for (const customer of [vip, regular]) await setBirthday(customer, '2000-03-02');
    const birthdays = await campaign({ audience: 'birthday', segment: 'regular' });
    await run(birthdays);
    expect(recipients()).to.deep.equal(['regular@customer.test', 'vip@customer.test']);
  });

  it('a refused mail is retried on a later run and then sent exactly once; a rejected address fails', async () => {
    await start(new Date('2026-11-25T02:00:00Z'), { failFirst: 1, rejectRecipients: ['gone@customer.test'] });
    const fay = await addCustomer('Fay', 'fay@customer.test');
    const gone = await addCustomer('Gone', 'gone@customer.test');
    for (const customer of [fay, gone]) await setBirthday(customer, '1999-11-25');
    const id = await campaign({ audience: 'birthday' });
    await run(id);
    const first = Object.fromEntries((await deliveries(id)).map((d) => [d.customerId, d]));
    expect(first[fay]).to.include({ state: 'queued', attempts: 1 });
    expect(first[fay].error).to.match(/try again/i);
    expect(first[gone].state).to.equal('failed');
    await run(id);
    expect(smtp.messages).to.have.length(0);
    server.clock.set(new Date('2026-11-25T02:02:00Z'));
    await run(id);
    await run(id);
    await scanCareOnce(server.server.ctx);
    expect(recipients()).to.deep.equal(['fay@customer.test']);
    const after = Object.fromEntries((await deliveries(id)).map((d) => [d.customerId, d]));
    expect(after[fay]).to.include({ state: 'sent', attempts: 2, error: null });
    expect(after[gone]).to.include({ state: 'failed', attempts: 1 });
  });

  it('only admins manage campaigns; changes are audited; input is checked', async () => {
    await start(new Date('2026-11-24T12:00:00Z'));
    const id = await campaign({ audience: 'birthday' });
    const agent = await buildAgent(server.server.ctx);
    const token = await server.login(agent.email, agent.password);
    expect((await server.request('GET', '/api/care/campaigns', { token })).status).to.equal(403);
    expect((await server.request('POST', '/api/care/campaigns', { token, body: {} })).status).to.equal(403);
    expect((await server.request('POST', `/api/care/campaigns/${id}/run`, { token })).status).to.equal(403);
    expect((await server.request('GET', '/api/care/campaigns')).status).to.equal(401);
    const bad = { name: 'x', audience: 'birthday', templateId, subject: 's', sendTime: '09:00' };
    expect((await server.request('POST', '/api/care/campaigns', { token: admin, body: { ...bad, timeZone: 'Mars/Olympus' } })).status).to.equal(400);
    expect((await server.request('POST', '/api/care/campaigns', { token: admin, body: { ...bad, sendTime: '25:00' } })).status).to.equal(400);
    expect((await server.request('POST', '/api/care/campaigns', { token: admin, body: { ...bad, templateId: 99999 } })).status).to.equal(400);
    const listed = await server.request<{ data: Array<{ id: number; timeZone: string; inactiveDays: number; active: boolean }> }>('GET', '/api/care/campaigns', { token: admin });
    expect(listed.body.data[0]).to.include({ id, timeZone: 'Asia/Shanghai', inactiveDays: 30, active: true });
    expect((await server.request('PATCH', `/api/care/campaigns/${id}`, { token: admin, body: { active: false } })).status).to.equal(200);
    expect((await server.request('DELETE', `/api/care/campaigns/${id}`, { token: admin })).status).to.equal(204);
    expect((await server.request('GET', `/api/care/campaigns/${id}/deliveries`, { token: admin })).status).to.equal(404);
    const { AuditLog } = await import('../../server/models/AuditLog');
    const actions = (await AuditLog.findAll({ where: { entityType: 'care_campaign', entityId: id } })).map((a) => a.action).sort();
    expect(actions).to.deep.equal(['care.campaign.created', 'care.campaign.deleted', 'care.campaign.updated']);
  });
});
