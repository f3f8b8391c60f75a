/**
 * The inbox on the API: views (mine, unassigned, my groups, overdue, waiting, all) alone and with
 * filters, their counts for an admin and for a group agent, and bulk changes mixing visible,
 * invisible, unknown and bad input. Tickets carry a tag unique to the test so other tests' data
 * in the same database never changes what is asserted.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { buildAgent, buildGroup } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { AuditLog } from '../../server/models/AuditLog';
import { Customer } from '../../server/models/Customer';
import type { TicketJson } from '../../server/presenters/schemas';

interface Page {
  data: TicketJson[];
  total: number;
}
type Counts = Record<'mine' | 'unassigned' | 'group' | 'overdue' | 'waiting' | 'all', number>;
interface BulkResult {
  updated: number[];
  failed: Array<{ id: number; error: { code: string; message: string } }>;
}
const views = ['mine', 'unassigned', 'group', 'overdue', 'waiting', 'all'] as const;

describeEachDatabase('inbox views, counts and bulk changes', (database) => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer(database, { ALERT_AFTER_HOURS: '12' });
    admin = await server.login();
  });
  after(async () => server?.close());
  afterEach(() => server.clock.reset());

  const unique = () => `t${randomBytes(4).toString('hex')}`;

  /** A group, an agent in it and that agent's token. */
  async function groupAgent() {
    const group = await buildGroup(server.server.ctx);
    const agent = await buildAgent(server.server.ctx, { groupIds: [group.id] });
    return { group, agent, token: await server.login(agent.email, agent.password) };
  }

  async function open(tag: string, extra: { groupId?: number | null; assigneeId?: number | null; priority?: string; subject?: string } = {}): Promise<TicketJson> {
    // A second apart, so "newest activity first" has one right answer.
    server.clock.advance(1000);
    const response = await server.request<TicketJson>('POST', '/api/tickets', {
      token: admin,
      body: { subject: extra.subject ?? `Parcel ${unique()}`, body: 'Where is it?', customer: { email: `${unique()}@example.test` }, tags: [tag], ...extra },
    });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  }
  async function patch(id: number, changes: object): Promise<void> {
    server.clock.advance(1000);
    const response = await server.request('PATCH', `/api/tickets/${id}`, { token: admin, body: changes });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
  }
  async function ids(token: string, query: string): Promise<number[]> {
    const response = await server.request<Page>('GET', `/api/tickets?${query}`, { token });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.body.total).to.equal(response.body.data.length);
    return response.body.data.map((ticket) => ticket.id);
  }
  async function counts(token: string): Promise<Counts> {
    const response = await server.request<Counts>('GET', '/api/tickets/counts', { token });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body;
  }

  it('lists each view for a group agent, in its order, and combines views with the filters', async () => {
    const tag = unique();
    const { group, agent, token } = await groupAgent();
    const other = await buildGroup(server.server.ctx);
    const mineAnswered = await open(tag, { assigneeId: agent.actor.agent.id, groupId: group.id });
    const groupWaiting = await open(tag, { groupId: group.id, priority: 'high', subject: 'Broken kettle lid' });
    const noGroupPending = await open(tag);
    const mineSolved = await open(tag, { assigneeId: agent.actor.agent.id });
    const otherGroup = await open(tag, { groupId: other.id });
    const latestWaiting = await open(tag);
    // An agent's public reply ends the wait; pending pauses it (the customer still waits).
    server.clock.advance(1000);
    expect((await server.request('POST', `/api/tickets/${mineAnswered.id}/messages`, { token: admin, body: { body: 'On its way.' } })).status).to.equal(201);
    await patch(noGroupPending.id, { status: 'pending' });
    await patch(mineSolved.id, { status: 'solved' });
    await Customer.update({ segment: 'at_risk' }, { where: { id: noGroupPending.customerId } });

    expect(await ids(token, `view=mine&tag=${tag}`)).to.deep.equal([mineAnswered.id]);
    expect(await ids(token, `view=mine&status=solved&tag=${tag}`)).to.deep.equal([mineSolved.id]);
    // Newest activity first: the reply and the status changes count as activity.
    expect(await ids(token, `view=unassigned&tag=${tag}`)).to.deep.equal([noGroupPending.id, latestWaiting.id, groupWaiting.id]);
    expect(await ids(token, `view=group&tag=${tag}`)).to.deep.equal([mineAnswered.id, groupWaiting.id]);
    // Waiting: oldest wait first, paused (pending) waits included.
    expect(await ids(token, `view=waiting&tag=${tag}`)).to.deep.equal([groupWaiting.id, noGroupPending.id, latestWaiting.id]);
    expect(await ids(token, `view=overdue&tag=${tag}`)).to.deep.equal([]);
    expect(await ids(token, `view=all&tag=${tag}`)).to.deep.equal([noGroupPending.id, mineAnswered.id, latestWaiting.id, groupWaiting.id]);
    // The admin also sees the other group's ticket.
    expect(await ids(admin, `view=all&tag=${tag}`)).to.deep.equal([noGroupPending.id, mineAnswered.id, latestWaiting.id, otherGroup.id, groupWaiting.id]);

    // Thirteen hours later the open waits are overdue, oldest due first; the paused one is not.
    server.clock.advance(13 * 3_600_000);
    expect(await ids(token, `view=overdue&tag=${tag}`)).to.deep.equal([groupWaiting.id, latestWaiting.id]);
    expect(await ids(admin, `view=overdue&tag=${tag}`)).to.deep.equal([groupWaiting.id, otherGroup.id, latestWaiting.id]);

    // Filters narrow a view; an explicit sort replaces the view's order.
    expect(await ids(token, `view=all&priority=high&tag=${tag}`)).to.deep.equal([groupWaiting.id]);
    expect(await ids(token, `view=unassigned&segment=at_risk&tag=${tag}`)).to.deep.equal([noGroupPending.id]);
    expect(await ids(token, `view=all&q=kettle&channel=web&tag=${tag}`)).to.deep.equal([groupWaiting.id]);
    expect(await ids(token, `view=all&status=pending&tag=${tag}`)).to.deep.equal([noGroupPending.id]);
    expect(await ids(token, `view=waiting&sort=activity&tag=${tag}`)).to.deep.equal([noGroupPending.id, latestWaiting.id, groupWaiting.id]);
    // Without a view the list is as before: every status, newest activity first.
    expect(await ids(token, `tag=${tag}`)).to.deep.equal([mineSolved.id, noGroupPending.id, mineAnswered.id, latestWaiting.id, groupWaiting.id]);

    const bad = await server.request<{ error: { code: string; message: string } }>('GET', '/api/tickets?view=everything', { token });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.contain('view');
  });

  it('counts each view for what the agent may see, and each count equals the view list total', async () => {
    const tag = unique();
    const { group, agent, token } = await groupAgent();
    const other = await buildGroup(server.server.ctx);
    const beforeAgent = await counts(token);
    const beforeAdmin = await counts(admin);

    await open(tag, { assigneeId: agent.actor.agent.id, groupId: group.id });
    await open(tag, { groupId: group.id });
    await open(tag);
    await open(tag, { groupId: other.id });
    const solved = await open(tag, { groupId: group.id });
    await patch(solved.id, { status: 'solved' });

    const delta = (after: Counts, before: Counts) => Object.fromEntries(views.map((view) => [view, after[view] - before[view]]));
    const afterAgent = await counts(token);
    expect(delta(afterAgent, beforeAgent)).to.deep.equal({ mine: 1, unassigned: 2, group: 2, overdue: 0, waiting: 3, all: 3 });
    expect(delta(await counts(admin), beforeAdmin)).to.deep.equal({ mine: 0, unassigned: 3, group: 0, overdue: 0, waiting: 4, all: 4 });

    server.clock.advance(13 * 3_600_000);
    const later = await counts(token);
    expect(later.overdue - beforeAgent.overdue).to.be.at.least(3);
    for (const view of views) {
      const page = await server.request<Page>('GET', `/api/tickets?view=${view}&limit=1`, { token });
      expect(page.body.total, view).to.equal(later[view]);
    }
    expect((await server.request('GET', '/api/tickets/counts')).status).to.equal(401);
  });

  it('applies a bulk change to the visible tickets and reports the invisible and unknown ones as not found', async () => {
    const tag = unique();
    const { group, agent, token } = await groupAgent();
    const other = await buildGroup(server.server.ctx);
    const inGroup = await open(tag, { groupId: group.id });
    const noGroup = await open(tag);
    const hidden = await open(tag, { groupId: other.id });
    const missing = 987_654;

    const response = await server.request<BulkResult>('POST', '/api/tickets/bulk', {
      token,
      body: { ids: [inGroup.id, hidden.id, noGroup.id, missing], changes: { assigneeId: agent.actor.agent.id, priority: 'urgent', addTags: ['VIP ', 'vip'] } },
    });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.body.updated).to.deep.equal([inGroup.id, noGroup.id]);
    expect(response.body.failed.map((f) => [f.id, f.error.code])).to.deep.equal([
      [hidden.id, 'not_found'],
      [missing, 'not_found'],
    ]);

    const read = async (id: number) => (await server.request<TicketJson>('GET', `/api/tickets/${id}`, { token: admin })).body;
    for (const id of [inGroup.id, noGroup.id]) {
      const ticket = await read(id);
      expect(ticket).to.include({ assigneeId: agent.actor.agent.id, priority: 'urgent' });
      expect(ticket.tags).to.deep.equal([tag, 'vip']);
      const audit = await AuditLog.findOne({ where: { entityType: 'ticket', entityId: String(id), action: 'ticket.updated' }, order: [['id', 'DESC']] });
      expect(audit, 'audited').to.not.equal(null);
    }
    const untouched = await read(hidden.id);
    expect(untouched).to.include({ assigneeId: null, priority: 'normal' });
    expect(untouched.tags).to.deep.equal([tag]);

    // Solving through bulk ends the alert clock like PATCH does, and tags come off.
    const solved = await server.request<BulkResult>('POST', '/api/tickets/bulk', { token, body: { ids: [inGroup.id], changes: { status: 'solved', removeTags: ['VIP'] } } });
    expect(solved.body).to.deep.equal({ updated: [inGroup.id], failed: [] });
    const after = await read(inGroup.id);
    expect(after).to.include({ status: 'solved', alertDueAt: null });
    expect(after.tags).to.deep.equal([tag]);
    expect(await ids(token, `view=mine&tag=${tag}`)).to.deep.equal([noGroup.id]);
  });

  it('refuses bad bulk input with a 400 that says why, and moving tickets into a group the agent is not in', async () => {
    const { token } = await groupAgent();
    const other = await buildGroup(server.server.ctx);
    const ticket = await open(unique());
    const cases: Array<[object, string]> = [
      [{ ids: [], changes: { priority: 'high' } }, 'ids'],
      [{ ids: [ticket.id, ticket.id], changes: { priority: 'high' } }, 'unique'],
      [{ ids: Array.from({ length: 501 }, (_, i) => i + 1), changes: { priority: 'high' } }, 'ids'],
      [{ ids: [ticket.id], changes: {} }, 'nothing to change'],
      [{ ids: [ticket.id], changes: { priority: 'highest' } }, 'priority'],
      [{ ids: [ticket.id], changes: { tags: ['x'] } }, 'tags'],
      [{ ids: [ticket.id], changes: { assigneeId: 999_999 } }, 'No active agent'],
      [{ ids: ['1'], changes: { priority: 'high' } }, 'ids'],
    ];
    for (const [body, reason] of cases) {
      const response = await server.request<{ error: { code: string; message: string } }>('POST', '/api/tickets/bulk', { token, body });
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.error.message, JSON.stringify(body)).to.contain(reason);
    }
    const forbidden = await server.request<{ error: { code: string } }>('POST', '/api/tickets/bulk', { token, body: { ids: [ticket.id], changes: { groupId: other.id } } });
    expect(forbidden.status).to.equal(403);
    expect((await server.request<TicketJson>('GET', `/api/tickets/${ticket.id}`, { token: admin })).body).to.include({ priority: 'normal', groupId: null });
  });
});
