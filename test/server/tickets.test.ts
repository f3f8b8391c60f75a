import { expect } from 'chai';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildAgent, buildGroup, buildTicket } from '../factories';
import { AuditLog } from '../../server/models/AuditLog';
import type { TicketJson, MessageJson } from '../../server/presenters/schemas';

type TicketWithMessages = TicketJson & { messages: MessageJson[] };
interface ErrorBody {
  error: { code: string; message: string };
}
interface Page {
  data: TicketJson[];
  total: number;
}

describeEachDatabase('tickets', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database, { ALERT_AFTER_HOURS: '12' });
    admin = await server.login();
  });
  after(async () => server?.close());

  it('opens a ticket on a customer’s behalf: customer found or created, first message inbound, clock started', async () => {
    const created = await server.request<TicketWithMessages>('POST', '/api/tickets', {
      token: admin,
      body: { subject: '退款还没到账', body: '我上周申请的退款还没有到账。', customer: { email: 'Wang.Fang@Example.test', name: '王芳' } },
    });
    expect(created.status).to.equal(201);
    const ticket = created.body;
    expect(ticket).to.include({ subject: '退款还没到账', status: 'open', priority: 'normal', channel: 'web' });
    expect(ticket.number).to.be.a('number').greaterThan(10000);
    expect(ticket.customer).to.include({ name: '王芳', email: 'wang.fang@example.test' });
    expect(ticket.waitingSince).to.be.a('string');
    expect(new Date(ticket.alertDueAt as string).getTime() - new Date(ticket.waitingSince as string).getTime()).to.equal(12 * 3_600_000);
    expect(ticket.messages).to.have.length(1);
    expect(ticket.messages[0]).to.include({ direction: 'inbound', authorType: 'customer', body: '我上周申请的退款还没有到账。', internal: false });

    const again = await server.request<TicketWithMessages>('POST', '/api/tickets', {
      token: admin,
      body: { subject: 'Second', body: 'Another question', customer: { email: 'wang.fang@example.test' } },
    });
    expect(again.body.customerId).to.equal(ticket.customerId);
    expect(again.body.number).to.equal(ticket.number + 1);
  });

  it('reads a ticket with its messages, and answers 404 for an unknown one', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const read = await server.request<TicketWithMessages>('GET', `/api/tickets/${ticket.id}`, { token: admin });
    expect(read.status).to.equal(200);
    expect(read.body.id).to.equal(ticket.id);
    expect(read.body.messages).to.have.length(1);
    const missing = await server.request<ErrorBody>('GET', '/api/tickets/987654', { token: admin });
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('not_found');
    expect((await server.request('GET', '/api/tickets/abc', { token: admin })).status).to.equal(400);
  });

  it('updates status, priority, assignee and tags, with an audit entry of the changes', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const { actor } = await buildAgent(server.server.ctx);
    const patched = await server.request<TicketJson>('PATCH', `/api/tickets/${ticket.id}`, {
      token: admin,
      body: { status: 'pending', priority: 'urgent', assigneeId: actor.agent.id, tags: ['VIP', 'refund', 'vip'] },
    });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ status: 'pending', priority: 'urgent', assigneeId: actor.agent.id });
    expect(patched.body.assignee).to.deep.equal({ id: actor.agent.id, name: actor.agent.name });
    expect(patched.body.tags).to.deep.equal(['vip', 'refund']);
    // Waiting on the customer: still waiting since the same time, but no alert is due.
    expect(patched.body.waitingSince).to.be.a('string');
    expect(patched.body.alertDueAt).to.equal(null);
    const audit = await AuditLog.findOne({ where: { entityType: 'ticket', entityId: ticket.id, action: 'ticket.updated' } });
    expect(audit?.changes).to.deep.include({ status: { from: 'open', to: 'pending' } });

    const reopened = await server.request<TicketJson>('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'open', assigneeId: null } });
    expect(reopened.body.alertDueAt).to.be.a('string');
    expect(reopened.body.assigneeId).to.equal(null);
  });

  it('answers 400 for bad changes: unknown status, unknown assignee, empty patch', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    const badStatus = await server.request<ErrorBody>('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'done' } });
    expect(badStatus.status).to.equal(400);
    expect(badStatus.body.error.message).to.contain('status');
    expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { assigneeId: 424242 } })).status).to.equal(400);
    expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: {} })).status).to.equal(400);
    expect((await server.request('POST', '/api/tickets', { token: admin, body: { subject: 'x', body: 'y', customer: { email: 'nope' } } })).status).to.equal(400);
  });

  it('lists newest activity first, with filters and paging', async () => {
    const ctx = server.server.ctx;
    const { actor } = await buildAgent(ctx);
    const customerEmail = `list-${Date.now()}@example.test`;
    const first = await buildTicket(ctx, { subject: 'Invoice copy needed', customer: { email: customerEmail } });
    server.clock.advance(1000);
    const second = await buildTicket(ctx, { subject: 'Delivery late', customer: { email: customerEmail }, priority: 'high', assigneeId: actor.agent.id, tags: ['shipping'] });
    server.clock.advance(1000);
    await buildTicket(ctx, { subject: 'Unrelated' });

    const byCustomer = await server.request<Page>('GET', `/api/tickets?customerId=${first.ticket.customerId}`, { token: admin });
    expect(byCustomer.body.total).to.equal(2);
    expect(byCustomer.body.data.map((t) => t.id)).to.deep.equal([second.ticket.id, first.ticket.id]);

    const byAssignee = await server.request<Page>('GET', `/api/tickets?assigneeId=${actor.agent.id}`, { token: admin });
    expect(byAssignee.body.data.map((t) => t.id)).to.deep.equal([second.ticket.id]);
    const byTag = await server.request<Page>('GET', '/api/tickets?tag=shipping', { token: admin });
    expect(byTag.body.data.map((t) => t.id)).to.include(second.ticket.id);
    const byQuery = await server.request<Page>('GET', '/api/tickets?q=invoice', { token: admin });
    expect(byQuery.body.data.map((t) => t.id)).to.include(first.ticket.id);
    const byNumber = await server.request<Page>('GET', `/api/tickets?q=%23${first.ticket.number}`, { token: admin });
    expect(byNumber.body.data.map((t) => t.id)).to.deep.equal([first.ticket.id]);

    await server.request('PATCH', `/api/tickets/${first.ticket.id}`, { token: admin, body: { status: 'solved' } });
    const solved = await server.request<Page>('GET', `/api/tickets?status=solved&customerId=${first.ticket.customerId}`, { token: admin });
    expect(solved.body.data.map((t) => t.id)).to.deep.equal([first.ticket.id]);
    const openOrPending = await server.request<Page>('GET', `/api/tickets?status=open,pending&customerId=${first.ticket.customerId}`, { token: admin });
    expect(openOrPending.body.data.map((t) => t.id)).to.deep.equal([second.ticket.id]);

    const page1 = await server.request<Page>('GET', '/api/tickets?limit=2&offset=0', { token: admin });
    const page2 = await server.request<Page>('GET', '/api/tickets?limit=2&offset=2', { token: admin });
    expect(page1.body.data).to.have.length(2);
    expect(page1.body.total).to.equal(page2.body.total);
    expect(page1.body.data.map((t) => t.id)).not.to.include.members(page2.body.data.map((t) => t.id));
    expect((await server.request('GET', '/api/tickets?status=bogus', { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/tickets?limit=5000', { token: admin })).status).to.equal(400);
  });

  it('agents see only tickets of their groups, unassigned-group tickets and their own', async () => {
    const ctx = server.server.ctx;
    const billing = await buildGroup(ctx);
    const sales = await buildGroup(ctx);
    const member = await buildAgent(ctx, { groupIds: [billing.id] });
    const token = await server.login(member.email, member.password);
    const inBilling = await buildTicket(ctx, { groupId: billing.id });
    const inSales = await buildTicket(ctx, { groupId: sales.id });
    const salesButMine = await buildTicket(ctx, { groupId: sales.id, assigneeId: member.actor.agent.id });

    const list = await server.request<Page>('GET', '/api/tickets?limit=200', { token });
    const ids = list.body.data.map((t) => t.id);
    expect(ids).to.include(inBilling.ticket.id).and.include(salesButMine.ticket.id);
    expect(ids).not.to.include(inSales.ticket.id);
    expect((await server.request('GET', `/api/tickets/${inSales.ticket.id}`, { token })).status).to.equal(404);
    expect((await server.request('PATCH', `/api/tickets/${inSales.ticket.id}`, { token, body: { status: 'solved' } })).status).to.equal(404);
    const move = await server.request<ErrorBody>('PATCH', `/api/tickets/${inBilling.ticket.id}`, { token, body: { groupId: sales.id } });
    expect(move.status).to.equal(403);
  });

  it('requires authentication for every ticket route', async () => {
    for (const [method, path] of [['GET', '/api/tickets'], ['POST', '/api/tickets'], ['GET', '/api/tickets/1'], ['PATCH', '/api/tickets/1'], ['GET', '/api/tickets/1/messages'], ['POST', '/api/tickets/1/messages']]) {
      const response = await server.request<ErrorBody>(method, path, { body: method === 'GET' ? undefined : {} });
      expect(response.status, `${method} ${path}`).to.equal(401);
    }
  });
});
