/**
 * SIGTERM on the node holding the job leases: readiness answers 503 `shutting_down` at once,
 * a slow upload already in flight still completes, the process exits 0, and its leases (the
 * alert scanner, the mailbox) are released so the other node takes them without waiting out
 * the TTL.
 */
import { expect } from 'chai';
import http from 'node:http';
import { freePort } from '../helpers/net';
import type { ServerProcess } from '../helpers/serverProcess';
import { nextEvent } from '../helpers/socket';
import { agentSocket, describeCluster, leaseOwner, login, pidOf, startCluster, waitFor, type Cluster } from './cluster';

function get(agent: http.Agent, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describeCluster('graceful shutdown (SIGTERM)', () => {
  let cluster: Cluster;
  before(async function () {
    this.timeout(180_000);
    // A configured mailbox (its server refuses connections: only the lease matters here).
    const imapPort = await freePort();
    cluster = await startCluster(2, { ALERT_SCAN_SECONDS: '1', IMAP_HOST: '127.0.0.1', IMAP_PORT: String(imapPort), IMAP_SECURE: 'false', IMAP_USER: 'support@shop.test', IMAP_PASSWORD: 'secret' });
  });
  after(() => cluster?.destroy());

  it('drains the in-flight request, says 503 meanwhile, exits 0 and hands its leases over at once', async function () {
    this.timeout(90_000);
    const holderPid = await waitFor(async () => pidOf(await leaseOwner(cluster, 'alert-scanner')), 'a scanner lease');
    const holder = cluster.nodes.find((node) => node.child.pid === holderPid) as ServerProcess;
    const other = cluster.nodes.find((node) => node !== holder) as ServerProcess;
    const mailboxHolder = await waitFor(async () => pidOf(await leaseOwner(cluster, 'mailbox:1')), 'a mailbox lease');
    const token = await login(holder);
    // A connected agent is disconnected at the end (to reconnect elsewhere), not left hanging.
    const agent = await agentSocket(holder, token);
    const disconnected = nextEvent(agent, 'disconnect', 60_000);

    // One kept-alive connection for readiness, opened before the signal.
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(keepAlive, `${holder.url}/api/health/ready`)).status).to.equal(200);

    // A slow upload: its body arrives in pieces, the last one after the signal.
    const upload = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${holder.url}/api/attachments?filename=notes.txt`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.write('first part\n');
      void (async () => {
        await holder.waitForLog((line) => line.message === 'shutting down');
        const ready = await get(keepAlive, `${holder.url}/api/health/ready`);
        expect(ready.status).to.equal(503);
        expect(JSON.parse(ready.body)).to.include({ status: 'shutting_down' });
        request.end('last part\n');
      })().catch(reject);
    });
    // The request is in the server's hands before the signal.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exitCode = holder.stop();
    const uploaded = await upload;
    expect(uploaded.status).to.equal(201);
    expect(JSON.parse(uploaded.body)).to.include({ filename: 'notes.txt', size: 'first part\nlast part\n'.length });
    expect(await exitCode).to.equal(0);
    await disconnected;
    keepAlive.destroy();

    // Released, not left to expire: right after the exit nobody (or already the other node) holds them.
    for (const lease of ['alert-scanner', ...(mailboxHolder === holderPid ? ['mailbox:1'] : [])]) {
      expect(pidOf(await leaseOwner(cluster, lease))).to.not.equal(holderPid);
    }
    await waitFor(async () => pidOf(await leaseOwner(cluster, 'alert-scanner')) === other.child.pid, 'the other node to take the scanner lease');
    await waitFor(async () => pidOf(await leaseOwner(cluster, 'mailbox:1')) === other.child.pid, 'the other node to take the mailbox lease');
    expect(holder.logs.some((line) => line.message === 'shut down')).to.equal(true);
  });
});
