/**
 * Ticket merge (POST /api/tickets/:id/merge) and a ticket's history (GET /api/tickets/:id/audit):
 * messages with their attachments move, tags add up, the other ticket is closed and points at the
 * target, notes and audit entries on both, events after commit, the waiting clock, mail threading.
 */
import { expect } from 'chai';
import { ingestRawMail, type IngestResult } from '../../server/channels/email/inbound/ingest';
import { makeMessageId } from '../../server/channels/email/messageIds';
import { Message } from '../../server/models/Message';
import type { TicketJson, MessageJson } from '../../server/presenters/schemas';
import type { AuditEntryJson } from '../../server/presenters/auditPresenter';
import { buildAgent, buildGroup, buildTicket } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail, type TestMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';

type TicketWithMessages = TicketJson & { messages: MessageJson[] };
interface ErrorBody {
  error: { code: string; message: string };
}

describeEachDatabase('ticket merge and history', (database) => {
  let server: TestServer;
  let admin: string;
  const updated: number[] = [];
  before(async () => {
    server = await startTestServer(database, { ALERT_AFTER_HOURS: '12', MAIL_FROM: 'support@shop.test' });
    admin = await server.login();
    server.server.ctx.events.subscribe('ticket.updated', 'test.merge-updated', async ({ ticketId }) => {
      updated.push(ticketId);
    });
  });
  after(async () => server?.close());
  afterEach(() => server.clock.reset());

  const get = async (id: number) => (await server.request<TicketWithMessages>('GET', `/api/tickets/${id}`, { token: admin })).body;
  const merge = (targetId: number, otherId: number, token = admin) => server.request<TicketJson & ErrorBody>('POST', `/api/tickets/${targetId}/merge`, { token, body: { otherId } });
  const reply = (ticketId: number, body: string, extra: Record<string, unknown> = {}) =>
    server.request<MessageJson>('POST', `/api/tickets/${ticketId}/messages`, { token: admin, body: { body, ...extra } });
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    return check();
  };

  it('moves the messages (with attachments) in time order, adds the tags, closes the other with a note on each', async () => {
    const base = new Date('2026-11-20T08:00:00Z');
    server.clock.set(base);
    const { ticket: target } = await buildTicket(server.server.ctx, { subject: 'Parcel late', tags: ['delivery'] });
    server.clock.set(new Date(base.getTime() + 60_000));
    const { ticket: other } = await buildTicket(server.server.ctx, { subject: 'Where is my parcel?', tags: ['Urgent', 'delivery'] });
    const upload = await server.request<{ id: number }>('POST', '/api/attachments?filename=label.png', {
      token: admin,
      body: 'PNGDATA',
      headers: { 'content-type': 'image/png' },
    });
    expect(upload.status).to.equal(201);
    server.clock.set(new Date(base.getTime() + 120_000));
    expect((await reply(other.id, 'Here is the label', { attachmentIds: [upload.body.id] })).status).to.equal(201);
    server.clock.set(new Date(base.getTime() + 180_000));
    expect((await reply(target.id, 'We are checking')).status).to.equal(201);
    server.clock.set(new Date(base.getTime() + 240_000));

    updated.length = 0;
    const merged = await merge(target.id, other.id);
    expect(merged.status, JSON.stringify(merged.body)).to.equal(200);
    expect(merged.body.id).to.equal(target.id);
    expect(merged.body.tags).to.have.members(['delivery', 'urgent']);
    expect(merged.body.mergedIntoId).to.equal(null);

    const after = await get(target.id);
    const bodies = after.messages.map((m) => m.body);
    expect(bodies).to.deep.equal(['Hello, my parcel is late. Can you check?', 'Hello, my parcel is late. Can you check?', 'Here is the label', 'We are checking', `#${other.number} merged into this ticket`]);
    const times = after.messages.map((m) => m.createdAt);
    expect([...times].sort()).to.deep.equal(times);
    const withFile = after.messages.find((m) => m.body === 'Here is the label') as MessageJson;
    expect(withFile.attachments).to.have.length(1);
    expect(withFile.attachments[0]).to.include({ filename: 'label.png', contentType: 'image/png' });
    const note = after.messages.at(-1) as MessageJson;
    expect(note).to.include({ authorType: 'system', internal: true });
    // The attachment still downloads from its new ticket.
    expect((await server.request('GET', `/api/attachments/${withFile.attachments[0].id}`, { token: admin })).status).to.equal(200);

    const closed = await get(other.id);
    expect(closed).to.include({ status: 'closed', mergedIntoId: target.id, waitingSince: null });
    expect(closed.messages.map((m) => m.body)).to.deep.equal([`Merged into #${target.number}`]);
    expect(await waitFor(() => updated.includes(target.id) && updated.includes(other.id)), 'ticket.updated for both').to.equal(true);

    const history = await server.request<{ data: AuditEntryJson[]; total: number }>('GET', `/api/tickets/${other.id}/audit`, { token: admin });
    expect(history.status).to.equal(200);
    expect(history.body.data[0]).to.include({ action: 'ticket.merged' });
    expect(history.body.data[0].actor).to.include({ type: 'agent' });
    expect(history.body.data[0].actor?.name).to.be.a('string');
    expect(history.body.data[0].changes).to.deep.include({ mergedIntoId: { from: null, to: target.id }, status: { from: 'open', to: 'closed' } });
    const targetHistory = await server.request<{ data: AuditEntryJson[] }>('GET', `/api/tickets/${target.id}/audit`, { token: admin });
    expect(targetHistory.body.data[0].action).to.equal('ticket.merged');
    expect(targetHistory.body.data[0].changes).to.deep.include({ mergedFrom: { id: other.id, number: other.number }, movedMessages: 2 });
  });

  it('refuses merging into itself, an already merged ticket, or into a merged one (400), and unknown tickets (404)', async () => {
    const { ticket: a } = await buildTicket(server.server.ctx);
    const { ticket: b } = await buildTicket(server.server.ctx);
    const { ticket: c } = await buildTicket(server.server.ctx);
    const self = await merge(a.id, a.id);
    expect(self.status).to.equal(400);
    expect(self.body.error.message).to.match(/itself/);
    expect((await merge(a.id, b.id)).status).to.equal(200);
    const again = await merge(c.id, b.id);
    expect(again.status).to.equal(400);
    expect(again.body.error.message).to.match(/already merged/);
    const intoMerged = await merge(b.id, c.id);
    expect(intoMerged.status).to.equal(400);
    expect(intoMerged.body.error.message).to.match(/merged into another ticket/);
    expect((await merge(a.id, 99_999_999)).status).to.equal(404);
    expect((await server.request('POST', `/api/tickets/${a.id}/merge`, { token: admin, body: { otherId: 'x' } })).status).to.equal(400);
    // Nothing moved by the refused attempts.
    expect((await get(c.id)).messages).to.have.length(1);
  });

  it('answers 404 to an agent who cannot see either ticket, for merge and for history', async () => {
    const group = await buildGroup(server.server.ctx);
    const { ticket: hidden } = await buildTicket(server.server.ctx, { groupId: group.id });
    const { ticket: open } = await buildTicket(server.server.ctx);
    const plain = await buildAgent(server.server.ctx);
    const token = await server.login(plain.email, plain.password);
    expect((await merge(open.id, hidden.id, token)).status).to.equal(404);
    expect((await merge(hidden.id, open.id, token)).status).to.equal(404);
    expect((await server.request('GET', `/api/tickets/${hidden.id}/audit`, { token })).status).to.equal(404);
    expect((await server.request('GET', `/api/tickets/${open.id}/audit`, { token })).status).to.equal(200);
    expect((await get(hidden.id)).mergedIntoId).to.equal(null);
  });

  it('keeps the waiting clock right: the older unanswered message wins', async () => {
    const base = new Date('2026-11-21T08:00:00Z');
    // Target answered (nobody waits); the other has a customer waiting since base.
    server.clock.set(base);
    const { ticket: other } = await buildTicket(server.server.ctx);
    server.clock.set(new Date(base.getTime() + 3_600_000));
    const { ticket: target } = await buildTicket(server.server.ctx);
    await reply(target.id, 'Answered');
    expect((await get(target.id)).waitingSince).to.equal(null);
    server.clock.set(new Date(base.getTime() + 2 * 3_600_000));
    const merged = await merge(target.id, other.id);
    expect(merged.body.waitingSince).to.equal(base.toISOString());
    expect(merged.body.alertDueAt).to.equal(new Date(base.getTime() + 12 * 3_600_000).toISOString());

    // The target waits since earlier than the other: it keeps its own wait.
    server.clock.set(base);
    const { ticket: older } = await buildTicket(server.server.ctx);
    server.clock.set(new Date(base.getTime() + 3_600_000));
    const { ticket: newer } = await buildTicket(server.server.ctx);
    server.clock.set(new Date(base.getTime() + 2 * 3_600_000));
    const kept = await merge(older.id, newer.id);
    expect(kept.body.waitingSince).to.equal(base.toISOString());

    // The other was answered: the target's wait is unchanged.
    const { ticket: answered } = await buildTicket(server.server.ctx);
    await reply(answered.id, 'Done');
    const { ticket: waiting } = await buildTicket(server.server.ctx);
    const before = (await get(waiting.id)).waitingSince;
    expect((await merge(waiting.id, answered.id)).body.waitingSince).to.equal(before);
  });

  it('threads a mail reply to a moved message, or to our Message-ID of the merged ticket, onto the target', async () => {
    const secret = server.server.ctx.channels.email?.threadSecret as string;
    const ingest = async (mail: TestMail): Promise<IngestResult> => ingestRawMail(server.server.ctx, null, await buildMail(mail), { threadSecret: secret });
    const first = (await ingest({ from: 'mia@customer.test', subject: 'Wrong size' })) as { ticketId: number };
    const second = (await ingest({ from: 'mia@customer.test', subject: 'Exchange please' })) as { ticketId: number };
    expect((await merge(first.ticketId, second.ticketId)).status).to.equal(200);

    // The second ticket's customer mail now sits on the first ticket.
    const customerMessage = await Message.findOne({ where: { ticketId: first.ticketId, authorType: 'customer' }, order: [['id', 'DESC']] });
    expect(customerMessage?.body).to.match(/Hello, where is my order/);
    const viaKnown = await ingest({ from: 'mia@customer.test', subject: 'Re: Exchange please', inReplyTo: customerMessage?.externalId as string });
    expect(viaKnown).to.deep.include({ outcome: 'appended', ticketId: first.ticketId });

    const ours = makeMessageId(secret, second.ticketId, 'shop.test', '4242');
    const viaOurs = await ingest({ from: 'mia@customer.test', subject: 'Re: Exchange please', inReplyTo: ours, references: [ours] });
    expect(viaOurs).to.deep.include({ outcome: 'appended', ticketId: first.ticketId });
  });

  it('lists a ticket’s history newest first, readable, with paging', async () => {
    const { ticket } = await buildTicket(server.server.ctx);
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { priority: 'high' } });
    await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { status: 'pending' } });
    const page = await server.request<{ data: AuditEntryJson[]; total: number }>('GET', `/api/tickets/${ticket.id}/audit?limit=2`, { token: admin });
    expect(page.status).to.equal(200);
    expect(page.body.total).to.equal(3);
    expect(page.body.data.map((e) => e.action)).to.deep.equal(['ticket.updated', 'ticket.updated']);
    expect(page.body.data[0].changes).to.deep.equal({ status: { from: 'open', to: 'pending' } });
    expect(page.body.data[1].changes).to.deep.equal({ priority: { from: 'normal', to: 'high' } });
    const rest = await server.request<{ data: AuditEntryJson[]; total: number }>('GET', `/api/tickets/${ticket.id}/audit?limit=2&offset=2`, { token: admin });
    expect(rest.body.data.map((e) => e.action)).to.deep.equal(['ticket.created']);
    expect((await server.request('GET', `/api/tickets/${ticket.id}/audit?limit=0`, { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/tickets/987654/audit', { token: admin })).status).to.equal(404);
  });
});
