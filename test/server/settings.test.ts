/**
 * Admin settings over the API: agents (deactivation, role change, password reset), groups (rename,
 * delete, members), widget settings (validation, public config with CORS and cache) and that a
 * plain agent is refused every admin route of the settings page.
 */
import { expect } from 'chai';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildAgent, buildGroup, buildTicket } from '../factories';
import { AuditLog } from '../../server/models/AuditLog';

interface AgentBody {
  id: number;
  role: string;
  active: boolean;
  groupIds: number[];
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface WidgetBody {
  color: string;
  position: string;
  greeting: { en: string; 'zh-CN': string };
  preChat: { enabled: boolean; requireName: boolean; requireEmail: boolean };
  offlineMessage: { en: string; 'zh-CN': string };
  embed?: { scriptUrl: string; snippet: string };
}

const widgetSettings = {
  color: '#AA3300',
  position: 'left',
  greeting: { en: 'Hi! How can we help?', 'zh-CN': '您好！有什么可以帮您？' },
  preChat: { enabled: true, requireName: true, requireEmail: false },
  offlineMessage: { en: 'We are away; leave your email.', 'zh-CN': '我们暂时不在，请留下邮箱。' },
};

describeEachDatabase('admin settings', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database, { PUBLIC_URL: 'https://help.shop.test' });
    admin = await server.login();
  });
  after(async () => server?.close());

  describe('agents', () => {
    it('deactivating an agent ends their sessions and blocks login; reactivating lets them in again', async () => {
      const { actor, email, password } = await buildAgent(server.server.ctx);
      const token = await server.login(email, password);
      expect((await server.request('GET', '/api/me', { token })).status).to.equal(200);
      const off = await server.request<AgentBody>('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { active: false } });
      expect(off.status).to.equal(200);
      expect(off.body.active).to.equal(false);
      expect((await server.request('GET', '/api/me', { token })).status).to.equal(401);
      const login = await server.request<ErrorBody>('POST', '/api/auth/login', { body: { email, password } });
      expect(login.status).to.equal(401);
      // Still listed (history keeps their name), marked inactive.
      const list = await server.request<{ data: AgentBody[] }>('GET', '/api/agents?limit=200', { token: admin });
      expect(list.body.data.find((a) => a.id === actor.agent.id)?.active).to.equal(false);
      await server.request('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { active: true } });
      expect(await server.login(email, password)).to.be.a('string');
    });

    it('an admin changes a role (supervisor) and resets a password, which ends the old sessions', async () => {
      const { actor, email, password } = await buildAgent(server.server.ctx);
      const token = await server.login(email, password);
      const promoted = await server.request<AgentBody>('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { role: 'supervisor' } });
      expect(promoted.body.role).to.equal('supervisor');
      const reset = await server.request('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { password: 'reset-by-admin-1' } });
      expect(reset.status).to.equal(200);
      expect((await server.request('GET', '/api/me', { token })).status).to.equal(401);
      expect((await server.request('POST', '/api/auth/login', { body: { email, password } })).status).to.equal(401);
      const fresh = await server.login(email, 'reset-by-admin-1');
      expect((await server.request<AgentBody>('GET', '/api/me', { token: fresh })).body.role).to.equal('supervisor');
      const bad = await server.request<ErrorBody>('PATCH', `/api/agents/${actor.agent.id}`, { token: admin, body: { role: 'owner' } });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.message).to.match(/role/);
    });

    it('an admin cannot deactivate or demote themselves', async () => {
      const me = await server.request<AgentBody>('GET', '/api/me', { token: admin });
      const off = await server.request<ErrorBody>('PATCH', `/api/agents/${me.body.id}`, { token: admin, body: { active: false } });
      expect(off.status).to.equal(400);
      expect(off.body.error.message).to.match(/yourself/);
    });
  });

  describe('groups', () => {
    it('renames a group, refusing a name already used', async () => {
      const group = await buildGroup(server.server.ctx);
      const other = await buildGroup(server.server.ctx);
      const renamed = await server.request<{ name: string }>('PATCH', `/api/groups/${group.id}`, { token: admin, body: { name: '  Billing 账单  ' } });
      expect(renamed.status).to.equal(200);
      expect(renamed.body.name).to.equal('Billing 账单');
      const clash = await server.request<ErrorBody>('PATCH', `/api/groups/${other.id}`, { token: admin, body: { name: 'Billing 账单' } });
      expect(clash.status).to.equal(409);
      expect((await server.request('PATCH', `/api/groups/${group.id}`, { token: admin, body: { name: '' } })).status).to.equal(400);
      expect((await server.request('PATCH', '/api/groups/999999', { token: admin, body: { name: 'x' } })).status).to.equal(404);
      expect(await AuditLog.count({ where: { entityType: 'group', entityId: group.id, action: 'group.updated' } })).to.equal(1);
    });

    it('sets the members of a group, seen in each agent’s groupIds', async () => {
      const group = await buildGroup(server.server.ctx);
      const a = await buildAgent(server.server.ctx);
      const b = await buildAgent(server.server.ctx);
      const set = await server.request<{ agentIds: number[] }>('PUT', `/api/groups/${group.id}/members`, { token: admin, body: { agentIds: [b.actor.agent.id, a.actor.agent.id, a.actor.agent.id] } });
      expect(set.status).to.equal(200);
      expect(set.body.agentIds).to.deep.equal([a.actor.agent.id, b.actor.agent.id].sort((x, y) => x - y));
      const agents = await server.request<{ data: AgentBody[] }>('GET', '/api/agents?limit=200', { token: admin });
      expect(agents.body.data.find((x) => x.id === a.actor.agent.id)?.groupIds).to.include(group.id);
      const read = await server.request<{ agentIds: number[] }>('GET', `/api/groups/${group.id}/members`, { token: admin });
      expect(read.body.agentIds).to.have.length(2);
      await server.request('PUT', `/api/groups/${group.id}/members`, { token: admin, body: { agentIds: [b.actor.agent.id] } });
      const after = await server.request<{ data: AgentBody[] }>('GET', '/api/agents?limit=200', { token: admin });
      expect(after.body.data.find((x) => x.id === a.actor.agent.id)?.groupIds).not.to.include(group.id);
      const unknown = await server.request<ErrorBody>('PUT', `/api/groups/${group.id}/members`, { token: admin, body: { agentIds: [999999] } });
      expect(unknown.status).to.equal(400);
    });

    it('refuses to delete a group with tickets (409), deletes it once they are moved', async () => {
      const group = await buildGroup(server.server.ctx);
      const other = await buildGroup(server.server.ctx);
      const member = await buildAgent(server.server.ctx, { groupIds: [group.id] });
      const { ticket } = await buildTicket(server.server.ctx, { groupId: group.id });
      const refused = await server.request<ErrorBody>('DELETE', `/api/groups/${group.id}`, { token: admin });
      expect(refused.status).to.equal(409);
      expect(refused.body.error.message).to.match(/1 ticket/);
      expect((await server.request('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { groupId: other.id } })).status).to.equal(200);
      expect((await server.request('DELETE', `/api/groups/${group.id}`, { token: admin })).status).to.equal(204);
      const groups = await server.request<{ data: Array<{ id: number }> }>('GET', '/api/groups', { token: admin });
      expect(groups.body.data.map((g) => g.id)).not.to.include(group.id);
      const me = await server.request<AgentBody>('GET', '/api/me', { token: await server.login(member.email, member.password) });
      expect(me.body.groupIds).to.deep.equal([]);
      expect((await server.request('DELETE', `/api/groups/${group.id}`, { token: admin })).status).to.equal(404);
    });
  });

  describe('widget settings', () => {
    it('starts with today’s defaults and the embed snippet with PUBLIC_URL', async () => {
      const read = await server.request<WidgetBody>('GET', '/api/settings/widget', { token: admin });
      expect(read.status).to.equal(200);
      expect(read.body).to.include({ color: '#2f6fde', position: 'right' });
      expect(read.body.preChat).to.deep.equal({ enabled: true, requireName: false, requireEmail: false });
      expect(read.body.embed?.snippet).to.equal('<script src="https://help.shop.test/widget.js" async></script>');
    });

    it('saves valid settings (colour lower-cased) and the public config serves them with CORS and a 60 s cache', async () => {
      const saved = await server.request<WidgetBody>('PUT', '/api/settings/widget', { token: admin, body: widgetSettings });
      expect(saved.status).to.equal(200);
      expect(saved.body.color).to.equal('#aa3300');
      const config = await server.request<WidgetBody>('GET', '/api/widget/config', { headers: { origin: 'https://www.shop.test' } });
      expect(config.status).to.equal(200);
      expect(config.headers.get('access-control-allow-origin')).to.equal('*');
      expect(config.headers.get('cache-control')).to.equal('public, max-age=60');
      expect(config.headers.get('ratelimit-policy') ?? config.headers.get('ratelimit')).to.be.a('string');
      expect(config.body).to.deep.equal({ ...widgetSettings, color: '#aa3300' });
      expect(config.body).not.to.have.property('embed');
      expect(await AuditLog.count({ where: { action: 'settings.widget' } })).to.be.greaterThan(0);
    });

    it('refuses a bad colour, position or too-long text with a 400 that names the field', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ ...widgetSettings, color: 'red' }, /color: must be a colour like #2f6fde/],
        [{ ...widgetSettings, color: '#12345' }, /color/],
        [{ ...widgetSettings, position: 'top' }, /position/],
        [{ ...widgetSettings, greeting: { en: 'x'.repeat(301), 'zh-CN': '' } }, /greeting\.en: must be at most 300/],
        [{ ...widgetSettings, offlineMessage: { en: '' } }, /offlineMessage\.zh-CN/],
        [{ ...widgetSettings, preChat: { enabled: 'yes', requireName: false, requireEmail: false } }, /preChat\.enabled/],
      ];
      for (const [body, reason] of cases) {
        const response = await server.request<ErrorBody>('PUT', '/api/settings/widget', { token: admin, body });
        expect(response.status, JSON.stringify(body)).to.equal(400);
        expect(response.body.error.message).to.match(reason);
      }
      // Nothing invalid was stored.
      expect((await server.request<WidgetBody>('GET', '/api/widget/config')).body.color).to.equal('#aa3300');
    });
  });

  it('a plain agent (and a supervisor) gets 403 on every admin route of the settings page', async () => {
    const group = await buildGroup(server.server.ctx);
    for (const role of ['agent', 'supervisor'] as const) {
      const { actor, email, password } = await buildAgent(server.server.ctx, { role });
      const other = await buildAgent(server.server.ctx);
      const token = await server.login(email, password);
      const calls: Array<[string, string, unknown?]> = [
        ['POST', '/api/agents', { name: 'X', email: `x-${role}@example.test`, password: 'password-1', role: 'agent' }],
        ['PATCH', `/api/agents/${other.actor.agent.id}`, { active: false }],
        ['PATCH', `/api/agents/${other.actor.agent.id}`, { password: 'taken-over-1' }],
        ['PATCH', `/api/agents/${actor.agent.id}`, { role: 'admin' }],
        ['PATCH', `/api/agents/${actor.agent.id}`, { groupIds: [group.id] }],
        ['POST', '/api/groups', { name: `Mine ${role}` }],
        ['PATCH', `/api/groups/${group.id}`, { name: 'Hijacked' }],
        ['DELETE', `/api/groups/${group.id}`],
        ['PUT', `/api/groups/${group.id}/members`, { agentIds: [actor.agent.id] }],
        ['GET', '/api/settings/widget'],
        ['PUT', '/api/settings/widget', widgetSettings],
        ['POST', '/api/mailboxes/test', { host: '127.0.0.1', port: 1, secure: false, username: 'u', password: 'p', folder: 'INBOX' }],
        ['POST', '/api/mailboxes/1/test', {}],
        ['PUT', '/api/settings/alerts', {}],
        ['PUT', '/api/settings/roles', { roles: [{ name: 'supervisor', permissions: [] }, { name: 'agent', permissions: [] }] }],
      ];
      for (const [method, path, body] of calls) {
        const response = await server.request<ErrorBody>(method, path, { token, body });
        expect(response.status, `${role} ${method} ${path}`).to.equal(403);
      }
    }
    // Nothing changed: the group kept its name.
    const groups = await server.request<{ data: Array<{ id: number; name: string }> }>('GET', '/api/groups', { token: admin });
    expect(groups.body.data.find((g) => g.id === group.id)?.name).to.equal(group.name);
  });
});
