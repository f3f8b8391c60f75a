/**
 * Request ids and the JSON access log: the id is taken from a well-formed X-Request-Id or made,
 * echoed in the response, and carried by every line logged during the request (the access line,
 * service warnings, lines logged after the JSON body parser); no query strings in the log.
 */
import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { requestId } from '../../server/http/requestId';
import { createLogger } from '../../server/util/logger';
import { freePort } from '../helpers/net';
import { testDatabases } from '../helpers/databases';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server';

type Line = Record<string, unknown>;

describe('request ids and JSON logs', () => {
  const lines: Line[] = [];
  const logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Line));
  let running: TestServer;
  before(async () => {
    // A Redis that is not there, so the readiness check logs a warning inside its request.
    running = await startTestServer(testDatabases()[0], { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, READY_TIMEOUT_MS: '500' }, { logger });
  });
  after(async () => {
    await running?.close();
  });
  const accessLines = (id: string) => lines.filter((l) => l.message === 'request' && l.requestId === id);

  it('keeps a well-formed incoming id, logs the request with it (no query string), and the agent', async () => {
    const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { token, agent } = (await login.json()) as { token: string; agent: { id: number } };
    const response = await fetch(`${running.url}/api/tickets?q=secret-words&limit=5`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'edge-42.a_b' } });
    expect(response.status).to.equal(200);
    expect(response.headers.get('x-request-id')).to.equal('edge-42.a_b');
    const [line] = accessLines('edge-42.a_b');
    expect(line).to.include({ level: 'info', method: 'GET', path: '/api/tickets', status: 200, agentId: agent.id });
    expect(line.ms).to.be.a('number');
    expect(JSON.stringify(lines)).not.to.contain('secret-words');
  });

  it('makes a new id for a missing or malformed one', async () => {
    const seen: string[] = [];
    for (const header of [undefined, 'has spaces in it', 'x'.repeat(101), 'semi;colon']) {
      const response = await fetch(`${running.url}/api/health`, { headers: header ? { 'x-request-id': header } : {} });
      const id = response.headers.get('x-request-id') as string;
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      expect(id).not.to.equal(header);
      seen.push(id);
      // Health probes are logged at debug, not info.
      expect(accessLines(id)[0]).to.include({ level: 'debug', path: '/api/health' });
    }
    expect(new Set(seen).size).to.equal(4);
  });

  it('adds the request id to lines logged by the code handling the request', async () => {
    const response = await fetch(`${running.url}/api/health/ready`, { headers: { 'x-request-id': 'ready-check-1' } });
    // Redis is unreachable here: the node stays ready, degraded, and logs a warning about it.
    expect(response.status).to.equal(200);
    const warning = lines.find((l) => l.message === 'ready, degraded');
    expect(warning).to.include({ level: 'warn', requestId: 'ready-check-1' });
  });

  it('keeps the id across the JSON body parser, into the handler and the error handler', async () => {
    const captured: Line[] = [];
    const appLogger = createLogger('info', (line) => captured.push(JSON.parse(line) as Line));
    const app = express();
    app.use(requestId(appLogger));
    app.use(express.json());
    app.post('/echo', (req, res) => {
      appLogger.info('handling', { size: JSON.stringify(req.body).length });
      res.json({ ok: true });
    });
    app.post('/fail', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('boom');
    });
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      appLogger.error('request failed', { error });
      res.status(500).json({ error: { code: 'internal_error', message: 'x' } });
    });
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const post = (path: string, id: string) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify({ text: 'x'.repeat(70_000) }) });
      expect((await post('/echo', 'body-1')).status).to.equal(200);
      expect((await post('/fail', 'body-2')).status).to.equal(500);
      expect(captured.find((l) => l.message === 'handling')).to.include({ requestId: 'body-1' });
      expect(captured.find((l) => l.message === 'request failed')).to.include({ requestId: 'body-2' });
      expect(captured.filter((l) => l.message === 'request').map((l) => [l.requestId, l.status])).to.deep.equal([
        ['body-1', 200],
        ['body-2', 500],
      ]);
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
