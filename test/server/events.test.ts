import { expect } from 'chai';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildTicket } from '../factories';
import type { DomainEvents } from '../../server/events/types';
import { Ticket } from '../../server/models/Ticket';

describeEachDatabase('domain events', (database) => {
  let server: TestServer;
  let admin: string;
  const seen: Array<{ name: string; payload: unknown; ticketVisible: boolean }> = [];
  before(async () => {
    server = await startTestServer(database);
    admin = await server.login();
    const { events } = server.server.ctx;
    // A processor reading the database must find what the event announces: it runs after commit.
    const record = (name: keyof DomainEvents) => async (payload: { ticketId: number }) => {
      seen.push({ name, payload, ticketVisible: (await Ticket.findByPk(payload.ticketId)) !== null });
    };
    events.subscribe('ticket.created', 'test-recorder', record('ticket.created'));
    events.subscribe('ticket.updated', 'test-recorder', record('ticket.updated'));
    events.subscribe('message.created', 'test-recorder', record('message.created'));
  });
  after(async () => server?.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('publishes ticket.created and message.created after commit', async () => {
    const { ticket, message } = await buildTicket(server.server.ctx);
    await server.server.ctx.events.drain();
    expect(seen.map((e) => e.name).sort()).to.deep.equal(['message.created', 'ticket.created']);
    expect(seen.every((e) => e.ticketVisible)).to.equal(true);
    expect(seen.find((e) => e.name === 'message.created')?.payload).to.deep.include({ ticketId: ticket.id, messageId: message.id, authorType: 'customer', internal: false });
  });

  it('publishes message.created for a reply and ticket.updated with the changed fields', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    await server.server.ctx.events.drain();
    seen.length = 0;
    await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'note', internal: true } });
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { priority: 'high' } });
    await server.server.ctx.events.drain();
    expect(seen.map((e) => e.name)).to.deep.equal(['message.created', 'ticket.updated']);
    expect(seen[0].payload).to.deep.include({ internal: true, authorType: 'agent' });
    expect(seen[1].payload).to.deep.include({ changed: ['priority'] });
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const response = await server.request('POST', '/api/tickets', {
      token: admin,
      body: { subject: 'Ghost', body: 'never stored', customer: { email: 'ghost@example.test' }, assigneeId: 999999 },
    });
    expect(response.status).to.equal(400);
    await server.server.ctx.events.drain();
    expect(seen).to.deep.equal([]);
    expect(await Ticket.count({ where: { subject: 'Ghost' } })).to.equal(0);
  });

  it('a failing processor is logged and does not affect the request or other processors', async () => {
    server.server.ctx.events.subscribe('ticket.updated', 'always-fails', () => {
      throw new Error('boom');
    });
    const { ticket } = await buildTicket(server.server.ctx);
    const response = await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { priority: 'low' } });
    expect(response.status).to.equal(200);
    await server.server.ctx.events.drain();
    expect(seen.filter((e) => e.name === 'ticket.updated')).to.have.length(1);
  });
});
