import { expect } from 'chai';
import { testDatabases } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

describe('OpenAPI description', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(testDatabases()[0]);
  });
  after(async () => server?.close());

  it('is served at /api/openapi.json and describes every contract route from the same schemas', async () => {
    const response = await server.request<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    }>('GET', '/api/openapi.json');
    expect(response.status).to.equal(200);
    const doc = response.body;
    expect(doc.openapi).to.equal('3.1.0');
    const expected: Array<[string, string]> = [
      ['/api/health', 'get'],
      ['/api/auth/login', 'post'],
      ['/api/auth/logout', 'post'],
      ['/api/me', 'get'],
      ['/api/agents', 'post'],
      ['/api/tickets', 'get'],
      ['/api/tickets', 'post'],
      ['/api/tickets/{id}', 'get'],
      ['/api/tickets/{id}', 'patch'],
      ['/api/tickets/{id}/messages', 'get'],
      ['/api/tickets/{id}/messages', 'post'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).to.be.an('object');
    expect(doc.paths['/api/tickets'].post.requestBody).to.be.an('object');
    const ticket = doc.components.schemas.Ticket;
    expect(Object.keys(ticket.properties ?? {})).to.include.members(['id', 'number', 'subject', 'status', 'priority', 'channel', 'customerId', 'assigneeId', 'tags', 'waitingSince', 'createdAt', 'updatedAt']);
    expect(Object.keys(doc.components.schemas.Message.properties ?? {})).to.include.members(['direction', 'authorType', 'body', 'html', 'internal', 'attachments']);
    expect(JSON.stringify(doc)).not.to.contain('#/$defs/');
  });

  it('answers unknown API routes with the contract error shape', async () => {
    const response = await server.request<{ error: { code: string } }>('GET', '/api/nothing-here');
    expect(response.status).to.equal(404);
    expect(response.body.error.code).to.equal('not_found');
  });
});
