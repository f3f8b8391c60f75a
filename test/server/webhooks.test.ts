/**
 * Outgoing webhooks against a real HTTP receiver, with the deliverer driven by hand (no timer)
 * and time moved by the test clock: signatures, event filters, retries with backoff, timeouts,
 * giving up and retrying by hand, one send per row under concurrent runs, and admin-only access.
 */
import { expect } from 'chai';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { JobLock } from '../../server/models/JobLock';
import { WebhookDelivery } from '../../server/models/WebhookDelivery';
import { Webhook } from '../../server/models/Webhook';
import { deliverDueOnce, MAX_ATTEMPTS, RETRY_AFTER_MS } from '../../server/webhooks/deliverer';
import type { WebhookDeliveryJson, WebhookJson } from '../../server/webhooks/webhookPresenter';
import type { TicketJson } from '../../server/presenters/schemas';
import { buildAgent } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { startWebhookSink, type SinkRequest, type WebhookSink } from '../helpers/webhookSink';

/** The receiver's side, written out as the README shows it (not the server's own helper). */
function signatureValid(secret: string, request: SinkRequest): boolean {
  const timestamp = String(request.headers['x-helpdesk-timestamp']);
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  const given = Buffer.from(String(request.headers['x-helpdesk-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describeEachDatabase('outgoing webhooks', (database) => {
  let server: TestServer;
  let admin: string;
  const sinks: WebhookSink[] = [];
  before(async () => {
    server = await startTestServer(database, { WEBHOOK_POLL_SECONDS: '0', WEBHOOK_TIMEOUT_SECONDS: '0.5' });
    admin = await server.login();
  });
  after(async () => server?.close());
  beforeEach(async () => {
    server.clock.set(new Date('2026-11-24T08:00:00Z'));
    // Each test starts from the same instant: drop the previous test's lease (see deliver below).
    await JobLock.destroy({ where: { name: 'webhook-deliverer' } });
  });
  afterEach(async () => {
    await server.server.ctx.events.drain();
    await WebhookDelivery.destroy({ where: {} });
    await Webhook.destroy({ where: {} });
    for (const sink of sinks.splice(0)) await sink.stop();
  });

  const ctx = () => server.server.ctx;
  const sink = async (options: Parameters<typeof startWebhookSink>[0] = {}) => {
    const started = await startWebhookSink(options);
    sinks.push(started);
    return started;
  };
  const create = async (body: Record<string, unknown>) => {
    const response = await server.request<WebhookJson>('POST', '/api/webhooks', { token: admin, body });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  };
  const deliveries = async (id: number) => (await server.request<{ data: WebhookDeliveryJson[]; total: number }>('GET', `/api/webhooks/${id}/deliveries`, { token: admin })).body;
  // A millisecond on per run: the job lease's renewal is an UPDATE, and MySQL counts an UPDATE
  // that changes nothing (same owner, same expiry under a frozen clock) as no row, so a
  // second run at the very same instant would be told another node holds the lease.
  const deliver = () => {
    server.clock.advance(1);
    return deliverDueOnce(ctx());
  };

  it('is for admins only: anonymous 401, a plain agent 403', async () => {
    const agent = await buildAgent(ctx());
    const token = await server.login(agent.email, agent.password);
    expect((await server.request('GET', '/api/webhooks')).status).to.equal(401);
    expect((await server.request('GET', '/api/webhooks', { token })).status).to.equal(403);
    expect((await server.request('POST', '/api/webhooks', { token, body: { url: 'https://hooks.example.test/x', events: ['ticket.created'] } })).status).to.equal(403);
    expect((await server.request('GET', '/api/webhooks', { token: admin })).status).to.equal(200);
  });

  it('refuses URLs that are not http(s), carry credentials or are not URLs, and empty or unknown events', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ url: 'ftp://files.example.test/in', events: ['ticket.created'] }, /http or https/],
      [{ url: 'https://user:secret@hooks.example.test/in', events: ['ticket.created'] }, /user name or password/],
      [{ url: 'not a url', events: ['ticket.created'] }, /absolute http/],
      [{ url: 'https://hooks.example.test/in', events: [] }, /at least one event/],
      [{ url: 'https://hooks.example.test/in', events: ['ticket.deleted'] }, /events/],
    ];
    for (const [body, reason] of cases) {
      const response = await server.request<{ error: { code: string; message: string } }>('POST', '/api/webhooks', { token: admin, body });
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.error.message).to.match(reason);
    }
    expect(await Webhook.count()).to.equal(0);
  });

  it('shows the secret once on create and rotate, masked otherwise; updates and deletes', async () => {
    const created = await create({ url: 'https://hooks.example.test/in', events: ['ticket.created', 'ticket.created'], description: 'CRM sync' });
    expect(created.secret).to.match(/^[0-9a-f]{64}$/);
    expect(created.events).to.deep.equal(['ticket.created']);
    const listed = await server.request<{ data: WebhookJson[] }>('GET', '/api/webhooks', { token: admin });
    const shown = listed.body.data.find((w) => w.id === created.id) as WebhookJson;
    expect(shown.secretMasked).to.equal(true);
    expect(shown.secret).not.to.contain(created.secret.slice(0, 60));
    expect(shown.secret.endsWith(created.secret.slice(-4))).to.equal(true);
    expect(JSON.stringify(listed.body)).not.to.contain(created.secret);

    const rotated = await server.request<WebhookJson>('POST', `/api/webhooks/${created.id}/rotate-secret`, { token: admin });
    expect(rotated.body.secret).to.match(/^[0-9a-f]{64}$/).and.not.equal(created.secret);
    const patched = await server.request<WebhookJson>('PATCH', `/api/webhooks/${created.id}`, { token: admin, body: { events: ['alert.raised'], active: false } });
    expect(patched.body).to.include({ active: false, secretMasked: true });
    expect(patched.body.events).to.deep.equal(['alert.raised']);
    expect((await server.request('PATCH', `/api/webhooks/${created.id}`, { token: admin, body: { url: 'javascript:alert(1)' } })).status).to.equal(400);

    expect((await server.request('DELETE', `/api/webhooks/${created.id}`, { token: admin })).status).to.equal(204);
    expect((await server.request('GET', `/api/webhooks/${created.id}/deliveries`, { token: admin })).status).to.equal(404);
  });

  it('delivers only the subscribed events, signed with the secret, with the presenters’ JSON', async () => {
    const tickets = await sink();
    const messages = await sink();
    const ticketHook = await create({ url: tickets.url, events: ['ticket.created'] });
    const messageHook = await create({ url: messages.url, events: ['message.created'] });
    const opened = await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject: 'Broken zipper', body: 'The zipper broke on day one.', customer: { email: 'zip@example.test', name: 'Zip' } } });
    expect(opened.status).to.equal(201);
    await server.request('PATCH', `/api/tickets/${opened.body.id}`, { token: admin, body: { priority: 'high' } });
    await ctx().events.drain();
    expect(tickets.requests, 'nothing is sent before the deliverer runs').to.have.length(0);
    const report = await deliver();
    expect(report).to.include({ delivered: 2, retrying: 0, failed: 0 });

    expect(tickets.requests).to.have.length(1);
    const [request] = tickets.requests;
    expect(request.headers).to.include({ 'content-type': 'application/json', 'user-agent': 'helpdesk-webhooks', 'x-helpdesk-event': 'ticket.created' });
    expect(Number(request.headers['x-helpdesk-timestamp'])).to.equal(Date.parse('2026-11-24T08:00:00Z') / 1000);
    expect(signatureValid(ticketHook.secret, request)).to.equal(true);
    expect(signatureValid(messageHook.secret, request), 'another webhook’s secret').to.equal(false);
    expect(signatureValid(ticketHook.secret, { ...request, body: request.body.replace('Broken', 'Fixed') }), 'a changed body').to.equal(false);
    const body = JSON.parse(request.body) as { id: string; event: string; createdAt: string; data: { ticket: TicketJson } };
    expect(body.id).to.equal(request.headers['x-helpdesk-delivery']);
    expect(body).to.include({ event: 'ticket.created', createdAt: '2026-11-24T08:00:00.000Z' });
    expect(body.data.ticket).to.include({ id: opened.body.id, subject: 'Broken zipper', status: 'open' });

    expect(messages.requests.map((r) => r.headers['x-helpdesk-event'])).to.deep.equal(['message.created']);
    const message = JSON.parse(messages.requests[0].body) as { data: { message: { ticketId: number; body: string } } };
    expect(message.data.message).to.include({ ticketId: opened.body.id, body: 'The zipper broke on day one.' });
    expect(signatureValid(messageHook.secret, messages.requests[0])).to.equal(true);

    const listed = await deliveries(ticketHook.id);
    expect(listed.total).to.equal(1);
    expect(listed.data[0]).to.include({ event: 'ticket.created', state: 'delivered', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null, uuid: body.id });
    expect(listed.data[0].deliveredAt).to.be.a('string');
    expect(listed.data[0].durationMs).to.be.a('number');
  });

  it('retries a 500 after the backoff and delivers once (attempts 2), never before it is due', async () => {
    const receiver = await sink({ statuses: [500] });
    const hook = await create({ url: receiver.url, events: ['ticket.created'] });
    const test = await server.request<WebhookDeliveryJson>('POST', `/api/webhooks/${hook.id}/test`, { token: admin });
    expect(test.status).to.equal(202);
    expect(test.body).to.include({ event: 'ping', state: 'pending', attempts: 0 });

    expect(await deliver()).to.include({ retrying: 1, delivered: 0 });
    let [row] = (await deliveries(hook.id)).data;
    expect(row).to.include({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(row.lastError).to.match(/500/);
    expect(Date.parse(row.nextAttemptAt as string) - Date.parse('2026-11-24T08:00:00Z')).to.be.within(RETRY_AFTER_MS[0], RETRY_AFTER_MS[0] + 10);

    server.clock.advance(RETRY_AFTER_MS[0] - 1000);
    expect(await deliver()).to.include({ retrying: 0, delivered: 0 });
    expect(receiver.requests).to.have.length(1);
    server.clock.advance(1000);
    expect(await deliver()).to.include({ delivered: 1 });
    server.clock.advance(RETRY_AFTER_MS[1]);
    await deliver();

    expect(receiver.requests.map((r) => r.status)).to.deep.equal([500, 200]);
    expect(receiver.received).to.have.length(1);
    expect(new Set(receiver.requests.map((r) => r.headers['x-helpdesk-delivery'])).size, 'the same delivery id both times').to.equal(1);
    expect(receiver.requests[1].body, 'the same bytes').to.equal(receiver.requests[0].body);
    expect(signatureValid(hook.secret, receiver.requests[1])).to.equal(true);
    [row] = (await deliveries(hook.id)).data;
    expect(row).to.include({ state: 'delivered', attempts: 2, lastStatus: 200 });
    expect(row.attemptLog.map((a) => a.status)).to.deep.equal([500, 200]);
  });

  it('counts a receiver that never answers as a failed attempt after the timeout', async () => {
    const receiver = await sink({ hang: true });
    const hook = await create({ url: receiver.url, events: ['ticket.created'] });
    await server.request('POST', `/api/webhooks/${hook.id}/test`, { token: admin });
    const started = Date.now();
    expect(await deliver()).to.include({ retrying: 1 });
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(receiver.requests).to.have.length(1);
    const [row] = (await deliveries(hook.id)).data;
    expect(row).to.include({ state: 'pending', attempts: 1, lastStatus: null });
    expect(row.lastError).to.match(/No answer within 0.5 s/);
  });

  it('gives up after the last attempt; an admin’s retry sends it again', async () => {
    const receiver = await sink({ statuses: Array.from({ length: MAX_ATTEMPTS }, () => 503) });
    const hook = await create({ url: receiver.url, events: ['ticket.created'] });
    await server.request('POST', `/api/webhooks/${hook.id}/test`, { token: admin });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await deliver();
      if (attempt < MAX_ATTEMPTS) server.clock.advance(RETRY_AFTER_MS[attempt - 1]);
    }
    let [row] = (await deliveries(hook.id)).data;
    expect(row).to.include({ state: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null, lastStatus: 503 });
    expect(receiver.requests).to.have.length(MAX_ATTEMPTS);
    server.clock.advance(24 * 3_600_000);
    await deliver();
    expect(receiver.requests, 'a failed delivery stays failed').to.have.length(MAX_ATTEMPTS);

    const retried = await server.request<WebhookDeliveryJson>('POST', `/api/webhooks/${hook.id}/deliveries/${row.id}/retry`, { token: admin });
    expect(retried.status).to.equal(202);
    expect(retried.body.state).to.equal('pending');
    expect(await deliver()).to.include({ delivered: 1 });
    [row] = (await deliveries(hook.id)).data;
    expect(row.state).to.equal('delivered');
    expect(receiver.received).to.have.length(1);
    expect((await server.request('POST', `/api/webhooks/${hook.id}/deliveries/999999/retry`, { token: admin })).status).to.equal(404);
  });

  it('sends each delivery once when two runs overlap', async () => {
    const receiver = await sink();
    const hook = await create({ url: receiver.url, events: ['ticket.created'] });
    for (let i = 0; i < 5; i += 1) await server.request('POST', `/api/webhooks/${hook.id}/test`, { token: admin });
    const reports = await Promise.all([deliver(), deliver(), deliver()]);
    expect(reports.reduce((sum, r) => sum + r.delivered, 0)).to.equal(5);
    expect(receiver.requests).to.have.length(5);
    expect(new Set(receiver.requests.map((r) => r.headers['x-helpdesk-delivery'])).size).to.equal(5);
  });

  it('does not queue anything for an inactive webhook', async () => {
    const receiver = await sink();
    const hook = await create({ url: receiver.url, events: ['ticket.created'], active: false });
    await server.request('POST', '/api/tickets', { token: admin, body: { subject: 'Quiet', body: 'Nobody hears this.', customer: { email: 'quiet@example.test', name: 'Q' } } });
    await ctx().events.drain();
    expect((await deliveries(hook.id)).total).to.equal(0);
    expect((await server.request('POST', `/api/webhooks/${hook.id}/test`, { token: admin })).status).to.equal(409);
  });
});
