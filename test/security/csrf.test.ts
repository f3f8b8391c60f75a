/**
 * CSRF on the console's session cookie (server/http/csrf.ts): a write that carries the cookie but
 * comes from another site is refused however it is dressed (foreign Origin, no Origin but a
 * foreign Referer, Sec-Fetch-Site cross-site, a form or text/plain body without the header);
 * the console's own requests work; bearer-token requests are not affected. The plain
 * "no X-Requested-With" case is in test/server/auth.test.ts. The HTTP layer does not depend on
 * the database: SQLite only.
 */
import { expect } from 'chai';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';
import { testDatabases } from '../helpers/databases';
import { handshakeCrossSiteReason } from '../../server/http/csrf';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { launchBrowser } from '../helpers/browser';

type ErrorBody = { error: { code: string; message: string } };

describe('security: CSRF on cookie-authenticated requests', () => {
  let server: TestServer;
  let cookie: string;
  let ownOrigin: string;
  before(async () => {
    server = await startTestServer(testDatabases()[0]);
    ownOrigin = new URL(server.url).origin;
    const login = await server.request('POST', '/api/auth/login', { body: ADMIN });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).to.match(/HttpOnly/i);
    expect(setCookie).to.match(/SameSite=Lax/i);
    cookie = setCookie.split(';')[0];
  });
  after(async () => server?.close());

  const newTicket = (headers: Record<string, string>, body: string = JSON.stringify({ subject: 'Forged?', body: 'x', customer: { email: 'victim@example.test' } })) =>
    fetch(`${server.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const ticketCount = async () => (await server.request<{ total: number }>('GET', '/api/tickets?status=open,pending,solved,closed', { token: await server.login() })).body.total;

  it('refuses a write with the cookie from a foreign Origin, a foreign Referer, or marked cross-site', async () => {
    const before = await ticketCount();
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example', 'x-requested-with': 'x' },
      { origin: 'null', 'x-requested-with': 'x' },
      { referer: 'https://evil.example/page.html', 'x-requested-with': 'x' },
      { 'sec-fetch-site': 'cross-site', 'x-requested-with': 'x' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sibling.example', 'x-requested-with': 'x' },
    ];
    for (const headers of attempts) {
      const response = await newTicket({ cookie, ...headers });
      expect(response.status, JSON.stringify(headers)).to.equal(403);
      expect(((await response.json()) as ErrorBody).error.code).to.equal('csrf');
    }
    // The shapes an HTML form or a no-cors fetch can send: no custom header possible.
    const form = await newTicket({ cookie, origin: ownOrigin, 'content-type': 'application/x-www-form-urlencoded' }, 'subject=Forged&body=x&customer[email]=v@example.test');
    const textPlain = await newTicket({ cookie, 'content-type': 'text/plain' }, '{"subject":"Forged","body":"x","customer":{"email":"v@example.test"}}');
    expect([form.status, textPlain.status]).to.deep.equal([403, 403]);
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      const response = await fetch(`${server.url}/api/settings/widget`, { method, headers: { cookie, origin: 'https://evil.example', 'x-requested-with': 'x', 'content-type': 'application/json' }, body: '{}' });
      expect(response.status, method).to.equal(403);
    }
    expect(await ticketCount()).to.equal(before);
  });

  it('lets the console’s own requests through (same origin, or a browser that sends no Origin)', async () => {
    const sameOrigin = await newTicket({ cookie, origin: ownOrigin, 'sec-fetch-site': 'same-origin', 'x-requested-with': 'helpdesk-console' });
    expect(sameOrigin.status).to.equal(201);
    const refererOnly = await newTicket({ cookie, referer: `${ownOrigin}/tickets`, 'x-requested-with': 'helpdesk-console' });
    expect(refererOnly.status).to.equal(201);
    // Our Referrer-Policy is no-referrer: a browser may then send `Origin: null`, but it marks the request same-origin.
    const nullOrigin = await newTicket({ cookie, origin: 'null', 'sec-fetch-site': 'same-origin', 'x-requested-with': 'helpdesk-console' });
    expect(nullOrigin.status).to.equal(201);
    const bare = await newTicket({ cookie, 'x-requested-with': 'helpdesk-console' });
    expect(bare.status).to.equal(201);
    // Reads need nothing: a GET changes nothing.
    const read = await fetch(`${server.url}/api/me`, { headers: { cookie, origin: 'https://evil.example' } });
    expect(read.status).to.equal(200);
  });

  it('does not check bearer-token requests (a browser never adds the header by itself)', async () => {
    const token = await server.login();
    const response = await newTicket({ authorization: `Bearer ${token}`, origin: 'https://integrator.example', 'sec-fetch-site': 'cross-site' });
    expect(response.status).to.equal(201);
  });

  it('grants no credentialed CORS: cross-site pages cannot read answers or send the header', async () => {
    const preflight = await fetch(`${server.url}/api/tickets`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-requested-with,content-type' } });
    expect(preflight.headers.get('access-control-allow-credentials')).to.equal(null);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
    // The widget's open CORS routes allow any origin, but never credentials nor X-Requested-With.
    const widget = await fetch(`${server.url}/api/widget/uploads`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(widget.headers.get('access-control-allow-credentials')).to.equal(null);
    expect(widget.headers.get('access-control-allow-headers') ?? '').not.to.match(/x-requested-with/i);
  });

  it('login is JSON only, so another site cannot log a browser into an attacker’s account with a form', async () => {
    const form = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `email=${encodeURIComponent(ADMIN.email)}&password=${encodeURIComponent(ADMIN.password)}` });
    expect(form.status).to.equal(400);
    expect(form.headers.get('set-cookie')).to.equal(null);
  });

  it('judges a cookie-authenticated Socket.IO handshake the same way (for the agents’ socket)', () => {
    const host = new URL(server.url).host;
    const publicUrl = server.server.ctx.config.publicUrl;
    expect(handshakeCrossSiteReason({ host, origin: ownOrigin }, false, publicUrl)).to.equal(null);
    expect(handshakeCrossSiteReason({ host, origin: new URL(publicUrl).origin }, false, publicUrl)).to.equal(null);
    expect(handshakeCrossSiteReason({ host }, false, publicUrl)).to.equal(null);
    expect(handshakeCrossSiteReason({ host, origin: 'https://sibling.example' }, false, publicUrl)).to.be.a('string');
    expect(handshakeCrossSiteReason({ host, origin: ownOrigin, 'sec-fetch-site': 'cross-site' }, false, publicUrl)).to.be.a('string');
  });

  it('the agents’ socket refuses the session cookie from a foreign Origin, takes it from our own, and a token from anywhere', async () => {
    const open = (extraHeaders: Record<string, string>, auth: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const socket = connect(`${server.url}/agent`, { transports: ['websocket'], reconnection: false, extraHeaders, auth });
        socket.once('connect', () => (socket.disconnect(), resolve('connected')));
        socket.once('connect_error', (error) => (socket.disconnect(), resolve(error.message)));
      });
    expect(await open({ cookie, origin: 'https://sibling.example' })).to.equal('unauthorized');
    expect(await open({ cookie, origin: ownOrigin })).to.equal('connected');
    expect(await open({ origin: 'https://widget-host.example' }, { token: await server.login() })).to.equal('connected');
  });

  it('in Chromium: a logged-in agent visiting another site has nothing done in their name', async function () {
    this.timeout(60_000);
    const browser = await launchBrowser();
    // The attacker's site (another origin and site: localhost, not 127.0.0.1) fires every kind of forgery on load.
    const target = `${server.url}/api/tickets`;
    const body = JSON.stringify({ subject: 'Forged in the browser', body: 'x', customer: { email: 'victim@example.test' } });
    const evil = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><body>
        <form id="f" method="POST" action="${target}" enctype="text/plain" target="sink"><input name='${body.slice(0, -1)}, "x":"' value='"}'></form>
        <iframe name="sink"></iframe>
        <script>
          fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} });
          fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json', 'x-requested-with': 'x' }, body: ${JSON.stringify(body)} }).catch(() => {});
          document.getElementById('f').submit();
        </script></body>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', () => resolve()));
    try {
      const page = await browser.newPage();
      // Log in through the console, so the browser holds the session cookie.
      await page.goto(server.url);
      await page.fill('input[name="email"]', ADMIN.email);
      await page.fill('input[name="password"]', ADMIN.password);
      await page.click('[data-testid="login-submit"]');
      await page.locator('[data-testid="logout"]').waitFor();
      const before = await ticketCount();
      const attempts: number[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url() === target) attempts.push(1);
      });
      await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      await page.waitForTimeout(1500);
      expect(attempts.length, 'the forgeries were really sent').to.be.greaterThan(0);
      expect(await ticketCount()).to.equal(before);
      // The console itself still writes.
      await page.goto(server.url);
      await page.locator('[data-testid="logout"]').click();
      await page.locator('input[name="email"]').waitFor();
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
  });
});
