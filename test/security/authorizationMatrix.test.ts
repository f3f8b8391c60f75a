/**
 * The authorisation matrix: every route the app defines (the API's route list and everything
 * mounted beside it), called as nobody, a customer (widget visitor), an agent, a supervisor and
 * an admin, with real ids so the handler really runs. Anonymous callers get 401 on agent and
 * admin routes, customers never reach agent routes, agents get 403 on admin routes, and the
 * allowed callers get through. A route without a line in routeExpectations.ts fails the suite.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/server';
import { createApp } from '../../server/app';
import type { Express } from 'express';
import { io as connect } from 'socket.io-client';
import { allRoutes } from '../../server/routes';
import { describeEachDatabase } from '../helpers/databases';
import { nextEvent } from '../helpers/socket';
import { roles, headersFor, newAgent, type Role } from './credentials';
import { routeExpectations, type RouteExpectation } from './routeExpectations';
import { buildWorld, type World } from './world';

const METRICS_TOKEN = 'metrics-token-for-the-matrix';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
  slash?: boolean;
}

/** `METHOD /path` for every route Express would answer, mounted routers included. */
function definedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${prefix}${String(layer.route.path)}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.slash ? '' : String(layer.rawPath)));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

/** What the built-in roles may do before anyone changes it (read once, from the server). */
let defaultPermissions: Record<'agent' | 'supervisor', string[]> = { agent: [], supervisor: [] };

/** Whether this role may pass, by the route's declared audience. */
function allowed(expectation: RouteExpectation, role: Role): boolean {
  switch (expectation.who) {
    case 'public':
      return true;
    case 'agent':
      return role === 'agent' || role === 'supervisor' || role === 'admin';
    case 'admin':
      return role === 'admin';
    case 'metrics':
      return false;
    default:
      // A permission: admins, and the roles given it.
      return role === 'admin' || ((role === 'agent' || role === 'supervisor') && defaultPermissions[role].includes(expectation.who));
  }
}

/** The status a refused role must get: 401 without an agent credential, 403 with one that is not enough. */
function refusal(role: Role): number {
  return role === 'anonymous' || role === 'customer' ? 401 : 403;
}

describeEachDatabase('security: authorisation matrix', (database) => {
  let server: TestServer;
  let world: World;
  before(async function () {
    this.timeout(120_000);
    server = await startTestServer(database, { METRICS_TOKEN, PUBLIC_RATE_PER_MINUTE: '10000' });
    world = await buildWorld(server);
    const settings = await server.request<{ roles: Array<{ name: string; permissions: string[] }> }>('GET', '/api/settings/roles', { token: world.admin });
    const of = (name: string) => settings.body.roles.find((role) => role.name === name)?.permissions ?? [];
    defaultPermissions = { agent: of('agent'), supervisor: of('supervisor') };
  });
  after(async () => {
    world?.credentials.visitor.socket.disconnect();
    await world?.sink.stop();
    await server?.close();
  });

  it('has an expectation for every route the server defines, and only for those', () => {
    const app = createApp(server.server.ctx, new Map());
    const defined = definedRoutes(app);
    const missing = defined.filter((route) => !routeExpectations[route]);
    const stale = Object.keys(routeExpectations).filter((route) => !defined.includes(route));
    expect(missing, 'routes without a declared expectation: add them to test/security/routeExpectations.ts').to.deep.equal([]);
    expect(stale, 'expectations for routes that no longer exist').to.deep.equal([]);
  });

  it('declares for each API route the same audience as the route itself', () => {
    // A route that needs a permission is declared by that permission.
    const declared = allRoutes(server.server.ctx.config).map((route) => ({ key: `${route.method.toUpperCase()} /api${route.path}`, access: route.permission ?? (route.access === 'optional' ? 'public' : route.access) }));
    const mismatched = declared.map(({ key, access }) => ({ key, access, expected: routeExpectations[key]?.who })).filter(({ access, expected }) => access !== expected);
    expect(mismatched, 'a route whose access level differs from the table (weakened or not reviewed)').to.deep.equal([]);
  });

  const call = async (expectation: RouteExpectation, method: string, role: Role) => {
    // A refused call gets the shared objects (it must not reach them); an allowed one, fresh ones where it uses them up.
    const target = await expectation.call(world, role, allowed(expectation, role) || expectation.expect?.[role] !== undefined);
    const headers: Record<string, string> = { ...headersFor(world.credentials, role, target.token) };
    let body: string | undefined;
    if (target.raw) {
      headers['content-type'] = target.raw.contentType;
      body = target.raw.data;
    } else if (target.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(target.body);
    }
    if (method === 'OPTIONS') Object.assign(headers, { origin: 'https://shop.example', 'access-control-request-method': 'POST' });
    const response = await fetch(`${server.url}${target.path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, text, path: target.path };
  };

  it('answers every route as each role should', async function () {
    this.timeout(240_000);
    const failures: string[] = [];
    for (const [key, expectation] of Object.entries(routeExpectations)) {
      const method = key.split(' ')[0];
      for (const role of roles) {
        const { status, text, path } = await call(expectation, method, role);
        const fixed = expectation.expect?.[role];
        const pass = fixed !== undefined
          ? status === fixed
          : allowed(expectation, role)
            ? (expectation.ok ? expectation.ok.includes(status) : status >= 200 && status < 300)
            : status === (expectation.who === 'metrics' ? (role === 'anonymous' || role === 'customer' ? 401 : 403) : refusal(role));
        if (!pass) failures.push(`${key} as ${role} (${method} ${path}): ${status} ${text.slice(0, 160)}`);
        // Refusals use the contract's error shape.
        if (!allowed(expectation, role) && fixed === undefined && key.startsWith(`${method} /api/`)) {
          const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          if (!code) failures.push(`${key} as ${role}: refusal without {error: {code}}: ${text.slice(0, 120)}`);
        }
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('serves metrics to the metrics token only', async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.contain('# TYPE');
  });

  it('a visitor token is no agent credential, on HTTP or on the agents’ socket', async () => {
    const asBearer = await server.request('GET', '/api/tickets', { headers: { authorization: `Bearer ${world.credentials.visitor.visitorToken}` } });
    expect(asBearer.status).to.equal(401);
    for (const token of [undefined, world.credentials.visitor.visitorToken, 'made-up']) {
      const socket = connect(`${server.url}/agent`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
      const error = await nextEvent<Error>(socket, 'connect_error');
      expect(error.message).to.match(/token|auth|unauthori[sz]ed/i);
      socket.disconnect();
    }
    const agent = connect(`${server.url}/agent`, { auth: { token: world.credentials.tokens.agent }, transports: ['websocket'], reconnection: false });
    await nextEvent(agent, 'connect');
    agent.disconnect();
  });

  it('checks objects, not only routes: tickets of other groups, other agents’ profiles, restricted customer fields', async () => {
    const { tokens, agentIds } = world.credentials;
    // A ticket in a group the plain agent is not in (and not assigned to them).
    const group = await server.request<{ id: number }>('POST', '/api/groups', { token: world.admin, body: { name: 'Closed group' } });
    const ticket = await world.fresh.ticket();
    expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: world.admin, body: { groupId: group.body.id } })).status).to.equal(200);
    for (const path of [`/api/tickets/${ticket.id}`, `/api/tickets/${ticket.id}/messages`, `/api/tickets/${ticket.id}/audit`, `/api/tickets/${ticket.id}/suggestions`]) {
      const response = await server.request('GET', path, { token: tokens.agent });
      expect(response.status, path).to.be.oneOf([403, 404]);
    }
    expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: tokens.agent, body: { priority: 'urgent' } })).status).to.be.oneOf([403, 404]);
    expect((await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: tokens.agent, body: { body: 'sneaky' } })).status).to.be.oneOf([403, 404]);
    const listed = await server.request<{ data: Array<{ id: number }> }>('GET', '/api/tickets?view=all', { token: tokens.agent });
    expect(listed.body.data.map((t) => t.id)).not.to.include(ticket.id);
    expect((await server.request('GET', `/api/tickets/${ticket.id}`, { token: world.admin })).status).to.equal(200);

    // Agents edit only themselves, and cannot make themselves admin.
    expect((await server.request('PATCH', `/api/agents/${agentIds.supervisor}`, { token: tokens.agent, body: { name: 'Taken over' } })).status).to.equal(403);
    expect((await server.request('PATCH', `/api/agents/${agentIds.agent}`, { token: tokens.agent, body: { role: 'admin' } })).status).to.equal(403);

    // Restricted customer fields: the supervisor may write them, the plain agent may not (default role permissions).
    const restricted = { restricted: { homeAddress: '1 Tea Street, Hangzhou' } };
    const asAgent = await server.request('PATCH', `/api/customers/${world.customerId}`, { token: tokens.agent, body: restricted });
    const asSupervisor = await server.request('PATCH', `/api/customers/${world.customerId}`, { token: tokens.supervisor, body: restricted });
    expect(asAgent.status).to.equal(403);
    expect(asSupervisor.status).to.equal(200);
  });

  it('the public sees public articles only, and never the agents’ reply templates', async () => {
    const list = await server.request<{ data: Array<{ id: number; visibility: string }> }>('GET', '/api/kb/articles?limit=100');
    expect(list.body.data.map((a) => a.id)).not.to.include(world.internalArticle.id);
    expect(list.body.data.every((a) => a.visibility === 'public')).to.equal(true);
    const asVisitor = await server.request<{ data: unknown[]; articles: Array<{ articleId: number; visibility: string }> }>('POST', '/api/suggestions', { body: { text: 'How to return an item' }, headers: { 'x-visitor-token': world.credentials.visitor.visitorToken } });
    expect(asVisitor.status).to.equal(200);
    expect(asVisitor.body.data).to.deep.equal([]);
    expect(asVisitor.body.articles.map((a) => a.articleId)).not.to.include(world.internalArticle.id);
    const asAgent = await server.request<{ articles: Array<{ articleId: number }> }>('POST', '/api/suggestions', { token: world.credentials.tokens.agent, body: { text: 'How to return an item' } });
    expect(asAgent.status).to.equal(200);
  });

  it('a deactivated agent’s token stops working at once', async () => {
    const temp = await newAgent(server, world.admin, 'agent');
    expect((await server.request('GET', '/api/me', { token: temp.token })).status).to.equal(200);
    expect((await server.request('PATCH', `/api/agents/${temp.id}`, { token: world.admin, body: { active: false } })).status).to.equal(200);
    expect((await server.request('GET', '/api/me', { token: temp.token })).status).to.equal(401);
  });
});
