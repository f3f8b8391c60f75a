/**
 * Unanswered alerts with an injected clock (no real waiting): raise, dedupe, pause, resume,
 * business hours, escalation, two scanners at once, notifications by email and SMS with retries.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { scanOnce } from '../../server/alerts/scanner';
import { Alert } from '../../server/models/Alert';
import { AlertDelivery } from '../../server/models/AlertDelivery';
import { Customer } from '../../server/models/Customer';
import { Ticket } from '../../server/models/Ticket';
import type { AlertJson } from '../../server/presenters/alertPresenter';
import type { TicketJson } from '../../server/presenters/schemas';
import { buildAgent, buildGroup, buildTicket } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';
import { startWebhookSink, type WebhookSink } from '../helpers/webhookSink';

const HOUR = 3_600_000;

describeEachDatabase('unanswered alerts', (database) => {
  let server: TestServer;
  let smtp: SmtpSink;
  let sms: WebhookSink;
  let admin: string;
  before(async () => {
    smtp = await startSmtpSink();
    sms = await startWebhookSink({ failFirst: 1 });
    server = await startTestServer(database, {
      ALERT_AFTER_HOURS: '12',
      ALERT_WARN_RATIO: '0.75',
      ALERT_ESCALATE_AFTER_HOURS: '2',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'support@shop.test',
      SMS_WEBHOOK_URL: sms.url,
    });
    admin = await server.login();
  });
  after(async () => {
    await server?.close();
    await smtp?.stop();
    await sms?.stop();
  });
  beforeEach(() => server.clock.set(new Date('2026-11-24T08:00:00Z')));

  const ctx = () => server.server.ctx;
  const alertsOf = (ticketId: number) => Alert.findAll({ where: { ticketId }, order: [['id', 'ASC']] });
  const scan = async (owner?: string) => {
    const report = await scanOnce(ctx(), owner);
    await ctx().events.drain();
    return report;
  };

  it('warns at 75%, raises exactly one overdue alert per wait, and the agent’s reply resolves it', async () => {
    const { ticket } = await buildTicket(ctx());
    server.clock.advance(8 * HOUR);
    await scan();
    expect(await alertsOf(ticket.id)).to.have.length(0);
    server.clock.advance(1 * HOUR + 1000);
    await scan();
    expect((await alertsOf(ticket.id)).map((a) => a.kind)).to.deep.equal(['warning']);
    server.clock.advance(3 * HOUR);
    await scan();
    await scan();
    const alerts = await alertsOf(ticket.id);
    expect(alerts.map((a) => a.kind)).to.deep.equal(['warning', 'overdue']);

    const listed = await server.request<{ data: AlertJson[] }>('GET', `/api/alerts?state=open&ticketId=${ticket.id}`, { token: admin });
    expect(listed.body.data.map((a) => a.kind).sort()).to.deep.equal(['overdue', 'warning']);
    const overdue = listed.body.data.find((a) => a.kind === 'overdue') as AlertJson;
    expect(overdue).to.include({ ticketId: ticket.id, state: 'open' });
    expect(new Date(overdue.dueAt as string).getTime() - (ticket.waitingSince as Date).getTime()).to.equal(12 * HOUR);

    await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'Sorry for the wait!' } });
    expect((await alertsOf(ticket.id)).map((a) => a.state)).to.deep.equal(['resolved', 'resolved']);
    // The customer writes again: a new wait, which may alert again.
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'open' } });
  });

  it('two scanners at once raise one alert; a scanner that lost its lease skips; the unique key stops a repeat', async () => {
    const { ticket } = await buildTicket(ctx());
    server.clock.advance(13 * HOUR);
    const [a, b] = await Promise.all([scan('node-a'), scan('node-b')]);
    expect([a.skipped, b.skipped].sort()).to.deep.equal([false, true]);
    expect((await alertsOf(ticket.id)).filter((x) => x.kind === 'overdue')).to.have.length(1);
    // As if a node died after raising but before moving the ticket on: the key refuses a second alert.
    await Ticket.update({ alertScanAt: new Date(server.clock.now().getTime() - 1000) }, { where: { id: ticket.id } });
    server.clock.advance(10 * 60_000);
    await scan('node-b');
    expect((await alertsOf(ticket.id)).filter((x) => x.kind === 'overdue')).to.have.length(1);
  });

  it('pending pauses the clock; reopening resumes it with the time already waited', async () => {
    const { ticket } = await buildTicket(ctx());
    server.clock.advance(4 * HOUR);
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'pending' } });
    server.clock.advance(48 * HOUR);
    await scan();
    expect(await alertsOf(ticket.id)).to.have.length(0);
    const reopened = await server.request<TicketJson>('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'open' } });
    // 4 h waited before the pause: 8 h left.
    expect(new Date(reopened.body.alertDueAt as string).getTime()).to.equal(server.clock.now().getTime() + 8 * HOUR);
    expect(reopened.body.waitingSince).to.equal((ticket.waitingSince as Date).toISOString());
  });

  it('counts business hours only, across a weekend and a holiday, when a calendar is set', async () => {
    const put = await server.request('PUT', '/api/settings/alerts', {
      token: admin,
      body: {
        warnRatio: 0,
        byPriority: { urgent: 2 },
        calendar: { timeZone: 'Asia/Shanghai', days: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] }, holidays: ['2026-11-30'] },
      },
    });
    expect(put.status).to.equal(200);
    try {
      // Friday 2026-11-27 17:00 in Shanghai: 1 h on Friday; Monday is a holiday; 9 h Tuesday; 2 h Wednesday.
      server.clock.set(new Date('2026-11-27T09:00:00Z'));
      const { ticket } = await buildTicket(ctx());
      const read = await server.request<TicketJson>('GET', `/api/tickets/${ticket.id}`, { token: admin });
      expect(read.body.alertDueAt).to.equal('2026-12-02T03:00:00.000Z');
      const urgent = await buildTicket(ctx(), { priority: 'urgent' });
      // Urgent: 2 working hours: 1 h Friday, 1 h Tuesday.
      expect((await Ticket.findByPk(urgent.ticket.id))?.alertDueAt?.toISOString()).to.equal('2026-12-01T02:00:00.000Z');
      server.clock.set(new Date('2026-11-30T12:00:00Z'));
      await scan();
      expect(await alertsOf(ticket.id)).to.have.length(0);
      const invalid = await server.request('PUT', '/api/settings/alerts', { token: admin, body: { calendar: { timeZone: 'Mars/Olympus', days: {}, holidays: [] } } });
      expect(invalid.status).to.equal(400);
      const agent = await buildAgent(ctx());
      expect((await server.request('PUT', '/api/settings/alerts', { token: await server.login(agent.email, agent.password), body: {} })).status).to.equal(403);
    } finally {
      await server.request('PUT', '/api/settings/alerts', { token: admin, body: {} });
    }
  });

  it('notifies the assignee by email and SMS (retrying a failed SMS), and escalates to admins when still unanswered', async () => {
    const assignee = await buildAgent(ctx(), { name: 'Assigned Agent' });
    await server.request('PATCH', `/api/agents/${assignee.actor.agent.id}`, { token: admin, body: { phone: '+8613800000000', locale: 'zh-CN' } });
    const { ticket } = await buildTicket(ctx(), { subject: '退款还没到', assigneeId: assignee.actor.agent.id, customer: { email: 'li@customer.test', name: '李雷' } });
    const sentBefore = smtp.messages.length;
    server.clock.advance(12 * HOUR + 1000);
    await scan();
    const overdue = (await alertsOf(ticket.id)).find((a) => a.kind === 'overdue') as Alert;
    expect(overdue).to.exist;

    await smtp.waitFor(sentBefore + 1);
    const mail = await simpleParser(smtp.messages[smtp.messages.length - 1].raw);
    expect(smtp.messages[smtp.messages.length - 1].envelope.to).to.deep.equal([assignee.email]);
    expect(mail.subject).to.contain(`#${ticket.number}`);
    expect(mail.text).to.contain('李雷').and.contain('12 小时').and.contain(`/#/tickets/${ticket.id}`);
    expect(mail.headers.get('auto-submitted')).to.equal('auto-generated');

    // The gateway failed the first SMS: pending with its error, then retried.
    let deliveries = (await server.request<AlertJson>('GET', `/api/alerts/${overdue.id}`, { token: admin })).body.deliveries ?? [];
    expect(deliveries.find((d) => d.channel === 'sms')).to.include({ state: 'pending', recipient: '+8613800000000', lastError: 'SMS gateway answered 503' });
    expect(deliveries.find((d) => d.channel === 'email')?.state).to.equal('sent');
    server.clock.advance(2 * 60_000);
    await server.server.alerting.notifier.retryDue();
    await sms.waitFor(1);
    expect(sms.received[sms.received.length - 1]).to.deep.equal({ to: '+8613800000000', text: `工单 #${ticket.number}「退款还没到」：客户 李雷 已等待 12 小时 2 分钟 未获回复。${ctx().config.publicUrl}/#/tickets/${ticket.id}` });
    deliveries = (await server.request<AlertJson>('GET', `/api/alerts/${overdue.id}`, { token: admin })).body.deliveries ?? [];
    expect(deliveries.find((d) => d.channel === 'sms')).to.include({ state: 'sent', attempts: 2 });

    server.clock.advance(2 * HOUR + 1000);
    await scan();
    const kinds = (await alertsOf(ticket.id)).map((a) => a.kind);
    expect(kinds).to.include('escalation');
    const escalation = (await alertsOf(ticket.id)).find((a) => a.kind === 'escalation') as Alert;
    const toAdmins = await AlertDelivery.findAll({ where: { alertId: escalation.id, channel: 'email' } });
    expect(toAdmins.map((d) => d.recipient)).to.include('admin@example.test');
    expect(toAdmins.map((d) => d.recipient)).not.to.include(assignee.email);
  });

  it('lists only alerts on tickets the agent may see', async () => {
    const group = await buildGroup(ctx());
    const outsider = await buildAgent(ctx());
    const { ticket } = await buildTicket(ctx(), { groupId: group.id });
    server.clock.advance(13 * HOUR);
    await scan();
    const token = await server.login(outsider.email, outsider.password);
    const listed = await server.request<{ data: AlertJson[] }>('GET', `/api/alerts?ticketId=${ticket.id}`, { token });
    expect(listed.body.data).to.deep.equal([]);
    const overdue = (await alertsOf(ticket.id)).find((a) => a.kind === 'overdue') as Alert;
    expect((await server.request('GET', `/api/alerts/${overdue.id}`, { token })).status).to.equal(404);
    expect((await server.request('GET', '/api/alerts')).status).to.equal(401);
  });

  it('alerts sooner for customers of a tier with its own threshold (high-value: 4 h), others keep 12 h', async () => {
    const saved = await server.request('PUT', '/api/settings/alerts', { token: admin, body: { bySegment: { high_value: 4 } } });
    expect(saved.status).to.equal(200);
    expect((saved.body as { effective: { bySegment: Record<string, number> } }).effective.bySegment).to.deep.equal({ high_value: 4 });
    try {
      const open = async (email: string) =>
        (await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject: 'Where is my order?', body: 'Still waiting.', customer: { email, name: null } } })).body;
      const first = await open('vip@tier.test');
      await Customer.update({ segment: 'high_value' }, { where: { id: first.customerId } });
      // The tier applies to waits that start or change after it is known: the customer's next ticket.
      const vip = await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject: 'Second order', body: 'Also late.', customer: { email: 'vip@tier.test', name: null } } });
      const regular = await open('regular@tier.test');
      const due = async (id: number) => ((await Ticket.findByPk(id)) as Ticket).alertDueAt?.getTime();
      const now = server.clock.now().getTime();
      expect(await due(vip.body.id)).to.equal(now + 4 * HOUR);
      expect(await due(regular.id)).to.equal(now + 12 * HOUR);

      server.clock.advance(4 * HOUR + 1000);
      await scan();
      // One scan after the deadline raises the overdue alert (the warning's moment has passed with it).
      expect((await alertsOf(vip.body.id)).map((a) => a.kind)).to.deep.equal(['overdue']);
      expect((await alertsOf(regular.id)).map((a) => a.kind)).to.deep.equal([]);
      expect((await server.request('PUT', '/api/settings/alerts', { token: admin, body: { bySegment: { vip: 1 } } })).status).to.equal(400);
    } finally {
      await server.request('PUT', '/api/settings/alerts', { token: admin, body: {} });
    }
  });
});
