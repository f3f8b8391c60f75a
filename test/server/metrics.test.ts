/**
 * Prometheus metrics: the text format of the small counter/gauge/histogram helpers, and a real
 * scrape after real requests (route patterns, never raw paths; alerts from the event; queue
 * lags; sockets), plus who may scrape (loopback without a token; the bearer token otherwise).
 */
import { expect } from 'chai';
import { scanOnce } from '../../server/alerts/scanner';
import { CollectedGauge, Counter, Histogram, Registry } from '../../server/metrics/prometheus';
import { buildTicket } from '../factories';
import { describeEachDatabase, testDatabases } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { io, type Socket } from 'socket.io-client';

describe('Prometheus text format', () => {
  it('renders counters with escaped labels, collected gauges and cumulative histograms', async () => {
    const registry = new Registry();
    const counter = registry.register(new Counter('demo_total', 'Demo "counter"', ['path']));
    counter.inc({ path: 'a"b\\c\nd' });
    counter.inc({ path: 'a"b\\c\nd' }, 2);
    counter.inc({ path: 'x' });
    const histogram = registry.register(new Histogram('demo_seconds', 'Demo histogram', ['route'], [0.1, 1]));
    for (const value of [0.05, 0.5, 0.7, 3]) histogram.observe({ route: '/r' }, value);
    registry.register(new CollectedGauge('demo_gauge', 'Demo gauge', async () => [{ labels: { q: 'one' }, value: 1.5 }, { value: 2 }]));
    registry.register(new CollectedGauge('demo_broken', 'Fails to collect', () => Promise.reject(new Error('db down'))));
    const failures: string[] = [];
    const text = await registry.render((name) => failures.push(name));
    expect(text).to.contain('# TYPE demo_total counter\n');
    expect(text).to.contain('demo_total{path="a\\"b\\\\c\\nd"} 3\n');
    expect(text).to.contain('demo_total{path="x"} 1\n');
    expect(counter.get({ path: 'x' })).to.equal(1);
    expect(text).to.contain('# TYPE demo_seconds histogram\n');
    expect(text).to.contain('demo_seconds_bucket{route="/r",le="0.1"} 1\n');
    expect(text).to.contain('demo_seconds_bucket{route="/r",le="1"} 3\n');
    expect(text).to.contain('demo_seconds_bucket{route="/r",le="+Inf"} 4\n');
    expect(text).to.contain('demo_seconds_sum{route="/r"} 4.25\n');
    expect(text).to.contain('demo_seconds_count{route="/r"} 4\n');
    expect(text).to.contain('demo_gauge{q="one"} 1.5\ndemo_gauge 2\n');
    expect(failures).to.deep.equal(['demo_broken']);
    expect(() => counter.inc({}, -1)).to.throw(/cannot go down/);
    expect(() => registry.register(new Counter('demo_total', 'again'))).to.throw(/already registered/);
  });
});

describeEachDatabase('metrics endpoint', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database, { ALERT_AFTER_HOURS: '1', ALERT_WARN_RATIO: '0' });
    admin = await server.login();
  });
  after(async () => server?.close());

  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/metrics`, { headers });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const connectAgent = (token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${server.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const sample = (text: string, line: string) => {
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };

  it('counts requests by route pattern and shows queue lags, alerts, sockets and process figures', async () => {
    const { ticket: first } = await buildTicket(server.server.ctx);
    const { ticket: second } = await buildTicket(server.server.ctx);
    for (const id of [first.id, second.id, first.id]) expect((await server.request('GET', `/api/tickets/${id}`, { token: admin })).status).to.equal(200);
    expect((await server.request('GET', '/api/tickets/999999', { token: admin })).status).to.equal(404);
    expect((await server.request('GET', '/api/no-such-thing')).status).to.equal(404);
    // An overdue ticket raises an alert, counted from the event; it is due for a scan until scanned.
    server.clock.advance(2 * 3_600_000);
    const socket = await connectAgent(admin);
    try {
      const before = await scrape();
      expect(before.status).to.equal(200);
      expect(before.type).to.contain('text/plain');
      expect(sample(before.text, 'helpdesk_queue_lag_seconds{queue="alert_scan"}')).to.be.greaterThan(3000);
      expect(sample(before.text, 'helpdesk_socket_connections{namespace="/agent"}')).to.equal(1);
      expect(sample(before.text, 'helpdesk_socket_connections{namespace="/widget"}')).to.equal(0);

      await scanOnce(server.server.ctx);
      await server.server.ctx.events.drain();
      const { text } = await scrape();
      expect(sample(text, 'helpdesk_http_requests_total{method="GET",route="/api/tickets/:id",status="200"}')).to.equal(3);
      expect(sample(text, 'helpdesk_http_requests_total{method="GET",route="/api/tickets/:id",status="404"}')).to.equal(1);
      expect(sample(text, 'helpdesk_http_requests_total{method="GET",route="unmatched",status="404"}')).to.equal(1);
      expect(sample(text, 'helpdesk_http_requests_total{method="POST",route="/api/auth/login",status="200"}')).to.equal(1);
      expect(text, 'no raw paths').not.to.contain(`/api/tickets/${first.id}"`);
      expect(text).not.to.contain('no-such-thing');
      expect(sample(text, 'helpdesk_http_request_duration_seconds_count{route="/api/tickets/:id"}')).to.equal(4);
      expect(sample(text, 'helpdesk_alerts_raised_total{kind="overdue"}')).to.equal(2);
      expect(sample(text, 'helpdesk_queue_lag_seconds{queue="alert_scan"}')).to.equal(0);
      expect(sample(text, 'helpdesk_queue_lag_seconds{queue="webhooks"}')).to.equal(0);
      expect(sample(text, 'helpdesk_queue_lag_seconds{queue="outbound_mail"}')).to.be.a('number');
      expect(sample(text, 'process_resident_memory_bytes')).to.be.greaterThan(1_000_000);
      expect(sample(text, 'nodejs_heap_used_bytes')).to.be.greaterThan(0);
      expect(sample(text, 'nodejs_eventloop_lag_seconds')).to.be.at.least(0);
      expect(sample(text, 'process_uptime_seconds')).to.be.greaterThan(0);
      expect(sample(text, 'helpdesk_http_requests_total{method="GET",route="/metrics",status="200"}')).to.equal(1);
    } finally {
      socket.disconnect();
    }
  });

  it('without METRICS_TOKEN, refuses a request that came through a proxy', async () => {
    const forwarded = await scrape({ 'X-Forwarded-For': '203.0.113.9' });
    expect(forwarded.status).to.equal(403);
    expect(forwarded.text).not.to.contain('helpdesk_');
  });
});

describe('metrics endpoint with METRICS_TOKEN', () => {
  let server: TestServer;
  const token = 'scrape-token-0123456789';
  before(async () => {
    server = await startTestServer(testDatabases()[0], { METRICS_TOKEN: token });
  });
  after(async () => server?.close());

  it('asks for the token (401), refuses a wrong one (403), serves the right one', async () => {
    const get = (headers: Record<string, string>) => fetch(`${server.url}/metrics`, { headers });
    const missing = await get({});
    expect(missing.status).to.equal(401);
    expect(missing.headers.get('www-authenticate')).to.equal('Bearer');
    expect((await get({ Authorization: 'Bearer wrong-token-wrong-token' })).status).to.equal(403);
    const ok = await get({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': '203.0.113.9' });
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.contain('# TYPE helpdesk_http_requests_total counter');
  });
});
