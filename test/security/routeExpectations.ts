/**
 * Who may call each route the server has, and how to call it for real. The matrix test compares
 * this table with the routes the running app defines: a route added without a line here fails
 * the suite, so no route goes unchecked.
 *
 * `who`: public (everyone, customers and anonymous included), agent (any logged-in agent:
 * agent, supervisor, admin), admin (admins only), metrics (only the METRICS_TOKEN), or a
 * permission: admins and the roles that have it (by default neither supervisor nor agent for the
 * permissions routes name).
 */
import type { Permission } from '../../server/policies/roles';
import type { Role } from './credentials';
import type { World } from './world';

export type Who = 'public' | 'agent' | 'admin' | 'metrics' | Permission;

export interface RouteCall {
  path: string;
  body?: unknown;
  /** A non-JSON body (uploads, forms). */
  raw?: { contentType: string; data: string };
  /** Use this bearer token instead of the role's (e.g. a session made for a logout). */
  token?: string;
}

export interface RouteExpectation {
  who: Who;
  /** `allowed`: whether this role should get through; refused calls need no fresh objects. */
  call(world: World, role: Role, allowed: boolean): RouteCall | Promise<RouteCall>;
  /** Statuses that show an allowed caller reached the handler (default: any 2xx). */
  ok?: number[];
  /** A fixed status for some roles (e.g. internal articles are 404 to the public). */
  expect?: Partial<Record<Role, number>>;
}

const agentOf = (role: Role): 'agent' | 'supervisor' | 'admin' => (role === 'agent' || role === 'supervisor' ? role : 'admin');
const today = new Date().toISOString().slice(0, 10);

const get = (who: Who, path: (w: World) => string, extra: Partial<RouteExpectation> = {}): RouteExpectation => ({ who, call: (w) => ({ path: path(w) }), ...extra });
const send = (who: Who, path: (w: World, role: Role, allowed: boolean) => string | Promise<string>, body?: (w: World, role: Role, allowed: boolean) => unknown | Promise<unknown>, extra: Partial<RouteExpectation> = {}): RouteExpectation => ({
  who,
  call: async (w, role, allowed) => ({ path: await path(w, role, allowed), body: body ? await body(w, role, allowed) : undefined }),
  ...extra,
});
const uniqueEmail = (what: string) => `${what}-${Math.random().toString(36).slice(2, 10)}@example.test`;

/** Settings an admin may replace: the matrix writes back what is there, so nothing changes. */
const roundTrip = (path: string, pick: (current: Record<string, unknown>) => unknown): RouteExpectation =>
  send('admin', () => `/api${path}`, async (w) => pick((await w.server.request<Record<string, unknown>>('GET', `/api${path}`, { token: w.admin })).body));

export const routeExpectations: Record<string, RouteExpectation> = {
  // ── health, auth, the API description ──
  'GET /api/health': get('public', () => '/api/health'),
  'GET /api/health/ready': get('public', () => '/api/health/ready'),
  'GET /api/openapi.json': get('public', () => '/api/openapi.json'),
  // Wrong credentials on purpose: what matters is that anyone may try (and the limiter is tested elsewhere).
  'POST /api/auth/login': send('public', () => '/api/auth/login', () => ({ email: 'nobody@example.test', password: 'wrong-password' }), { ok: [401] }),
  'POST /api/auth/logout': {
    who: 'agent',
    call: async (w, role, allowed) => {
      if (!allowed) return { path: '/api/auth/logout' };
      const login = w.credentials.logins[agentOf(role)];
      return { path: '/api/auth/logout', token: await w.fresh.session(login.email, login.password) };
    },
  },
  'GET /api/me': get('agent', () => '/api/me'),

  // ── agents and groups ──
  'GET /api/agents': get('agent', () => '/api/agents'),
  'POST /api/agents': send('admin', () => '/api/agents', () => ({ name: 'New Agent', email: uniqueEmail('new-agent'), password: 'long-enough-password', role: 'agent' })),
  // Everyone edits their own profile (editing others is checked in the object-level test).
  'PATCH /api/agents/:id': send('agent', (w, role) => `/api/agents/${w.credentials.agentIds[agentOf(role)]}`, () => ({ alertSound: true })),
  'GET /api/groups': get('agent', () => '/api/groups'),
  'POST /api/groups': send('admin', () => '/api/groups', () => ({ name: `Group ${Math.random()}` })),
  'PATCH /api/groups/:id': send('admin', (w) => `/api/groups/${w.groupId}`, () => ({ name: `Renamed ${Math.random()}` })),
  'DELETE /api/groups/:id': send('admin', async (w, _r, allowed) => `/api/groups/${allowed ? await w.fresh.group() : w.groupId}`),
  'GET /api/groups/:id/members': get('agent', (w) => `/api/groups/${w.groupId}/members`),
  'PUT /api/groups/:id/members': send('admin', (w) => `/api/groups/${w.groupId}/members`, (w) => ({ agentIds: [w.credentials.agentIds.supervisor] })),

  // ── tickets, messages, attachments ──
  'GET /api/tickets/counts': get('agent', () => '/api/tickets/counts'),
  'POST /api/tickets/bulk': send('agent', () => '/api/tickets/bulk', (w) => ({ ids: [w.ticketId], changes: { priority: 'high' } })),
  'GET /api/tickets': get('agent', () => '/api/tickets'),
  'POST /api/tickets': send('agent', () => '/api/tickets', () => ({ subject: 'Opened for a customer', body: 'They phoned in.', customer: { email: uniqueEmail('phoned') } })),
  'GET /api/tickets/:id': get('agent', (w) => `/api/tickets/${w.ticketId}`),
  'PATCH /api/tickets/:id': send('agent', (w) => `/api/tickets/${w.ticketId}`, () => ({ priority: 'normal' })),
  'GET /api/tickets/:id/messages': get('agent', (w) => `/api/tickets/${w.ticketId}/messages`),
  'POST /api/tickets/:id/messages': send('agent', (w) => `/api/tickets/${w.ticketId}/messages`, () => ({ body: 'An internal note', internal: true })),
  'POST /api/tickets/:id/merge': send('agent', async (w, _r, allowed) => `/api/tickets/${allowed ? (await w.fresh.ticket()).id : w.ticketId}/merge`, async (w, _r, allowed) => ({ otherId: allowed ? (await w.fresh.ticket()).id : w.ticketId })),
  'GET /api/tickets/:id/audit': get('agent', (w) => `/api/tickets/${w.ticketId}/audit`),
  'GET /api/tickets/:id/suggestions': get('agent', (w) => `/api/tickets/${w.ticketId}/suggestions`),
  'POST /api/attachments': { who: 'agent', call: () => ({ path: '/api/attachments?filename=notes.txt', raw: { contentType: 'text/plain', data: 'some notes' } }) },
  'GET /api/attachments/:id': get('agent', (w) => `/api/attachments/${w.attachmentId}`),
  'GET /api/messages/:id/raw': get('agent', (w) => `/api/messages/${w.emailMessageId}/raw`),

  // ── mail ──
  'GET /api/mailboxes': get('admin', () => '/api/mailboxes'),
  'POST /api/mailboxes': send('admin', () => '/api/mailboxes', () => ({ name: 'Box', host: '127.0.0.1', port: 9, secure: false, username: uniqueEmail('box'), password: 'p', active: false })),
  'POST /api/mailboxes/test': send('admin', () => '/api/mailboxes/test', () => ({ host: '127.0.0.1', port: 9, secure: false, username: 'u', password: 'p', smtp: { host: '127.0.0.1', port: 9 } })),
  'POST /api/mailboxes/:id/test': send('admin', (w) => `/api/mailboxes/${w.mailboxId}/test`, () => ({ smtp: { host: '127.0.0.1', port: 9 } })),
  'PATCH /api/mailboxes/:id': send('admin', (w) => `/api/mailboxes/${w.mailboxId}`, () => ({ name: 'Renamed box' })),
  'DELETE /api/mailboxes/:id': send('admin', async (w, _r, allowed) => `/api/mailboxes/${allowed ? await w.fresh.mailbox() : w.mailboxId}`),
  // The IMAP server is unreachable on purpose: the handler runs and reports the failure.
  'POST /api/mailboxes/:id/sync': send('admin', (w) => `/api/mailboxes/${w.mailboxId}/sync`, undefined, { ok: [200, 409, 502, 503] }),
  'GET /api/mail/quarantine': get('admin', () => '/api/mail/quarantine'),
  'GET /api/mail/quarantine/:id/raw': get('admin', (w) => `/api/mail/quarantine/${w.quarantineId}/raw`),
  'POST /api/mail/quarantine/:id/retry': send('admin', (w) => `/api/mail/quarantine/${w.quarantineId}/retry`, undefined, { ok: [200, 422] }),

  // ── alerts ──
  'GET /api/alerts': get('agent', () => '/api/alerts'),
  'GET /api/alerts/:id': get('agent', (w) => `/api/alerts/${w.alertId}`),
  'GET /api/settings/alerts': get('agent', () => '/api/settings/alerts'),
  'PUT /api/settings/alerts': roundTrip('/settings/alerts', (current) => current.settings),

  // ── chat widget (the customer's side) ──
  'POST /api/widget/uploads': {
    who: 'public',
    // Only a visitor token gets a file in; the route is public and does its own check (below).
    call: () => ({ path: `/api/widget/uploads?filename=photo.png&clientId=m-${Math.random().toString(36).slice(2)}`, raw: { contentType: 'image/png', data: 'png-bytes' } }),
    ok: [201],
    expect: { anonymous: 401, agent: 401, supervisor: 401, admin: 401 },
  },
  'OPTIONS /api/widget/uploads': { who: 'public', call: () => ({ path: '/api/widget/uploads' }) },
  'OPTIONS /api/suggestions': { who: 'public', call: () => ({ path: '/api/suggestions' }) },
  'OPTIONS /api/widget/surveys/:token': { who: 'public', call: (w) => ({ path: `/api/widget/surveys/${w.surveyToken}` }) },
  'GET /api/widget/config': get('public', () => '/api/widget/config'),
  'GET /api/settings/widget': get('admin', () => '/api/settings/widget'),
  'PUT /api/settings/widget': roundTrip('/settings/widget', ({ embed: _embed, ...settings }) => settings),
  'POST /api/widget/surveys/:token': send('public', (w) => `/api/widget/surveys/${w.surveyToken}`, () => ({ rating: 4 })),

  // ── templates, suggestions ──
  'GET /api/templates': get('agent', () => '/api/templates'),
  'GET /api/templates/:id': get('agent', (w) => `/api/templates/${w.templateId}`),
  'POST /api/templates': send('admin', () => '/api/templates', () => ({ title: 'Where is my order', body: 'It is on its way.', locale: 'en' })),
  'PATCH /api/templates/:id': send('admin', (w) => `/api/templates/${w.templateId}`, () => ({ keywords: ['parcel'] })),
  'DELETE /api/templates/:id': send('admin', async (w, _r, allowed) => `/api/templates/${allowed ? await w.fresh.template() : w.templateId}`),
  'POST /api/suggestions': send('public', () => '/api/suggestions', () => ({ text: 'Where is my parcel?' })),
  'GET /api/settings/suggestions': get('agent', () => '/api/settings/suggestions'),
  'PUT /api/settings/suggestions': roundTrip('/settings/suggestions', (current) => current),

  // ── knowledge base ──
  'GET /api/kb/articles': get('public', () => '/api/kb/articles'),
  'GET /api/kb/categories': get('public', () => '/api/kb/categories'),
  // An internal article: the public gets 404, every agent gets it.
  'GET /api/kb/articles/:idOrSlug': get('public', (w) => `/api/kb/articles/${w.internalArticle.slug}`, { expect: { anonymous: 404, customer: 404 } }),
  'POST /api/kb/articles': send('agent', () => '/api/kb/articles', () => ({ title: `Shipping ${Math.random()}`, body: 'We ship daily.', category: 'orders', locale: 'en' })),
  'PATCH /api/kb/articles/:id': send('agent', (w) => `/api/kb/articles/${w.publicArticle.id}`, () => ({ keywords: ['returns'] })),
  'DELETE /api/kb/articles/:id': send('admin', async (w, _r, allowed) => `/api/kb/articles/${allowed ? await w.fresh.article() : w.publicArticle.id}`),
  'GET /api/kb/articles/:id/revisions': get('agent', (w) => `/api/kb/articles/${w.publicArticle.id}/revisions`),
  'POST /api/kb/articles/:id/feedback': send('public', (w) => `/api/kb/articles/${w.publicArticle.id}/feedback`, () => ({ helpful: true })),

  // ── customers, imports, segments, care ──
  'GET /api/customers': get('agent', () => '/api/customers'),
  'GET /api/customers/:id': get('agent', (w) => `/api/customers/${w.customerId}`),
  'PATCH /api/customers/:id': send('agent', (w) => `/api/customers/${w.customerId}`, () => ({ tags: ['vip'] })),
  'GET /api/customers/:id/history': get('agent', (w) => `/api/customers/${w.customerId}/history`),
  'POST /api/customers/:id/merge': send('agent', async (w, _r, allowed) => `/api/customers/${allowed ? (await w.fresh.ticket()).customerId : w.customerId}/merge`, async (w, _r, allowed) => ({ otherId: allowed ? (await w.fresh.ticket()).customerId : w.customerId })),
  'POST /api/customers/merges/:id/undo': send('agent', async (w, _r, allowed) => `/api/customers/merges/${allowed ? await w.fresh.customerMerge() : 1}/undo`),
  'GET /api/settings/roles': get('admin', () => '/api/settings/roles'),
  'PUT /api/settings/roles': roundTrip('/settings/roles', (current) => ({ roles: current.roles })),
  'POST /api/imports/customers': { who: 'customers.import', call: () => ({ path: '/api/imports/customers?filename=people.csv', raw: { contentType: 'text/csv', data: `email,name\n${uniqueEmail('imported')},Imported\n` } }) },
  'POST /api/imports/purchases': { who: 'customers.import', call: () => ({ path: '/api/imports/purchases?filename=orders.csv&createMissing=true', raw: { contentType: 'text/csv', data: `email,order,amount,date\n${uniqueEmail('buyer')},A-1,10,${today}\n` } }) },
  'GET /api/imports/:id': get('customers.import', (w) => `/api/imports/${w.importJobId}`),
  'GET /api/exports/customers.csv': get('customers.export', () => '/api/exports/customers.csv'),
  'GET /api/segments': get('agent', () => '/api/segments'),
  'POST /api/segments/recompute': send('admin', () => '/api/segments/recompute'),
  'GET /api/care/campaigns': get('admin', () => '/api/care/campaigns'),
  'POST /api/care/campaigns': send('admin', () => '/api/care/campaigns', (w) => ({ name: 'Birthday', audience: 'birthday', templateId: w.templateId, subject: 'Happy birthday', sendTime: '09:00', active: false })),
  'PATCH /api/care/campaigns/:id': send('admin', (w) => `/api/care/campaigns/${w.campaignId}`, () => ({ subject: 'Many happy returns' })),
  'DELETE /api/care/campaigns/:id': send('admin', async (w, _r, allowed) => `/api/care/campaigns/${allowed ? await w.fresh.campaign() : w.campaignId}`),
  'GET /api/care/campaigns/:id/deliveries': get('admin', (w) => `/api/care/campaigns/${w.campaignId}/deliveries`),
  'POST /api/care/campaigns/:id/run': send('admin', (w) => `/api/care/campaigns/${w.campaignId}/run`),

  // ── reports, search ──
  'GET /api/settings/categories': get('agent', () => '/api/settings/categories'),
  'PUT /api/settings/categories': roundTrip('/settings/categories', (current) => current),
  'GET /api/reports/feedback': get('agent', () => '/api/reports/feedback'),
  'GET /api/reports/feedback.csv': get('agent', () => '/api/reports/feedback.csv'),
  'GET /api/reports/overview': get('agent', () => '/api/reports/overview'),
  'GET /api/reports/overview.csv': get('agent', () => '/api/reports/overview.csv?section=volume'),
  'GET /api/reports/csat': get('agent', () => '/api/reports/csat'),
  'GET /api/search': get('agent', () => '/api/search?q=parcel'),

  // ── webhooks ──
  'GET /api/webhooks': get('admin', () => '/api/webhooks'),
  'POST /api/webhooks': send('admin', () => '/api/webhooks', (w) => ({ url: w.sink.url, events: ['message.created'] })),
  'PATCH /api/webhooks/:id': send('admin', (w) => `/api/webhooks/${w.webhookId}`, () => ({ description: 'CRM' })),
  'DELETE /api/webhooks/:id': send('admin', async (w, _r, allowed) => `/api/webhooks/${allowed ? await w.fresh.webhook() : w.webhookId}`),
  'POST /api/webhooks/:id/rotate-secret': send('admin', (w) => `/api/webhooks/${w.webhookId}/rotate-secret`),
  'GET /api/webhooks/:id/deliveries': get('admin', (w) => `/api/webhooks/${w.webhookId}/deliveries`),
  'POST /api/webhooks/:id/deliveries/:deliveryId/retry': send('admin', (w) => `/api/webhooks/${w.webhookId}/deliveries/${w.deliveryId}/retry`, undefined, { ok: [202, 409] }),
  'POST /api/webhooks/:id/test': send('admin', (w) => `/api/webhooks/${w.webhookId}/test`),

  // ── outside the API router ──
  'GET /metrics': get('metrics', () => '/metrics'),
  'GET /kb/': get('public', () => '/kb/'),
  'GET /kb/search': get('public', () => '/kb/search?q=returns'),
  'GET /kb/:slug': get('public', (w) => `/kb/${w.publicArticle.slug}`),
  'GET /care/unsubscribe/:token': get('public', (w) => `/care/unsubscribe/${w.unsubscribeToken}`),
  'POST /care/unsubscribe/:token': { who: 'public', call: (w) => ({ path: `/care/unsubscribe/${w.unsubscribeToken}`, raw: { contentType: 'application/x-www-form-urlencoded', data: '' } }) },
  'GET /survey/:token': get('public', (w) => `/survey/${w.surveyToken}`),
  'POST /survey/:token': { who: 'public', call: (w) => ({ path: `/survey/${w.surveyToken}`, raw: { contentType: 'application/x-www-form-urlencoded', data: 'rating=5' } }) },
  // The console's and widget's static files.
  'GET /.*/': get('public', () => '/widget.js'),
};
