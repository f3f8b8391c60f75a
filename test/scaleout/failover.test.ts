/**
 * kill -9 of the node holding the alert scanner's lease: the other node takes the lease over once
 * it has expired and raises the alert that came due meanwhile, while the alert the dead node had
 * raised is not raised again; the chat messages the dead node acknowledged are all stored, and
 * re-sending the unacknowledged ones to the survivor stores each message exactly once.
 */
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { nextEvent } from '../helpers/socket';
import type { ServerProcess } from '../helpers/serverProcess';
import { agentSocket, api, describeCluster, eventWhere, leaseOwner, login, pidOf, startCluster, waitFor, widgetSocket, type Cluster } from './cluster';

type Ack = { ok: boolean; id?: number; ticketId?: number };
const MESSAGES = 30;

describeCluster('a node killed with -9', () => {
  let cluster: Cluster;
  let admin: string;
  const sockets: Socket[] = [];
  before(async function () {
    this.timeout(180_000);
    // Overdue after 14.4 s: long enough to kill the node before its chat is due.
    cluster = await startCluster(2, { ALERT_AFTER_HOURS: '0.004', ALERT_SCAN_SECONDS: '1', ALERT_WARN_RATIO: '0' });
    admin = await login(cluster.nodes[0]);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.destroy();
  });

  it('loses no stored message, and the survivor takes the scanner over without a duplicate alert', async function () {
    this.timeout(120_000);
    const holderPid = await waitFor(async () => pidOf(await leaseOwner(cluster, 'alert-scanner')), 'a scanner lease');
    const holder = cluster.nodes.find((node) => node.child.pid === holderPid) as ServerProcess;
    const survivor = cluster.nodes.find((node) => node !== holder) as ServerProcess;
    const agent = await agentSocket(survivor, admin);
    sockets.push(agent);

    // An earlier chat whose alert the doomed node raises while it still holds the lease.
    const early = widgetSocket(survivor, { name: 'Eve Early' });
    sockets.push(early);
    await nextEvent(early, 'session');
    const earlyAck = (await early.timeout(5000).emitWithAck('message', { text: 'Is anyone there?', clientId: 'early-1' })) as Ack;
    await eventWhere<{ alert: { ticketId: number } }>(agent, 'alert.raised', (event) => event.alert.ticketId === earlyAck.ticketId, 60_000);
    expect(pidOf(await leaseOwner(cluster, 'alert-scanner'))).to.equal(holderPid);

    // A chat on the doomed node: half its messages acknowledged, the rest in flight at the kill.
    const visitor = widgetSocket(holder, { name: 'Kim Killed' });
    sockets.push(visitor);
    const session = await nextEvent<{ visitorToken: string }>(visitor, 'session');
    const acked = new Map<string, number>();
    for (let i = 0; i < MESSAGES / 2; i += 1) {
      const ack = (await visitor.timeout(5000).emitWithAck('message', { text: `message ${i}`, clientId: `kill-${i}` })) as Ack;
      acked.set(`kill-${i}`, ack.id as number);
    }
    for (let i = MESSAGES / 2; i < MESSAGES; i += 1) visitor.emit('message', { text: `message ${i}`, clientId: `kill-${i}` });
    await holder.kill();
    const raised = eventWhere<{ alert: { ticketId: number; kind: string } }>(agent, 'alert.raised', (event) => event.alert.ticketId !== earlyAck.ticketId, 60_000);

    // The visitor's widget reconnects (to the survivor) and sends again what was not acknowledged.
    const again = widgetSocket(survivor, { visitorToken: session.visitorToken });
    sockets.push(again);
    await nextEvent(again, 'session');
    let ticketId = 0;
    for (let i = 0; i < MESSAGES; i += 1) {
      const ack = (await again.timeout(5000).emitWithAck('message', { text: `message ${i}`, clientId: `kill-${i}` })) as Ack;
      expect(ack.ok).to.equal(true);
      // An acknowledged message is the stored one: sending it again returns the same id.
      if (acked.has(`kill-${i}`)) expect(ack.id).to.equal(acked.get(`kill-${i}`));
      ticketId = ack.ticketId as number;
    }
    const { body } = await api<{ data: Array<{ body: string }> }>(survivor, 'GET', `/api/tickets/${ticketId}/messages`, { token: admin });
    const bodies = body.data.map((message) => message.body).filter((text) => text.startsWith('message '));
    expect(bodies).to.have.length(MESSAGES);
    expect(new Set(bodies).size).to.equal(MESSAGES);

    // The dead node's lease runs out; the survivor scans and raises the overdue alert once.
    await waitFor(async () => pidOf(await leaseOwner(cluster, 'alert-scanner')) === survivor.child.pid, 'the survivor to hold the scanner lease', 60_000, 500);
    expect((await raised).alert).to.include({ ticketId, kind: 'overdue' });
    const alerts = await api<{ data: Array<{ ticketId: number; kind: string }> }>(survivor, 'GET', '/api/alerts', { token: admin });
    const overdue = alerts.body.data.filter((alert) => alert.kind === 'overdue');
    expect(overdue.map((alert) => alert.ticketId).sort()).to.deep.equal([earlyAck.ticketId, ticketId].sort());
  });
});
