/**
 * The overview report (`GET /api/reports/overview`, `…/overview.csv`) on each database, with data
 * made at known moments and the figures worked out by hand: tickets in/out per channel and day,
 * first-response and resolution medians/p90 (internal notes and automatic answers are not
 * responses; a second solve after a reopen is not a resolution), alerts, CSAT and categories;
 * the same data bucketed in UTC and in Asia/Shanghai (a day boundary moves) and across a DST
 * change in New York; the channel filter;
 * visibility; CSV sections; validation; access.
 *
 * The audit log stamps its rows with the database clock, not the injectable one, so after each
 * status change the test moves that row to the moment the clock said (solves are only recorded there).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Alert } from '../../server/models/Alert';
import { AuditLog } from '../../server/models/AuditLog';
import { Message } from '../../server/models/Message';
import { Survey } from '../../server/models/Survey';
import { Ticket, type Channel } from '../../server/models/Ticket';
import type { TicketJson } from '../../server/presenters/schemas';
import { LocalDays } from '../../server/services/reports/localDays';
import type { OverviewReport } from '../../server/services/reports/overviewReport';
import { buildAgent, buildGroup } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const at = (iso: string) => new Date(iso);

describeEachDatabase('overview report', (database) => {
  let server: TestServer;
  let admin: string;
  let agentToken: string;
  const ids: Record<string, number> = {};

  before(async () => {
    // No scanner or survey side effects: every alert and survey here is made by the test.
    server = await startTestServer(database, { ALERT_SCAN_SECONDS: '86400', CARE_SCAN_SECONDS: '86400', SURVEY_AFTER_SOLVE: 'false' });
    admin = await server.login();
    const ctx = server.server.ctx;
    const group = await buildGroup(ctx);
    const agent = await buildAgent(ctx);
    agentToken = await server.login(agent.email, agent.password);

    const open = async (name: string, when: string, channel: Channel, groupId?: number) => {
      server.clock.set(at(when));
      const created = await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject: name, body: `Ticket ${name}`, customer: { email: `${name.toLowerCase()}-${randomBytes(3).toString('hex')}@c.test` }, ...(groupId ? { groupId } : {}) } });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      if (channel !== 'web') await Ticket.update({ channel }, { where: { id: created.body.id }, silent: true });
      ids[name] = created.body.id;
      return created.body.id;
    };
    const reply = async (id: number, when: string, internal = false) => {
      server.clock.set(at(when));
      const sent = await server.request('POST', `/api/tickets/${id}/messages`, { token: admin, body: { body: internal ? 'note' : 'We are on it.', internal } });
      expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    };
    const patch = async (id: number, body: Record<string, unknown>, when: string) => {
      server.clock.set(at(when));
      const patched = await server.request('PATCH', `/api/tickets/${id}`, { token: admin, body });
      expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
      const row = await AuditLog.findOne({ where: { entityType: 'ticket', entityId: id, action: 'ticket.updated' }, order: [['id', 'DESC']], rejectOnEmpty: true });
      await AuditLog.update({ createdAt: at(when) }, { where: { id: row.id }, silent: true });
    };
    const survey = (ticketId: number, rating: number | null, answeredAt: string | null) =>
      Survey.create({ ticketId, round: 1, agentId: null, category: null, channel: 'email', tokenHash: randomBytes(32).toString('hex'), sentAt: at('2026-03-01T00:00:00Z'), rating, answeredAt: answeredAt ? at(answeredAt) : null });

    // A: web, complaint; answered after 1 h, solved after 4 h (all 1 March in both zones).
    const a = await open('A', '2026-03-01T02:00:00Z', 'web');
    await patch(a, { category: 'complaint' }, '2026-03-01T02:05:00Z');
    await reply(a, '2026-03-01T03:00:00Z');
    await patch(a, { status: 'solved' }, '2026-03-01T06:00:00Z');
    // B: chat, question, opened 20:00 UTC = 04:00 on 2 March in Shanghai. A note first (not a
    // response), the reply 30 min after opening, closed one day after opening.
    const b = await open('B', '2026-03-01T20:00:00Z', 'chat');
    await patch(b, { category: 'question' }, '2026-03-01T20:01:00Z');
    await reply(b, '2026-03-01T20:10:00Z', true);
    await reply(b, '2026-03-01T20:30:00Z');
    await patch(b, { status: 'closed' }, '2026-03-02T20:00:00Z');
    // C: email, answered only automatically (a system acknowledgement and an agent-authored automatic one).
    const c = await open('C', '2026-03-02T10:00:00Z', 'email');
    for (const authorType of ['system', 'agent'] as const) {
      await Message.create({ ticketId: c, direction: 'outbound', channel: 'email', authorType, authorId: null, body: 'We got your mail.', automatic: true, createdAt: at('2026-03-02T10:01:00Z'), updatedAt: at('2026-03-02T10:01:00Z') });
    }
    // D: answered and solved before the range, reopened, solved again inside it: no new resolution.
    const d = await open('D', '2026-02-27T10:00:00Z', 'web');
    await reply(d, '2026-02-27T11:00:00Z');
    await patch(d, { status: 'solved' }, '2026-02-27T12:00:00Z');
    await patch(d, { status: 'open' }, '2026-03-02T11:00:00Z');
    await reply(d, '2026-03-02T11:30:00Z');
    await patch(d, { status: 'solved' }, '2026-03-02T12:00:00Z');
    // E: web, answered after 2 h, solved after 4 h.
    const e = await open('E', '2026-03-02T01:00:00Z', 'web');
    await reply(e, '2026-03-02T03:00:00Z');
    await patch(e, { status: 'solved' }, '2026-03-02T05:00:00Z');
    // F: in a group the plain agent is not in.
    await open('F', '2026-03-03T05:00:00Z', 'web', group.id);
    // G: 04:30 UTC on 9 March is 00:30 on the 9th in New York once summer time began (8 March).
    await open('G', '2026-03-09T04:30:00Z', 'web');

    await Alert.create({ ticketId: a, waitSeq: 1, kind: 'overdue', raisedAt: at('2026-03-01T15:30:00Z'), dueAt: null, assigneeId: null, groupId: null });
    await Alert.create({ ticketId: b, waitSeq: 1, kind: 'warning', raisedAt: at('2026-03-01T16:30:00Z'), dueAt: null, assigneeId: null, groupId: null });
    await Alert.create({ ticketId: c, waitSeq: 1, kind: 'escalation', raisedAt: at('2026-03-03T01:00:00Z'), dueAt: null, assigneeId: null, groupId: null });
    await survey(a, 5, '2026-03-01T08:00:00Z');
    await survey(e, 2, '2026-03-02T08:00:00Z');
    await survey(b, 4, '2026-03-02T21:00:00Z');
    await survey(c, null, null);
    server.clock.set(at('2026-03-10T20:00:00Z'));
  });
  after(async () => server?.close());

  const report = async (query: string, token = admin) => {
    const response = await server.request<OverviewReport>('GET', `/api/reports/overview?${query}`, { token });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body;
  };
  const none = { count: 0, median: null, p90: null };
  const noCsat = { responses: 0, average: null, satisfiedShare: null };

  it('counts per UTC day: in/out per channel, response and resolution times, alerts, CSAT, categories', async () => {
    const body = await report('from=2026-03-01&to=2026-03-04');
    expect(body).to.include({ from: '2026-03-01', to: '2026-03-04', timeZone: 'UTC', channel: null });
    expect(body.days.map((d) => d.day)).to.deep.equal(['2026-03-01', '2026-03-02', '2026-03-03']);
    const [first, second, third] = body.days;
    expect(body.days.map((d) => d.created)).to.deep.equal([
      { email: 0, chat: 1, web: 1 },
      { email: 1, chat: 0, web: 1 },
      { email: 0, chat: 0, web: 1 },
    ]);
    // D's second solve is not counted: it was resolved before the range.
    expect(body.days.map((d) => d.solved)).to.deep.equal([
      { email: 0, chat: 0, web: 1 },
      { email: 0, chat: 1, web: 1 },
      { email: 0, chat: 0, web: 0 },
    ]);
    // 1 March: A 3600 s and B 1800 s (its note at 10 min does not count). 2 March: E 7200 s;
    // C had only automatic answers; D was first answered in February.
    expect(first?.firstResponse).to.deep.equal({ count: 2, median: 2700, p90: 3420 });
    expect(second?.firstResponse).to.deep.equal({ count: 1, median: 7200, p90: 7200 });
    expect(third?.firstResponse).to.deep.equal(none);
    expect(first?.resolution).to.deep.equal({ count: 1, median: 14400, p90: 14400 });
    expect(second?.resolution).to.deep.equal({ count: 2, median: 50400, p90: 79200 });
    expect(body.totals.firstResponse).to.deep.equal({ count: 3, median: 3600, p90: 6480 });
    expect(body.totals.resolution).to.deep.equal({ count: 3, median: 14400, p90: 72000 });
    expect(body.days.map((d) => d.alerts)).to.deep.equal([
      { warning: 1, overdue: 1, escalation: 0 },
      { warning: 0, overdue: 0, escalation: 0 },
      { warning: 0, overdue: 0, escalation: 1 },
    ]);
    expect(first?.csat).to.deep.equal({ responses: 1, average: 5, satisfiedShare: 1 });
    expect(second?.csat).to.deep.equal({ responses: 2, average: 3, satisfiedShare: 0.5 });
    expect(third?.csat).to.deep.equal(noCsat);
    expect(body.totals.csat).to.deep.equal({ responses: 3, average: 3.67, satisfiedShare: 0.6667 });
    expect(body.days.map((d) => [d.categories, d.uncategorized])).to.deep.equal([
      [{ complaint: 1, question: 1 }, 0],
      [{}, 2],
      [{}, 1],
    ]);
    expect(body.totals.created).to.deep.equal({ email: 1, chat: 1, web: 3 });
    expect(body.categories.map((c) => c.key)).to.include.members(['complaint', 'question']);
  });

  it('moves the day boundary with the time zone (Asia/Shanghai, UTC+8)', async () => {
    const body = await report('from=2026-03-01&to=2026-03-04&tz=Asia/Shanghai');
    expect(body.timeZone).to.equal('Asia/Shanghai');
    // B (20:00 UTC on 1 March) is 2 March in Shanghai; its close (20:00 UTC on 2 March) is the 3rd.
    expect(body.days.map((d) => d.created)).to.deep.equal([
      { email: 0, chat: 0, web: 1 },
      { email: 1, chat: 1, web: 1 },
      { email: 0, chat: 0, web: 1 },
    ]);
    expect(body.days.map((d) => d.solved)).to.deep.equal([
      { email: 0, chat: 0, web: 1 },
      { email: 0, chat: 0, web: 1 },
      { email: 0, chat: 1, web: 0 },
    ]);
    expect(body.days.map((d) => d.firstResponse)).to.deep.equal([{ count: 1, median: 3600, p90: 3600 }, { count: 2, median: 4500, p90: 6660 }, none]);
    expect(body.days.map((d) => d.resolution)).to.deep.equal([
      { count: 1, median: 14400, p90: 14400 },
      { count: 1, median: 14400, p90: 14400 },
      { count: 1, median: 86400, p90: 86400 },
    ]);
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(body.days.map((d) => d.alerts)).to.deep.equal([
      { warning: 0, overdue: 1, escalation: 0 },
      { warning: 1, overdue: 0, escalation: 0 },
      { warning: 0, overdue: 0, escalation: 1 },
    ]);
    expect(body.days.map((d) => d.csat.responses)).to.deep.equal([1, 1, 1]);
    expect(body.days.map((d) => d.categories)).to.deep.equal([{ complaint: 1 }, { question: 1 }, {}]);
  });

  it('follows a daylight-saving change inside the range (America/New_York, 8 March)', async () => {
    const days = new LocalDays('2026-03-07', '2026-03-10', 'America/New_York');
    expect(days.offsetSegments()).to.deep.equal([
      { until: new Date('2026-03-08T07:00:00Z'), offsetMinutes: -300 },
      { until: null, offsetMinutes: -240 },
    ]);
    const body = await report('from=2026-02-28&to=2026-03-10&tz=America/New_York');
    const created = Object.fromEntries(body.days.map((d) => [d.day, d.created]));
    expect(body.days).to.have.length(10);
    // A at 02:00 UTC on 1 March is 21:00 on 28 February (UTC-5).
    expect(created['2026-02-28']).to.deep.equal({ email: 0, chat: 0, web: 1 });
    expect(created['2026-03-01']).to.deep.equal({ email: 0, chat: 1, web: 1 });
    expect(created['2026-03-08']).to.deep.equal({ email: 0, chat: 0, web: 0 });
    expect(created['2026-03-09']).to.deep.equal({ email: 0, chat: 0, web: 1 });
  });

  it('filters by channel, and counts only tickets the reader may see', async () => {
    const web = await report('from=2026-03-01&to=2026-03-04&channel=web');
    expect(web.channel).to.equal('web');
    expect(web.totals.created).to.deep.equal({ email: 0, chat: 0, web: 3 });
    expect(web.totals.firstResponse).to.deep.equal({ count: 2, median: 5400, p90: 6840 });
    expect(web.totals.alerts).to.deep.equal({ warning: 0, overdue: 1, escalation: 0 });
    expect(web.totals.csat.responses).to.equal(2);
    // An empty channel (a form's "all channels") is no filter.
    expect((await report('from=2026-03-01&to=2026-03-04&channel=')).totals.created.web).to.equal(3);
    // F is in a group the agent is not in.
    const agentView = await report('from=2026-03-01&to=2026-03-04', agentToken);
    expect(agentView.totals.created).to.deep.equal({ email: 1, chat: 1, web: 2 });
  });

  it('defaults to the last 30 days up to today in the zone', async () => {
    // The clock says 20:00 UTC on 10 March: already 11 March in Shanghai.
    const shanghai = await report('tz=Asia/Shanghai');
    expect([shanghai.from, shanghai.to, shanghai.days.length]).to.deep.equal(['2026-02-10', '2026-03-12', 30]);
    const utc = await report('');
    expect([utc.from, utc.to]).to.deep.equal(['2026-02-09', '2026-03-11']);
  });

  it('writes each section as CSV with a BOM, a header and neutralised formulas', async () => {
    const csv = async (query: string) => {
      const response = await fetch(`${server.url}/api/reports/overview.csv?${query}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.contain('text/csv');
      expect(response.headers.get('content-disposition')).to.contain('attachment');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      return bytes.toString('utf8').slice(1).split('\r\n');
    };
    const range = 'from=2026-03-01&to=2026-03-04';
    expect(await csv(`${range}&section=volume`)).to.deep.equal([
      'day,created_email,created_chat,created_web,created_total,solved_email,solved_chat,solved_web,solved_total',
      '2026-03-01,0,1,1,2,0,0,1,1',
      '2026-03-02,1,0,1,2,0,1,1,2',
      '2026-03-03,0,0,1,1,0,0,0,0',
      '',
    ]);
    const times = await csv(`${range}&section=times`);
    expect(times[0]).to.equal('day,first_response_count,first_response_median_seconds,first_response_p90_seconds,resolution_count,resolution_median_seconds,resolution_p90_seconds');
    expect(times).to.include('2026-03-01,2,2700,3420,1,14400,14400');
    expect(times).to.include('2026-03-03,0,,,0,,');
    expect(times).to.include('total,3,3600,6480,3,14400,72000');
    expect((await csv(`${range}&section=alerts&tz=Asia/Shanghai`)).slice(0, 2)).to.deep.equal(['day,warning,overdue,escalation', '2026-03-01,0,1,0']);
    expect(await csv(`${range}&section=csat`)).to.include('2026-03-02,2,3,0.5');

    // A category label an admin typed that a spreadsheet would run as a formula.
    const categories = await server.request<{ data: Array<Record<string, unknown>> }>('GET', '/api/settings/categories', { token: admin });
    const saved = await server.request('PUT', '/api/settings/categories', { token: admin, body: { data: [...categories.body.data, { key: 'risky', label: { en: '=HYPERLINK("http://x.test")', 'zh-CN': '@风险' }, subcategories: [] }] } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    await Ticket.update({ category: 'risky' }, { where: { id: ids.C as number }, silent: true });
    const lines = await csv(`${range}&section=categories`);
    expect(lines[0]).to.equal('day,category,label,count');
    expect(lines).to.include('2026-03-01,complaint,Complaint,1');
    expect(lines).to.include(`2026-03-02,risky,"'=HYPERLINK(""http://x.test"")",1`);
    expect(lines).to.include('2026-03-02,,,1');
    expect(await csv(`${range}&section=categories&lang=zh-CN`)).to.include("2026-03-02,risky,'@风险,1");
  });

  it('refuses bad dates, ranges and zones with a 400 that says why', async () => {
    const status = async (query: string) => {
      const response = await server.request<{ error: { message: string } }>('GET', `/api/reports/overview?${query}`, { token: admin });
      return [response.status, response.body.error?.message ?? ''] as const;
    };
    expect((await status('from=2026-02-30&to=2026-03-04'))[0]).to.equal(400);
    expect((await status('from=yesterday'))[0]).to.equal(400);
    const [backwards, backwardsMessage] = await status('from=2026-03-05&to=2026-03-01');
    expect(backwards).to.equal(400);
    expect(backwardsMessage).to.contain('before');
    const [long, longMessage] = await status('from=2025-01-01&to=2026-01-03');
    expect(long).to.equal(400);
    expect(longMessage).to.contain('366');
    expect((await status('from=2025-01-01&to=2026-01-02'))[0]).to.equal(200);
    const [zone, zoneMessage] = await status('tz=Mars/Olympus_Mons');
    expect(zone).to.equal(400);
    expect(zoneMessage).to.contain('time zone');
    expect((await status('tz=%2B08:00'))[0]).to.equal(400);
    expect((await status('channel=fax'))[0]).to.equal(400);
    expect((await status('from=1890-01-01&to=1890-02-01&tz=Asia/Shanghai'))[1]).to.contain('2000-01-01');
    expect((await server.request('GET', '/api/reports/overview.csv?section=everything', { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/reports/overview.csv', { token: admin })).status).to.equal(400);
  });

  it('is for agents only', async () => {
    expect((await server.request('GET', '/api/reports/overview')).status).to.equal(401);
    expect((await server.request('GET', '/api/reports/overview.csv?section=volume')).status).to.equal(401);
    expect((await server.request('GET', '/api/reports/overview', { token: agentToken })).status).to.equal(200);
  });
});
