/**
 * Two nodes on one MariaDB and one Redis: a visitor on node A and agents on node B chat as on one
 * server (messages both ways, typing, presence read across nodes), and an overdue ticket raises
 * exactly one alert although both nodes scan, heard by agents on either node.
 */
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { nextEvent } from '../helpers/socket';
import type { ServerProcess } from '../helpers/serverProcess';
import { agentSocket, api, describeCluster, eventWhere, login, startCluster, waitFor, widgetSocket, type Cluster } from './cluster';

type Ack = { ok: boolean; id?: number; ticketId?: number };
interface PresenceEvent {
  ticketId: number;
  viewers: Array<{ agentId: number; name: string; typing: boolean }>;
}

describeCluster('two nodes as one: chat and alerts across nodes', () => {
  let cluster: Cluster;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: string;
  const sockets: Socket[] = [];
  before(async function () {
    this.timeout(180_000);
    // A chat waits 3.6 s before it is overdue; both nodes look every second; no warnings.
    cluster = await startCluster(2, { ALERT_AFTER_HOURS: '0.001', ALERT_SCAN_SECONDS: '1', ALERT_WARN_RATIO: '0' });
    [a, b] = cluster.nodes;
    admin = await login(a);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.destroy();
  });

  it('carries the chat, typing and presence between a visitor on A and agents on B', async () => {
    const agentOnB = await agentSocket(b, admin);
    sockets.push(agentOnB);
    const visitor = widgetSocket(a, { name: 'Vera Visitor' });
    sockets.push(visitor);
    const session = await nextEvent<{ agentsOnline: boolean }>(visitor, 'session');
    // The only agent is on the other node: fetchSockets() found them through Redis.
    expect(session.agentsOnline).to.equal(true);

    const created = nextEvent<{ ticket: { id: number; channel: string } }>(agentOnB, 'ticket.created');
    const pushed = eventWhere<{ message: { body: string } }>(agentOnB, 'message.created', (event) => event.message.body === 'Where is my parcel?');
    const ack = (await visitor.timeout(5000).emitWithAck('message', { text: 'Where is my parcel?', clientId: 'cross-1' })) as Ack;
    expect(ack.ok).to.equal(true);
    const { ticket } = await created;
    expect(ticket).to.include({ id: ack.ticketId, channel: 'chat' });
    await pushed;

    // Visitor typing on A reaches B; agent typing on B reaches the visitor on A.
    const visitorTyping = eventWhere<{ ticketId: number; visitor?: boolean }>(agentOnB, 'typing', (event) => event.ticketId === ticket.id && event.visitor === true);
    visitor.emit('typing', { typing: true });
    await visitorTyping;
    const agentTyping = nextEvent<{ typing: boolean; name: string }>(visitor, 'typing');
    agentOnB.emit('typing', { ticketId: ticket.id });
    expect((await agentTyping).typing).to.equal(true);

    // The reply is stored through node B and reaches the visitor's socket on node A.
    const reply = nextEvent<{ body: string; authorType: string }>(visitor, 'message');
    const sent = await api(b, 'POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'It left our warehouse today.', internal: false } });
    expect(sent.status).to.equal(201);
    expect(await reply).to.include({ body: 'It left our warehouse today.', authorType: 'agent' });
    // Delivered live (not left queued for a replay), as on one node.
    await waitFor(async () => {
      const { body } = await api<{ data: Array<{ body: string; deliveryState: string }> }>(a, 'GET', `/api/tickets/${ticket.id}/messages`, { token: admin });
      return body.data.find((m) => m.body === 'It left our warehouse today.')?.deliveryState === 'sent';
    }, 'the reply marked sent');

    // Presence: a second agent views the ticket from node A; node B's agent sees both viewers.
    const created2 = await api<{ id: number }>(a, 'POST', '/api/agents', { token: admin, body: { name: 'Ann Agent', email: 'ann@example.test', password: 'ann-password-1' } });
    expect(created2.status).to.equal(201);
    const annLogin = await api<{ token: string }>(b, 'POST', '/api/auth/login', { body: { email: 'ann@example.test', password: 'ann-password-1' } });
    const annOnA = await agentSocket(a, annLogin.body.token);
    sockets.push(annOnA);
    expect(((await agentOnB.timeout(5000).emitWithAck('viewing', { ticketId: ticket.id })) as { ok: boolean }).ok).to.equal(true);
    const both = eventWhere<PresenceEvent>(agentOnB, 'presence', (event) => event.ticketId === ticket.id && event.viewers.length === 2);
    expect(((await annOnA.timeout(5000).emitWithAck('viewing', { ticketId: ticket.id })) as { ok: boolean }).ok).to.equal(true);
    const viewers = (await both).viewers;
    expect(viewers.map((viewer) => viewer.name).sort()).to.deep.equal(['Ann Agent', 'Administrator'].sort());
    // Typing on A shows on B's presence list.
    const annTyping = eventWhere<PresenceEvent>(agentOnB, 'presence', (event) => event.ticketId === ticket.id && event.viewers.some((viewer) => viewer.name === 'Ann Agent' && viewer.typing));
    annOnA.emit('typing', { ticketId: ticket.id });
    await annTyping;
  });

  it('raises one alert for an overdue ticket although both nodes scan, heard on both nodes', async () => {
    const agentOnA = await agentSocket(a, admin);
    const agentOnB = await agentSocket(b, admin);
    sockets.push(agentOnA, agentOnB);
    const visitor = widgetSocket(b, { name: 'Otto Overdue' });
    sockets.push(visitor);
    await nextEvent(visitor, 'session');
    const ack = (await visitor.timeout(5000).emitWithAck('message', { text: 'Hello? Anyone?', clientId: 'overdue-1' })) as Ack;
    expect(ack.ok).to.equal(true);
    const onTicket = (event: { alert: { ticketId: number; kind: string } }) => event.alert.ticketId === ack.ticketId && event.alert.kind === 'overdue';
    const [onA, onB] = await Promise.all([eventWhere(agentOnA, 'alert.raised', onTicket), eventWhere(agentOnB, 'alert.raised', onTicket)]);
    expect(onA).to.deep.equal(onB);
    // A few more scans by both nodes change nothing.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const alerts = await api<{ data: Array<{ kind: string }> }>(b, 'GET', `/api/alerts?ticketId=${ack.ticketId}`, { token: admin });
    expect(alerts.body.data.map((alert) => alert.kind)).to.deep.equal(['overdue']);
  });
});
