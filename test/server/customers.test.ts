/**
 * Customers against the real server on each database: one customer across email and a verified
 * chat identity, with one history in order; profiles; private fields per role (a role without
 * the permission never receives them from any route that returns customers, and every read is
 * audited); merging and undoing a merge; history paging on a long history.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { AuditLog } from '../../server/models/AuditLog';
import { Customer } from '../../server/models/Customer';
import { Message } from '../../server/models/Message';
import type { CustomerJson } from '../../server/presenters/customerPresenter';
import type { TicketJson } from '../../server/presenters/schemas';
import { Purchase } from '../../server/models/Purchase';
import { Setting } from '../../server/models/Setting';
import { Survey } from '../../server/models/Survey';
import { buildAgent } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';

const SECRET = 'widget-secret-for-customer-tests';
interface HistoryPage {
  data: Array<{
    kind: 'ticket' | 'message' | 'survey' | 'purchase';
    at: string;
    ticket: { id: number; channel: string };
    message?: { body: string; channel: string };
    survey?: { rating: number; comment: string | null };
    purchase?: { orderRef: string | null; product: string | null; amount: string; currency: string };
  }>;
  total: number;
}
const PRIVATE = { homeAddress: '88 Secret Lane, Hangzhou', income: '250000 CNY', householdSize: 4, birthday: '1990-05-17' };

describeEachDatabase('customers', (database) => {
  let server: TestServer;
  let admin: string;
  let agent: string;
  let supervisor: string;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer(database, { WIDGET_HMAC_SECRET: SECRET });
    admin = await server.login();
    const plain = await buildAgent(server.server.ctx, { role: 'agent' });
    agent = await server.login(plain.email, plain.password);
    const boss = await buildAgent(server.server.ctx, { role: 'supervisor' });
    supervisor = await server.login(boss.email, boss.password);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.close();
  });

  const openTicket = async (email: string, name: string, subject = 'Question', body = 'Hello') =>
    (await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject, body, customer: { email, name } } })).body;
  const history = async (id: number, query = '', token = agent) => (await server.request<HistoryPage>('GET', `/api/customers/${id}/history${query}`, { token })).body;

  const leaks = (text: string) => [PRIVATE.homeAddress, PRIVATE.income, PRIVATE.birthday, `"householdSize":${PRIVATE.householdSize}`].some((value) => text.includes(value));
  /** Calls every route that returns this customer's data (the export too, when allowed) and checks none carries a private field. */
  async function expectNoPrivateFields(token: string, ticket: TicketJson, options: { exportAllowed?: boolean } = {}): Promise<void> {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/customers?limit=200'],
      ['GET', '/api/customers?q=Private'],
      ['GET', `/api/customers?email=secret@customer.test`],
      ['GET', `/api/customers/${ticket.customerId}`],
      ['PATCH', `/api/customers/${ticket.customerId}`, { notes: 'called twice' }],
      ['GET', `/api/customers/${ticket.customerId}/history`],
      ['GET', `/api/tickets/${ticket.id}`],
      ['GET', `/api/tickets?customerId=${ticket.customerId}`],
      ['GET', `/api/search?q=${encodeURIComponent('Private Person')}`],
      ['GET', `/api/search?q=${encodeURIComponent('Secret Lane')}`],
      ...(options.exportAllowed ? ([['GET', '/api/exports/customers.csv']] as Array<[string, string]>) : []),
    ];
    for (const [method, path, body] of routes) {
      const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      expect(response.status, `${method} ${path}`).to.equal(200);
      const text = await response.text();
      expect(leaks(text), `${method} ${path} leaked a private field`).to.equal(false);
    }
  }

  it('one person by email, then by chat with a verified identity: one customer, one history in order', async () => {
    const ctx = server.server.ctx;
    const mail = await buildMail({ from: 'Mei Lin <mei@customer.test>', subject: '包裹还没到', text: '我的包裹三天了还没到。' });
    const { ticketId } = (await ingestRawMail(ctx, null, mail, { threadSecret: ctx.channels.email?.threadSecret ?? 'x'.repeat(32) })) as { ticketId: number };
    const socket = connect(`${server.url}/widget`, { auth: { email: 'mei@customer.test', name: 'Mei Lin', identifierHash: createHmac('sha256', SECRET).update('mei@customer.test').digest('hex') }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const session = await new Promise<{ customerId: number }>((resolve) => socket.once('session', resolve));
    const ack = await socket.timeout(10_000).emitWithAck('message', { text: 'Hi again, by chat this time', clientId: 'c-1' });
    expect(ack.ok).to.equal(true);

    const email = await server.request<{ data: CustomerJson[] }>('GET', '/api/customers?email=MEI@customer.test', { token: agent });
    expect(email.body.data).to.have.length(1);
    const customer = email.body.data[0];
    expect(session.customerId).to.equal(customer.id);
    expect(customer.ticketCount).to.equal(2);
    expect(customer.identities.map((i) => i.kind).sort()).to.deep.equal(['email', 'visitor']);
    const timeline = await history(customer.id);
    expect(timeline.total).to.equal(4);
    expect(timeline.data.map((e) => `${e.kind}:${e.ticket.channel}`)).to.deep.equal(['ticket:email', 'message:email', 'ticket:chat', 'message:chat']);
    expect(timeline.data[0].ticket.id).to.equal(ticketId);
    expect(timeline.data[3].message?.body).to.equal('Hi again, by chat this time');
  });

  it('puts purchases and answered satisfaction surveys into the same timeline, in time order', async () => {
    const day = (n: number) => new Date(Date.UTC(2026, 2, n, 9));
    server.clock.set(day(2));
    const ticket = await openTicket('orders@customer.test', 'Orders Ou', 'Where is my kettle?', 'Ordered on the 1st');
    await Purchase.bulkCreate([
      { customerId: ticket.customerId, orderRef: 'K-1', product: 'Kettle', amount: '39.90', currency: 'EUR', purchasedAt: day(1) },
      { customerId: ticket.customerId, orderRef: 'T-2', product: 'Teapot', amount: '25.00', currency: 'EUR', purchasedAt: day(4) },
    ]);
    // Survey rows as the solve flow writes them (that flow has its own tests); one never answered.
    await Survey.bulkCreate([
      { ticketId: ticket.id, round: 1, agentId: null, category: null, channel: 'email', tokenHash: 'a'.repeat(64), sentAt: day(3), rating: 4, comment: 'Quick answer', answeredAt: day(3) },
      { ticketId: ticket.id, round: 2, agentId: null, category: null, channel: 'email', tokenHash: 'b'.repeat(64), sentAt: day(5) },
    ]);
    const timeline = await history(ticket.customerId);
    expect(timeline.total).to.equal(5);
    expect(timeline.data.map((e) => e.kind)).to.deep.equal(['purchase', 'ticket', 'message', 'survey', 'purchase']);
    expect(timeline.data[0].purchase).to.deep.include({ orderRef: 'K-1', product: 'Kettle', currency: 'EUR' });
    expect(Number(timeline.data[0].purchase?.amount)).to.equal(39.9);
    expect(timeline.data[3].survey).to.deep.include({ rating: 4, comment: 'Quick answer' });
    expect(timeline.data[3].ticket.id).to.equal(ticket.id);
    // Paging runs over the whole timeline.
    const last = await history(ticket.customerId, '?limit=2&offset=3');
    expect(last.data.map((e) => e.kind)).to.deep.equal(['survey', 'purchase']);
    server.clock.reset();
  });

  it('searches and updates profiles; only roles allowed may write private fields', async () => {
    const ticket = await openTicket('ana@customer.test', 'Ana Silva');
    const found = await server.request<{ data: CustomerJson[]; total: number }>('GET', '/api/customers?q=silva', { token: agent });
    expect(found.body.data.map((c) => c.id)).to.include(ticket.customerId);
    const patched = await server.request<CustomerJson>('PATCH', `/api/customers/${ticket.customerId}`, { token: agent, body: { organisation: 'Silva Lda', tags: ['VIP', 'vip', 'b2b'], customFields: { plan: 'gold' } } });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.deep.include({ organisation: 'Silva Lda', tags: ['vip', 'b2b'], customFields: { plan: 'gold' } });
    expect((await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: agent, body: { restricted: { income: '1' } } })).status).to.equal(403);
    expect((await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: agent, body: { unknownField: 1 } })).status).to.equal(400);
    expect((await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: supervisor, body: { restricted: { birthday: 'not a date' } } })).status).to.equal(400);
    expect((await server.request('GET', '/api/customers/999999', { token: agent })).status).to.equal(404);
    expect((await server.request('GET', `/api/customers/${ticket.customerId}`)).status).to.equal(401);
  });

  it('a role without the permission never receives private fields from any route that returns customers; reads are audited', async () => {
    const ticket = await openTicket('secret@customer.test', 'Private Person');
    const other = await openTicket('secret2@customer.test', 'Second Person');
    const written = await server.request<CustomerJson>('PATCH', `/api/customers/${ticket.customerId}`, { token: supervisor, body: { restricted: PRIVATE } });
    expect(written.status).to.equal(200);
    expect(written.body.restricted).to.deep.equal(PRIVATE);

    await expectNoPrivateFields(agent, ticket);
    const merged = await server.request<{ customer: CustomerJson; mergeId: number }>('POST', `/api/customers/${ticket.customerId}/merge`, { token: agent, body: { otherId: other.customerId } });
    expect(leaks(JSON.stringify(merged.body))).to.equal(false);
    expect(merged.body.customer.redactedFields).to.deep.equal(['homeAddress', 'income', 'householdSize', 'birthday']);
    const undone = await server.request<{ customer: CustomerJson }>('POST', `/api/customers/merges/${merged.body.mergeId}/undo`, { token: agent });
    expect(leaks(JSON.stringify(undone.body))).to.equal(false);

    const before = await AuditLog.count({ where: { action: 'customer.restricted.read', entityId: ticket.customerId } });
    const read = await server.request<CustomerJson>('GET', `/api/customers/${ticket.customerId}`, { token: supervisor });
    expect(read.body.restricted).to.deep.equal(PRIVATE);
    expect(await AuditLog.count({ where: { action: 'customer.restricted.read', entityId: ticket.customerId } })).to.equal(before + 1);
    // The write's audit entry names the fields, never their values.
    const writeAudit = await AuditLog.findOne({ where: { action: 'customer.updated', entityId: ticket.customerId }, order: [['id', 'ASC']] });
    expect(leaks(JSON.stringify(writeAudit?.changes))).to.equal(false);
  });

  interface RoleJson {
    name: string;
    label: string | null;
    builtIn: boolean;
    permissions: string[];
    agents: number;
  }
  const roleSettings = async () => (await server.request<{ roles: RoleJson[]; permissions: string[] }>('GET', '/api/settings/roles', { token: admin })).body;
  const saveRoles = (roles: Array<Pick<RoleJson, 'name' | 'permissions'> & { label?: string | null }>, token = admin) => server.request<{ roles: RoleJson[] }>('PUT', '/api/settings/roles', { token, body: { roles } });
  const DEFAULT_ROLES = [
    { name: 'supervisor', permissions: ['customers.restricted.read', 'customers.restricted.write', 'customers.merge'] },
    { name: 'agent', permissions: ['customers.merge'] },
  ];

  it('admins set which built-in roles see private fields', async () => {
    const ticket = await openTicket('config@customer.test', 'Configured');
    await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: admin, body: { restricted: { homeAddress: 'Room 1, Tower 2' } } });
    expect((await saveRoles(DEFAULT_ROLES, agent)).status).to.equal(403);
    const saved = await saveRoles([{ name: 'supervisor', permissions: [] }, { name: 'agent', permissions: ['customers.restricted.read', 'customers.merge'] }]);
    expect(saved.status).to.equal(200);
    expect((await server.request<CustomerJson>('GET', `/api/customers/${ticket.customerId}`, { token: agent })).body.restricted?.homeAddress).to.equal('Room 1, Tower 2');
    expect((await server.request<CustomerJson>('GET', `/api/customers/${ticket.customerId}`, { token: supervisor })).body.restricted).to.equal(null);
    expect((await saveRoles([{ name: 'supervisor', permissions: [] }, { name: 'agent', permissions: ['everything'] }])).status).to.equal(400);
    expect((await saveRoles(DEFAULT_ROLES)).status).to.equal(200);
  });

  it('admins add roles of their own: agents with such a role get exactly its permissions; a role in use cannot be deleted', async () => {
    const ticket = await openTicket('secret@customer.test', 'Private Person');
    await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: admin, body: { restricted: PRIVATE } });
    const billing = { name: 'billing', label: '财务', permissions: ['customers.restricted.read', 'customers.export'] };
    const quality = { name: 'qa-team', label: 'Quality', permissions: ['customers.export'] };
    const saved = await saveRoles([...DEFAULT_ROLES, billing, quality]);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect(saved.body.roles.find((role) => role.name === 'billing')).to.deep.equal({ ...billing, builtIn: false, agents: 0 });
    expect(saved.body.roles.find((role) => role.name === 'agent')?.builtIn).to.equal(true);

    // Agents get a custom role like a built-in one; a role nobody defined is refused.
    const made = async (role: string) => {
      const email = `${role}-${Date.now()}@example.test`;
      const response = await server.request<{ id: number; role: string }>('POST', '/api/agents', { token: admin, body: { name: `Role ${role}`, email, password: 'long-enough-1', role } });
      return { ...response, login: () => server.login(email, 'long-enough-1') };
    };
    const accountant = await made('billing');
    expect(accountant.status).to.equal(201);
    expect(accountant.body.role).to.equal('billing');
    const unknown = await made('nobody');
    expect(unknown.status).to.equal(400);
    expect(JSON.stringify(unknown.body)).to.contain('Unknown role');
    const reviewer = await made('qa-team');
    expect(reviewer.status).to.equal(201);
    const [accountantToken, reviewerToken] = [await accountant.login(), await reviewer.login()];

    const me = await server.request<{ role: string; permissions: string[] }>('GET', '/api/me', { token: accountantToken });
    expect(me.body.permissions).to.have.members(billing.permissions);
    expect((await server.request<CustomerJson>('GET', `/api/customers/${ticket.customerId}`, { token: accountantToken })).body.restricted).to.deep.equal(PRIVATE);
    expect((await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: accountantToken, body: { restricted: { income: '1' } } })).status).to.equal(403);
    expect((await server.request('GET', '/api/exports/customers.csv', { token: accountantToken })).status).to.equal(200);
    // An upload without customers.import is refused before its body is read.
    const upload = await fetch(`${server.url}/api/imports/customers?filename=people.csv`, { method: 'POST', headers: { authorization: `Bearer ${accountantToken}`, 'content-type': 'text/csv' }, body: 'email,name\nx@example.test,X\n' });
    expect(upload.status).to.equal(403);
    // The role without restricted.read sees no private field anywhere, the export included.
    await expectNoPrivateFields(reviewerToken, ticket, { exportAllowed: true });
    expect((await server.request<{ permissions: string[] }>('GET', '/api/me', { token: reviewerToken })).body.permissions).to.deep.equal(['customers.export']);

    // A role in use cannot be deleted; the roles stay as they were.
    expect((await roleSettings()).roles.find((role) => role.name === 'billing')?.agents).to.equal(1);
    const refused = await saveRoles([...DEFAULT_ROLES, quality]);
    expect(refused.status).to.equal(409);
    expect(JSON.stringify(refused.body)).to.contain('billing (1)');
    expect((await roleSettings()).roles.map((role) => role.name)).to.deep.equal(['supervisor', 'agent', 'billing', 'qa-team']);

    // Taking the permission away applies to the next request; the label can change.
    expect((await saveRoles([...DEFAULT_ROLES, { ...billing, label: '财务部', permissions: [] }, quality])).status).to.equal(200);
    expect((await server.request<CustomerJson>('GET', `/api/customers/${ticket.customerId}`, { token: accountantToken })).body.restricted).to.equal(null);
    expect((await server.request('GET', '/api/exports/customers.csv', { token: accountantToken })).status).to.equal(403);

    // Once nobody has it, the role can go; the change is in the audit log.
    expect((await server.request('PATCH', `/api/agents/${accountant.body.id}`, { token: admin, body: { role: 'agent' } })).status).to.equal(200);
    expect((await server.request('PATCH', `/api/agents/${reviewer.body.id}`, { token: admin, body: { role: 'agent' } })).status).to.equal(200);
    const removed = await saveRoles(DEFAULT_ROLES);
    expect(removed.status).to.equal(200);
    expect(removed.body.roles.map((role) => role.name)).to.deep.equal(['supervisor', 'agent']);
    const audit = await AuditLog.findOne({ where: { action: 'settings.roles' }, order: [['id', 'DESC']] });
    expect(audit?.changes).to.deep.include({ removed: ['billing', 'qa-team'] });
  });

  it('refuses role lists that would redefine admin, drop a built-in role, repeat a name or use a bad name', async () => {
    const cases: Array<[string, unknown[]]> = [
      ['admin is fixed', [...DEFAULT_ROLES, { name: 'admin', permissions: [] }]],
      ['agent stays', [DEFAULT_ROLES[0]]],
      ['unique', [...DEFAULT_ROLES, { name: 'sales', permissions: [] }, { name: 'sales', permissions: [] }]],
      ['upper case and spaces', [...DEFAULT_ROLES, { name: 'Sales Team', permissions: [] }]],
      ['too long', [...DEFAULT_ROLES, { name: 'a'.repeat(17), permissions: [] }]],
    ];
    for (const [why, roles] of cases) {
      const response = await server.request<{ error: { code: string } }>('PUT', '/api/settings/roles', { token: admin, body: { roles } });
      expect(response.status, why).to.equal(400);
      expect(response.body.error.code, why).to.equal('validation_error');
    }
    expect((await roleSettings()).roles.map((role) => role.name)).to.deep.equal(['supervisor', 'agent']);
  });

  it('reads the permissions saved before custom roles existed', async () => {
    await Setting.upsert({ key: 'roles.permissions', value: JSON.stringify({ supervisor: ['customers.merge'], agent: [] }) });
    const settings = await roleSettings();
    expect(settings.roles.map(({ name, permissions }) => ({ name, permissions }))).to.deep.equal([
      { name: 'supervisor', permissions: ['customers.merge'] },
      { name: 'agent', permissions: [] },
    ]);
    expect((await saveRoles(DEFAULT_ROLES)).status).to.equal(200);
  });

  it('merges two customers (identities, tickets and history move) and undoes a wrong merge', async () => {
    const first = await openTicket('one@customer.test', 'Same Person', 'First', 'first message');
    const second = await openTicket('two@customer.test', null as unknown as string, 'Second', 'second message');
    // Purchases move too, except an order the survivor already has (the same order imported under both).
    const purchasedAt = new Date('2026-01-10T10:00:00Z');
    await Purchase.bulkCreate([
      { customerId: first.customerId, orderRef: 'SAME-1', product: 'Lamp', amount: '20.00', currency: 'EUR', purchasedAt },
      { customerId: second.customerId, orderRef: 'SAME-1', product: 'Lamp', amount: '20.00', currency: 'EUR', purchasedAt },
      { customerId: second.customerId, orderRef: 'OWN-2', product: 'Desk', amount: '120.00', currency: 'EUR', purchasedAt },
      { customerId: second.customerId, orderRef: null, product: 'Gift card', amount: '10.00', currency: 'EUR', purchasedAt },
    ]);
    const purchasesOf = async (customerId: number) => (await Purchase.findAll({ where: { customerId }, order: [['id', 'ASC']] })).map((p) => p.product);
    const merged = await server.request<{ customer: CustomerJson; mergeId: number }>('POST', `/api/customers/${first.customerId}/merge`, { token: agent, body: { otherId: second.customerId } });
    expect(merged.status).to.equal(200);
    expect(await purchasesOf(first.customerId)).to.deep.equal(['Lamp', 'Desk', 'Gift card']);
    expect(await purchasesOf(second.customerId)).to.deep.equal(['Lamp']);
    expect(merged.body.customer.emails.sort()).to.deep.equal(['one@customer.test', 'two@customer.test']);
    expect(merged.body.customer.ticketCount).to.equal(2);
    expect((await history(first.customerId)).data.filter((e) => e.kind === 'message').map((e) => e.message?.body)).to.deep.equal(['first message', 'second message']);
    expect((await server.request<CustomerJson>('GET', `/api/customers/${second.customerId}`, { token: agent })).body.mergedIntoId).to.equal(first.customerId);
    // Mail from the merged address now lands with the survivor.
    const ctx = server.server.ctx;
    const { ticketId } = (await ingestRawMail(ctx, null, await buildMail({ from: 'two@customer.test', subject: 'Third' }), { threadSecret: ctx.channels.email?.threadSecret ?? 'x'.repeat(32) })) as { ticketId: number };
    expect((await server.request<TicketJson>('GET', `/api/tickets/${ticketId}`, { token: agent })).body.customerId).to.equal(first.customerId);
    expect((await server.request('POST', `/api/customers/${first.customerId}/merge`, { token: agent, body: { otherId: second.customerId } })).status).to.equal(409);
    expect(await AuditLog.count({ where: { action: 'customer.merged', entityId: first.customerId } })).to.equal(1);

    const undone = await server.request<{ customer: CustomerJson; restored: CustomerJson }>('POST', `/api/customers/merges/${merged.body.mergeId}/undo`, { token: agent });
    expect(undone.status).to.equal(200);
    expect(undone.body.restored).to.deep.include({ id: second.customerId, mergedIntoId: null, emails: ['two@customer.test'], ticketCount: 1 });
    expect(await purchasesOf(second.customerId)).to.deep.equal(['Lamp', 'Desk', 'Gift card']);
    expect(await purchasesOf(first.customerId)).to.deep.equal(['Lamp']);
    // The ticket opened after the merge stays with the survivor (it was not part of what moved).
    expect(undone.body.customer.ticketCount).to.equal(2);
    expect((await server.request('POST', `/api/customers/merges/${merged.body.mergeId}/undo`, { token: agent })).status).to.equal(409);
    expect((await server.request('POST', `/api/customers/${first.customerId}/merge`, { token: agent, body: { otherId: first.customerId } })).status).to.equal(400);
  });

  it('shows the customer’s value tier on tickets and filters tickets by it', async () => {
    const valued = await openTicket('valued@customer.test', 'Valued');
    const other = await openTicket('plain@customer.test', 'Plain');
    await Customer.update({ segment: 'high_value' }, { where: { id: valued.customerId } });
    const page = await server.request<{ data: TicketJson[] }>('GET', '/api/tickets?segment=high_value&limit=200', { token: admin });
    expect(page.body.data.map((t) => t.id)).to.include(valued.id).and.not.include(other.id);
    expect(page.body.data.every((t) => t.customer?.segment === 'high_value')).to.equal(true);
    expect((await server.request('GET', '/api/tickets?segment=gold', { token: admin })).status).to.equal(400);
  });

  it('pages a long history in order, and hides tickets the reader may not see', async () => {
    const ticket = await openTicket('long@customer.test', 'Long History');
    const rows = Array.from({ length: 120 }, (_, i) => ({ ticketId: ticket.id, direction: i % 2 ? 'outbound' : 'inbound', channel: 'web', authorType: i % 2 ? 'agent' : 'customer', authorId: null, body: `message ${i}`, createdAt: new Date(Date.now() + (i + 1) * 1000), updatedAt: new Date() }));
    await Message.bulkCreate(rows as never);
    const all: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = await history(ticket.customerId, `?limit=50&offset=${offset}`);
      expect(page.total).to.equal(122);
      all.push(...page.data.map((e) => (e.kind === 'ticket' ? 'ticket' : (e.message?.body as string))));
      if (page.data.length < 50) break;
    }
    expect(all).to.have.length(122);
    expect(all.slice(0, 3)).to.deep.equal(['ticket', 'Hello', 'message 0']);
    expect(all.at(-1)).to.equal('message 119');

    // A ticket in a group the agent is not in is left out of their view of the history.
    const group = await server.request<{ id: number }>('POST', '/api/groups', { token: admin, body: { name: `Hidden ${Date.now()}` } });
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { groupId: group.body.id } });
    expect((await history(ticket.customerId)).total).to.equal(0);
    expect((await history(ticket.customerId, '', admin)).total).to.equal(122);
  });
});
