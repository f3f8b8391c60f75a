/**
 * SERVER_ROLE: a web node runs no background loop (it takes no job lease: no mailbox poller, no
 * alert scanner, no deliverer or catch-up), a worker node runs them all and answers over HTTP
 * only health, readiness and metrics; the alert the worker raises reaches the agent on the web
 * node through Redis.
 */
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { freePort } from '../helpers/net';
import { nextEvent } from '../helpers/socket';
import type { ServerProcess } from '../helpers/serverProcess';
import { agentSocket, api, describeCluster, eventWhere, leaseOwner, login, pidOf, startCluster, waitFor, widgetSocket, type Cluster } from './cluster';

const LEASES = ['alert-scanner', 'care-scheduler', 'webhook-deliverer', 'search-catch-up', 'mailbox:1'];

describeCluster('server roles', () => {
  let cluster: Cluster;
  let web: ServerProcess;
  const sockets: Socket[] = [];
  before(async function () {
    this.timeout(180_000);
    const imapPort = await freePort();
    cluster = await startCluster(1, {
      SERVER_ROLE: 'web',
      ALERT_AFTER_HOURS: '0.001',
      ALERT_SCAN_SECONDS: '1',
      ALERT_WARN_RATIO: '0',
      CARE_SCAN_SECONDS: '1',
      WEBHOOK_POLL_SECONDS: '1',
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(imapPort),
      IMAP_SECURE: 'false',
      IMAP_USER: 'support@shop.test',
      IMAP_PASSWORD: 'secret',
    });
    [web] = cluster.nodes;
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.destroy();
  });

  it('web serves requests and sockets but takes no job; the worker takes every job and serves only health and metrics', async function () {
    this.timeout(90_000);
    const admin = await login(web);
    const agent = await agentSocket(web, admin);
    sockets.push(agent);
    // Several scan periods pass on the web node alone: no lease is ever taken.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const lease of LEASES) expect(await leaseOwner(cluster, lease), lease).to.equal(null);
    expect(web.logs.some((line) => line.message === 'job lease taken')).to.equal(false);

    // A chat that will be overdue, opened on the web node (nobody raises its alert yet).
    const visitor = widgetSocket(web, { name: 'Walt Web' });
    sockets.push(visitor);
    await nextEvent(visitor, 'session');
    const ack = (await visitor.timeout(5000).emitWithAck('message', { text: 'Anyone?', clientId: 'role-1' })) as { ok: boolean; ticketId: number };
    expect(ack.ok).to.equal(true);
    const raised = eventWhere<{ alert: { ticketId: number; kind: string } }>(agent, 'alert.raised', (event) => event.alert.ticketId === ack.ticketId, 30_000);

    const worker = await cluster.addNode({ SERVER_ROLE: 'worker' });
    for (const lease of LEASES) {
      await waitFor(async () => pidOf(await leaseOwner(cluster, lease)) === worker.child.pid, `the worker to hold ${lease}`);
    }
    // Raised by the worker, pushed through Redis to the agent connected to the web node.
    expect((await raised).alert.kind).to.equal('overdue');

    expect((await api(worker, 'GET', '/api/health')).status).to.equal(200);
    expect((await api(worker, 'GET', '/api/health/ready')).status).to.equal(200);
    expect((await api(worker, 'GET', '/metrics')).status).to.equal(200);
    const refused = await api<{ error: { code: string } }>(worker, 'GET', '/api/tickets', { token: admin });
    expect(refused.status).to.equal(404);
    expect(refused.body.error.code).to.equal('not_found');
    expect((await api(worker, 'GET', '/')).status).to.equal(404);
    expect((await api(web, 'GET', '/api/tickets', { token: admin })).status).to.equal(200);
    // Both stop cleanly on SIGTERM (the worker has a Socket.IO server that never listened).
    expect(await worker.stop()).to.equal(0);
    expect(await web.stop()).to.equal(0);
  });
});
