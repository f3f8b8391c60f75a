/**
 * Search (issue #8) against the real server on each database: English stemming, Chinese words
 * and any two-character substring, AND semantics, ticket numbers, what a group agent may see,
 * internal notes, the index following changes (events for tickets and messages, the catch-up for
 * customers), the catch-up finding rows written behind the event bus's back (a crash), and
 * running it again changing nothing, and the background backfill when a server starts.
 */
import { expect } from 'chai';
import { Op } from 'sequelize';
import { Customer } from '../../server/models/Customer';
import { Message } from '../../server/models/Message';
import { SearchDoc, SearchTerm } from '../../server/models/SearchTerm';
import { Setting } from '../../server/models/Setting';
import { Ticket } from '../../server/models/Ticket';
import type { TicketJson } from '../../server/presenters/schemas';
import { catchUpSearchIndex } from '../../server/search/catchUp';
import type { SearchResults } from '../../server/search/searchService';
import { buildAgent, buildGroup } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

describeEachDatabase('search', (database) => {
  let server: TestServer;
  let admin: string;
  let groupAgent: string;
  let refund: TicketJson;
  let chinese: TicketJson;
  let hidden: TicketJson;
  let ownGroup: TicketJson;
  const ctx = () => server.server.ctx;

  const search = async (q: string, token = admin, extra = '') => {
    const response = await server.request<SearchResults>('GET', `/api/search?q=${encodeURIComponent(q)}${extra}`, { token });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body;
  };
  const open = async (subject: string, body: string, customer: { email: string; name: string }, groupId?: number) => {
    const response = await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject, body, customer } });
    expect(response.status).to.equal(201);
    if (groupId === undefined) return response.body;
    return (await server.request<TicketJson>('PATCH', `/api/tickets/${response.body.id}`, { token: admin, body: { groupId } })).body;
  };
  // Processors run after commit, off the request: wait for them before looking.
  const settle = () => ctx().events.drain();

  before(async () => {
    server = await startTestServer(database);
    admin = await server.login();
    const groupA = await buildGroup(ctx(), 'Search A');
    const groupB = await buildGroup(ctx(), 'Search B');
    const member = await buildAgent(ctx(), { groupIds: [groupA.id] });
    groupAgent = await server.login(member.email, member.password);
    refund = await open('Refund for a broken kettle', 'Hello, the kettle arrived broken and I would like my money back.', { email: 'alice.walker@example.test', name: 'Alice Walker' });
    chinese = await open('退款申请', '我的订单还没有收到，请帮我办理退款手续，谢谢。', { email: 'lilei@example.test', name: '李雷' });
    hidden = await open('Secret partner pelican question', 'Only group B may read about the pelican contract.', { email: 'bob@example.test', name: 'Bob Partner' }, groupB.id);
    ownGroup = await open('Pelican delivery for group A', 'A pelican statue was delivered to the wrong address.', { email: 'carol@example.test', name: 'Carol Group' }, groupA.id);
    await settle();
  });
  after(async () => server?.close());

  it('finds English words by their stem: "refunds" finds "refund", with a plain-text snippet and the matched words', async () => {
    await server.request('POST', `/api/tickets/${refund.id}/messages`, { token: admin, body: { body: 'We have issued your refund today; it takes 3 days to arrive.' } });
    await settle();
    const result = await search('refunds');
    expect(result.tickets.map((t) => t.ticket.id)).to.include(refund.id);
    expect(result.tickets.find((t) => t.ticket.id === refund.id)?.highlights).to.deep.equal(['Refund']);
    const reply = result.messages.find((m) => m.ticketId === refund.id);
    expect(reply, 'the reply mentioning a refund').to.not.equal(undefined);
    expect(reply?.snippet).to.contain('issued your refund today');
    expect(reply?.snippet).to.not.match(/<[a-z]/i);
    expect(reply?.highlights).to.deep.equal(['refund']);
    expect(reply?.ticketNumber).to.equal(refund.number);
    expect(reply?.subject).to.equal('Refund for a broken kettle');
  });

  it('finds Chinese words and any two-character substring of a longer word', async () => {
    const word = await search('退款');
    expect(word.tickets.map((t) => t.ticket.id)).to.deep.equal([chinese.id]);
    expect(word.messages.map((m) => m.ticketId)).to.include(chinese.id);
    expect(word.messages.find((m) => m.ticketId === chinese.id)?.highlights).to.include('退款');
    // "理退" is no word at all: it straddles 办理 and 退款, and still finds the message.
    const straddle = await search('理退');
    expect(straddle.messages.map((m) => m.ticketId)).to.deep.equal([chinese.id]);
    const inside = await search('手续');
    expect(inside.messages.map((m) => m.ticketId)).to.deep.equal([chinese.id]);
    // A four-character query must match all of its bigrams: 收到退款 is not in the text.
    expect((await search('订单收到')).messages).to.have.length(0);
    expect((await search('订单')).messages.map((m) => m.ticketId)).to.deep.equal([chinese.id]);
    // Customers by Chinese name.
    expect((await search('李雷')).customers.map((c) => c.name)).to.deep.equal(['李雷']);
  });

  it('requires every word (AND) and ranks by weight', async () => {
    const both = await search('broken kettle');
    expect(both.tickets.map((t) => t.ticket.id)).to.deep.equal([refund.id]);
    expect(both.messages.map((m) => m.ticketId)).to.deep.equal([refund.id]);
    expect((await search('kettle toaster')).tickets).to.have.length(0);
    expect((await search('kettle toaster')).messages).to.have.length(0);
    // The subject weighs more than a body: the ticket scores above the message for the same words.
    expect(both.tickets[0].score).to.be.greaterThan(both.messages[0].score);
  });

  it('a ticket number finds that ticket first, with or without #', async () => {
    for (const q of [`#${chinese.number}`, String(chinese.number)]) {
      const result = await search(q);
      expect(result.tickets[0].ticket.id, q).to.equal(chinese.id);
    }
  });

  it('a group agent sees only the tickets and messages of their groups (and ungrouped ones); admins see all', async () => {
    const asAdmin = await search('pelican');
    expect(asAdmin.tickets.map((t) => t.ticket.id).sort()).to.deep.equal([hidden.id, ownGroup.id].sort());
    expect(asAdmin.messages.map((m) => m.ticketId).sort()).to.deep.equal([hidden.id, ownGroup.id].sort());
    const asMember = await search('pelican', groupAgent);
    expect(asMember.tickets.map((t) => t.ticket.id)).to.deep.equal([ownGroup.id]);
    expect(asMember.messages.map((m) => m.ticketId)).to.deep.equal([ownGroup.id]);
    expect((await search(`#${hidden.number}`, groupAgent)).tickets).to.have.length(0);
    // Ungrouped tickets are everyone's.
    expect((await search('kettle', groupAgent)).tickets.map((t) => t.ticket.id)).to.deep.equal([refund.id]);
  });

  it('agents find internal notes, marked as internal', async () => {
    await server.request('POST', `/api/tickets/${refund.id}/messages`, { token: admin, body: { body: 'Internal: customer is a flamingo collector, offer a voucher.', internal: true } });
    await settle();
    const result = await search('flamingo', groupAgent);
    expect(result.messages).to.have.length(1);
    expect(result.messages[0].internal).to.equal(true);
  });

  it('follows changes: a new message and a changed subject at once, a customer after the catch-up', async () => {
    const ticket = await open('Printer jam', 'The printer jams on every page.', { email: 'dora@example.test', name: 'Dora Explorer' });
    await settle();
    expect((await search('walrus')).messages).to.have.length(0);
    await server.request('POST', `/api/tickets/${ticket.id}/messages`, { token: admin, body: { body: 'Update: a walrus sat on the printer.' } });
    const renamed = await server.request<TicketJson>('PATCH', `/api/tickets/${ticket.id}`, { token: admin, body: { subject: 'Printer flattened by walrus' } });
    expect(renamed.status).to.equal(200);
    await settle();
    const after = await search('walrus');
    expect(after.messages.map((m) => m.ticketId)).to.deep.equal([ticket.id]);
    expect(after.tickets.map((t) => t.ticket.id)).to.deep.equal([ticket.id]);
    expect((await search('jam')).tickets.map((t) => t.ticket.id)).to.not.include(ticket.id);

    expect((await search('Dora')).customers.map((c) => c.id)).to.deep.equal([ticket.customerId]);
    const patched = await server.request('PATCH', `/api/customers/${ticket.customerId}`, { token: admin, body: { name: 'Theodora Marsh', organisation: '阿里巴巴集团' } });
    expect(patched.status).to.equal(200);
    await catchUpSearchIndex(ctx());
    expect((await search('Theodora')).customers.map((c) => c.id)).to.deep.equal([ticket.customerId]);
    expect((await search('里巴')).customers.map((c) => c.id)).to.deep.equal([ticket.customerId]);
    // The old surname is gone (her address still says "dora", so that word still finds her).
    expect((await search('Explorer')).customers).to.have.length(0);
    // Emails are found whole.
    expect((await search('dora@example.test')).customers.map((c) => c.id)).to.deep.equal([ticket.customerId]);
  });

  it('the catch-up indexes rows written behind the event bus (a crash before the processors ran)', async () => {
    const customer = await Customer.create({ name: 'Crash Customer' });
    const now = new Date();
    const ticket = await Ticket.create({ subject: 'Lost hamster after crash', channel: 'web', customerId: customer.id, lastActivityAt: now });
    await Message.create({ ticketId: ticket.id, direction: 'inbound', channel: 'web', authorType: 'customer', authorId: null, body: 'My hamster escaped during the outage 仓鼠跑了' });
    expect((await search('hamster')).tickets).to.have.length(0);
    const report = await catchUpSearchIndex(ctx());
    expect(report.indexed).to.be.at.least(3);
    const found = await search('hamster');
    expect(found.tickets.map((t) => t.ticket.id)).to.deep.equal([ticket.id]);
    expect(found.messages.map((m) => m.ticketId)).to.deep.equal([ticket.id]);
    expect((await search('仓鼠')).messages.map((m) => m.ticketId)).to.deep.equal([ticket.id]);
    expect((await search('crash customer')).customers.map((c) => c.id)).to.deep.equal([customer.id]);
  });

  it('is idempotent: catching up again, or re-indexing a document, changes nothing', async () => {
    await catchUpSearchIndex(ctx());
    const [terms, docs] = await Promise.all([SearchTerm.count(), SearchDoc.count()]);
    const again = await catchUpSearchIndex(ctx());
    expect(again.indexed).to.equal(0);
    // The same event delivered twice (a retry) replaces the rows rather than adding to them.
    ctx().events.publish('ticket.updated', { ticketId: refund.id, actorId: null, changed: ['subject'] });
    ctx().events.publish('ticket.updated', { ticketId: refund.id, actorId: null, changed: ['subject'] });
    await settle();
    expect(await SearchTerm.count()).to.equal(terms);
    expect(await SearchDoc.count()).to.equal(docs);
    expect(await SearchTerm.count({ where: { docType: 'ticket', docId: refund.id } })).to.be.greaterThan(0);
  });

  it('answers 400 for an empty or too long query, 401 without a login', async () => {
    expect((await server.request('GET', '/api/search?q=', { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/search?q=%20%20', { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/search', { token: admin })).status).to.equal(400);
    expect((await server.request('GET', `/api/search?q=${'a'.repeat(201)}`, { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/search?q=x&type=nope', { token: admin })).status).to.equal(400);
    expect((await server.request('GET', '/api/search?q=kettle')).status).to.equal(401);
    const onlyCustomers = await search('alice', admin, '&type=customers');
    expect(onlyCustomers.tickets).to.have.length(0);
    expect(onlyCustomers.customers.map((c) => c.name)).to.deep.equal(['Alice Walker']);
  });

  it('backfills existing data in the background when a server starts with an empty index', async () => {
    await SearchTerm.destroy({ where: {} });
    await SearchDoc.destroy({ where: {} });
    await Setting.destroy({ where: { key: { [Op.like]: 'search.watermark.%' } } });
    expect((await search('kettle')).tickets).to.have.length(0);
    await server.restart();
    // The server answers at once; the index fills up behind it.
    let found: SearchResults | null = null;
    for (let attempt = 0; attempt < 100 && !found?.tickets.length; attempt++) {
      found = await search('kettle');
      if (!found.tickets.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found?.tickets.map((t) => t.ticket.id)).to.deep.equal([refund.id]);
    for (let attempt = 0; attempt < 100 && !(await search('李雷')).customers.length; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await search('退款')).messages.map((m) => m.ticketId)).to.include(chinese.id);
    expect((await search('李雷')).customers.map((c) => c.name)).to.deep.equal(['李雷']);
  });
});
