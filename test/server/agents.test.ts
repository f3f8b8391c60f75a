import { expect } from 'chai';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildAgent } from '../factories';
import { AuditLog } from '../../server/models/AuditLog';

interface AgentBody {
  id: number;
  email: string;
  role: string;
  groupIds: number[];
  name: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describeEachDatabase('agents and groups', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database);
    admin = await server.login();
  });
  after(async () => server?.close());

  it('an admin creates an agent who can then log in; the creation is audited', async () => {
    const created = await server.request<AgentBody>('POST', '/api/agents', {
      token: admin,
      body: { name: '李娜', email: 'Li.Na@Example.test', password: 'correct horse', role: 'agent' },
    });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ email: 'li.na@example.test', role: 'agent', name: '李娜' });
    expect(created.body).not.to.have.property('passwordHash');
    expect(await server.login('li.na@example.test', 'correct horse')).to.be.a('string');
    const audit = await AuditLog.findOne({ where: { entityType: 'agent', entityId: created.body.id, action: 'agent.created' } });
    expect(audit?.actorType).to.equal('agent');
  });

  it('refuses a duplicate email with 409', async () => {
    const body = { name: 'Dup', email: 'dup@example.test', password: 'password-1', role: 'agent' };
    expect((await server.request('POST', '/api/agents', { token: admin, body })).status).to.equal(201);
    const again = await server.request<ErrorBody>('POST', '/api/agents', { token: admin, body: { ...body, email: 'DUP@example.test' } });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('conflict');
  });

  it('answers 403 when an agent tries to create an agent or change their own role', async () => {
    const { actor, email, password } = await buildAgent(server.server.ctx);
    const token = await server.login(email, password);
    const create = await server.request<ErrorBody>('POST', '/api/agents', {
      token,
      body: { name: 'X', email: 'x@example.test', password: 'password-1', role: 'admin' },
    });
    expect(create.status).to.equal(403);
    expect(create.body.error.code).to.equal('forbidden');
    const promote = await server.request('PATCH', `/api/agents/${actor.agent.id}`, { token, body: { role: 'admin' } });
    expect(promote.status).to.equal(403);
    const rename = await server.request<AgentBody>('PATCH', `/api/agents/${actor.agent.id}`, { token, body: { name: 'New Name' } });
    expect(rename.status).to.equal(200);
    expect(rename.body.name).to.equal('New Name');
  });

  it('answers 400 for invalid agent input and 404 for an unknown agent', async () => {
    const invalid = await server.request<ErrorBody>('POST', '/api/agents', {
      token: admin,
      body: { name: '', email: 'not-an-email', password: 'short', role: 'boss' },
    });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.error.code).to.equal('validation_error');
    const missing = await server.request<ErrorBody>('PATCH', '/api/agents/999999', { token: admin, body: { name: 'Ghost' } });
    expect(missing.status).to.equal(404);
  });

  it('changing a password ends the agent’s other sessions', async () => {
    const { actor, email, password } = await buildAgent(server.server.ctx);
    const token = await server.login(email, password);
    const change = await server.request('PATCH', `/api/agents/${actor.agent.id}`, { token, body: { password: 'a-new-password' } });
    expect(change.status).to.equal(200);
    expect((await server.request('GET', '/api/me', { token })).status).to.equal(401);
    expect(await server.login(email, 'a-new-password')).to.be.a('string');
  });

  it('groups: admins create them, agents are put in them, everyone lists them', async () => {
    const group = await server.request<{ id: number; name: string }>('POST', '/api/groups', { token: admin, body: { name: '售后 After-sales' } });
    expect(group.status).to.equal(201);
    const { actor, email, password } = await buildAgent(server.server.ctx);
    const member = await server.request<AgentBody>('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { groupIds: [group.body.id] } });
    expect(member.body.groupIds).to.deep.equal([group.body.id]);
    const token = await server.login(email, password);
    const list = await server.request<{ data: Array<{ name: string }>; total: number }>('GET', '/api/groups', { token });
    expect(list.body.data.map((g) => g.name)).to.include('售后 After-sales');
    expect((await server.request('POST', '/api/groups', { token, body: { name: 'Mine' } })).status).to.equal(403);
  });

  it('lists agents with paging', async () => {
    const page = await server.request<{ data: AgentBody[]; total: number }>('GET', '/api/agents?limit=2&offset=0', { token: admin });
    expect(page.status).to.equal(200);
    expect(page.body.data).to.have.length(2);
    expect(page.body.total).to.be.greaterThan(2);
    const bad = await server.request('GET', '/api/agents?limit=0', { token: admin });
    expect(bad.status).to.equal(400);
  });
});
