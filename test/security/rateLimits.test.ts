/**
 * Every endpoint anyone may call is limited per client address: after the limit it answers 429
 * with Retry-After (and, under /api, the contract's error shape). Elsewhere: the failed-login
 * limiter per address and account is in test/server/auth.test.ts, and chat floods over the
 * socket (rate_limited acks) in test/server/chat.test.ts.
 *
 * Deliberately unlimited: GET /api/health and /api/health/ready (load balancers poll them),
 * GET /api/openapi.json and the static bundles (no database work), /metrics (token or loopback).
 */
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { Customer } from '../../server/models/Customer';
import { Ticket } from '../../server/models/Ticket';
import { unsubscribeToken } from '../../server/care/unsubscribeToken';
import { sendSurveyOnSolve } from '../../server/surveys/surveyService';
import { startTestServer, type TestServer } from '../helpers/server';
import { testDatabases } from '../helpers/databases';
import { buildTicket } from '../factories';
import { newVisitor, type Visitor } from './credentials';

const PUBLIC_LIMIT = 3;
const NEW_VISITOR_LIMIT = 3;

interface Attempt {
  method?: string;
  path: string | (() => string);
  headers?: Record<string, string>;
  body?: string;
}

describe('security: rate limits on public endpoints', () => {
  let server: TestServer;
  let visitor: Visitor;
  let articleId: number;
  let articleSlug: string;
  let token: string;
  before(async () => {
    server = await startTestServer(testDatabases()[0], { PUBLIC_RATE_PER_MINUTE: String(PUBLIC_LIMIT), LOGIN_RATE_LIMIT: '3', WIDGET_NEW_VISITORS_PER_MINUTE: String(NEW_VISITOR_LIMIT) });
    visitor = await newVisitor(server);
    token = await server.login();
    const article = await server.request<{ id: number; slug: string }>('POST', '/api/kb/articles', { token, body: { title: 'Returns', body: 'How to return.', category: 'orders', locale: 'en' } });
    articleId = article.body.id;
    articleSlug = article.body.slug;
  });
  after(async () => {
    visitor?.socket.disconnect();
    await server?.close();
  });

  /** Calls until the limit, then once more; returns the statuses and the refusal. */
  const exhaust = async (limit: number, attempt: Attempt) => {
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i <= limit; i += 1) {
      const path = typeof attempt.path === 'function' ? attempt.path() : attempt.path;
      last = await fetch(`${server.url}${path}`, { method: attempt.method ?? 'GET', headers: attempt.headers, body: attempt.body });
      statuses.push(last.status);
      if (i < limit) await last.arrayBuffer();
    }
    const refusal = last as Response;
    return { statuses, refusal, text: await refusal.text() };
  };
  const expectLimited = async (name: string, limit: number, attempt: Attempt, api = true, windowSeconds = 60) => {
    const { statuses, refusal, text } = await exhaust(limit, attempt);
    expect(statuses.slice(0, limit).every((s) => s !== 429), `${name}: within the limit ${statuses.join(',')}`).to.equal(true);
    expect(statuses[limit], name).to.equal(429);
    expect(Number(refusal.headers.get('retry-after')), `${name}: Retry-After`).to.be.within(1, windowSeconds);
    if (api) expect(JSON.parse(text), name).to.deep.include({ error: { code: 'rate_limited', message: JSON.parse(text).error.message } });
  };
  const json = { 'content-type': 'application/json' };
  let n = 0;
  const nextId = () => `c-${(n += 1)}`;

  it('login: failed attempts per address and account, then 429 with Retry-After', async () => {
    await expectLimited('login', 3, { method: 'POST', path: '/api/auth/login', headers: json, body: JSON.stringify({ email: 'guessed@example.test', password: 'wrong-password' }) }, true, 900);
  });

  it('the widget: configuration, uploads and survey answers', async () => {
    await expectLimited('widget config', 120, { path: '/api/widget/config' });
    await expectLimited('widget uploads', 20, { method: 'POST', path: () => `/api/widget/uploads?filename=a.png&clientId=${nextId()}`, headers: { 'x-visitor-token': visitor.visitorToken, 'content-type': 'image/png' }, body: 'png' });
    const { ticket } = await buildTicket(server.server.ctx);
    await Ticket.update({ status: 'solved' }, { where: { id: ticket.id } });
    const survey = await sendSurveyOnSolve(server.server.ctx, ticket.id);
    await expectLimited('widget survey', 20, { method: 'POST', path: `/api/widget/surveys/${survey?.token}`, headers: json, body: JSON.stringify({ rating: 5 }) });
  });

  it('public API reads and writes: articles, suggestions, feedback (agents are not limited where they read)', async () => {
    await expectLimited('kb articles', PUBLIC_LIMIT, { path: '/api/kb/articles' });
    await expectLimited('suggestions', PUBLIC_LIMIT, { method: 'POST', path: '/api/suggestions', headers: json, body: JSON.stringify({ text: 'where is my parcel' }) });
    await expectLimited('article feedback', 30, { method: 'POST', path: `/api/kb/articles/${articleId}/feedback`, headers: json, body: JSON.stringify({ helpful: true }) });
    const asAgent = await server.request('POST', '/api/suggestions', { token, body: { text: 'where is my parcel' } });
    expect(asAgent.status).to.equal(200);
  });

  it('the widget socket: new visitors (each a new customer) per address, returning visitors not counted', async () => {
    // The suite's server allows NEW_VISITOR_LIMIT a minute; `before` made one visitor already.
    const sockets: Socket[] = [];
    const open = (auth: Record<string, unknown> = {}) =>
      new Promise<{ token?: string; error?: string }>((resolve) => {
        const socket = connect(`${server.url}/widget`, { auth, transports: ['websocket'], reconnection: false });
        sockets.push(socket);
        socket.once('session', (session: { visitorToken: string }) => resolve({ token: session.visitorToken }));
        socket.once('connect_error', (error) => resolve({ error: error.message }));
      });
    const customersBefore = await Customer.count();
    try {
      const first = await open();
      expect(first.token).to.be.a('string');
      expect((await open()).token).to.be.a('string');
      expect(await open()).to.deep.equal({ error: 'rate_limited' });
      expect((await open({ visitorToken: 'not-a-real-token' })).error, 'an unknown token is a new visitor').to.equal('rate_limited');
      expect((await open({ visitorToken: first.token })).token, 'a returning visitor').to.equal(first.token);
      expect(await Customer.count(), 'only the two admitted visitors became customers').to.equal(customersBefore + 2);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('the portal: pages and search', async () => {
    await expectLimited('portal search', PUBLIC_LIMIT, { path: '/kb/search?q=return' }, false);
    await expectLimited('portal article', PUBLIC_LIMIT, { path: `/kb/${articleSlug}` }, false);
  });

  it('the unsubscribe and survey pages', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    await expectLimited('unsubscribe page', PUBLIC_LIMIT, { path: `/care/unsubscribe/${await unsubscribeToken(server.server.ctx, ticket.customerId)}` }, false);
    await expectLimited('survey page', PUBLIC_LIMIT, { path: '/survey/not-a-real-token' }, false);
  });
});
