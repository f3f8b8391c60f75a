/**
 * The whole alert path in real time, as the contract describes it: with ALERT_AFTER_HOURS=0.0005
 * and ALERT_SCAN_SECONDS=1, an unanswered email ticket raises exactly one alert within seconds;
 * `alert.raised` reaches the agent's socket, the assignee gets the email, the SMS webhook its POST;
 * the agent's reply resolves it.
 */
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { Alert } from '../../server/models/Alert';
import type { AlertJson } from '../../server/presenters/alertPresenter';
import { buildAgent } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink';
import { startWebhookSink, type WebhookSink } from '../helpers/webhookSink';

function onceEvent<T>(socket: Socket, event: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describeEachDatabase('alerts in real time', (database) => {
  let server: TestServer;
  let smtp: SmtpSink;
  let sms: WebhookSink;
  const sockets: Socket[] = [];
  before(async () => {
    smtp = await startSmtpSink();
    sms = await startWebhookSink();
    server = await startTestServer(database, {
      ALERT_AFTER_HOURS: '0.0005',
      ALERT_SCAN_SECONDS: '1',
      ALERT_WARN_RATIO: '0',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'support@shop.test',
      SMS_WEBHOOK_URL: sms.url,
    });
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.close();
    await smtp?.stop();
    await sms?.stop();
  });

  const agentSocket = (auth: Record<string, string>) => {
    const socket = connect(`${server.url}/agent`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  };

  it('refuses a socket with a bad token', async () => {
    const socket = agentSocket({ token: 'not-a-token' });
    const error = await onceEvent<Error>(socket, 'connect_error');
    expect(error.message).to.equal('unauthorized');
  });

  it('an unanswered email ticket raises one alert: socket, email and SMS; the reply resolves it', async function () {
    this.timeout(60_000);
    const agent = await buildAgent(server.server.ctx, { name: 'On Duty' });
    const admin = await server.login();
    await server.request('PATCH', `/api/agents/${agent.actor.agent.id}`, { token: admin, body: { phone: '+4915112345678' } });
    const token = await server.login(agent.email, agent.password);
    const socket = agentSocket({ token });
    await onceEvent(socket, 'connect');

    const ctx = server.server.ctx;
    const result = await ingestRawMail(ctx, null, await buildMail({ from: 'Waiting Customer <wait@customer.test>', subject: 'Still no answer?' }), { threadSecret: ctx.channels.email?.threadSecret as string });
    const ticketId = (result as { ticketId: number }).ticketId;
    const raised = onceEvent<{ alert: AlertJson }>(socket, 'alert.raised');
    await server.request('PATCH', `/api/tickets/${ticketId}`, { token: admin, body: { assigneeId: agent.actor.agent.id } });

    const { alert } = await raised;
    expect(alert).to.include({ ticketId, kind: 'overdue', state: 'open' });
    expect(alert.raisedAt).to.be.a('string');
    expect(alert.dueAt).to.be.a('string');

    await smtp.waitFor(1);
    expect(smtp.messages.map((m) => m.envelope.to[0])).to.include(agent.email);
    await sms.waitFor(1);
    expect(sms.received[0]).to.deep.include({ to: '+4915112345678' });
    expect((sms.received[0] as { text: string }).text).to.contain('Still no answer?');

    await server.request('POST', `/api/tickets/${ticketId}/messages`, { token, body: { body: 'Here is your answer.' } });
    const after = await server.request<AlertJson>('GET', `/api/alerts/${alert.id}`, { token });
    expect(after.body.state).to.equal('resolved');
    // Scans go on: still exactly one alert for that wait.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await Alert.count({ where: { ticketId } })).to.equal(1);
  });
});
