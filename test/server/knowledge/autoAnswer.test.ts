/**
 * The automatic first answer of a new email ticket, through a real SMTP server: the best
 * template when it scores high enough, marked automatic, never to automatic mail, and the
 * customer keeps waiting for a person. Also the template renderer on its own.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { ingestRawMail } from '../../../server/channels/email/inbound/ingest';
import { renderTemplate } from '../../../server/knowledge/templateRenderer';
import type { MessageJson, TicketJson } from '../../../server/presenters/schemas';
import { describeEachDatabase } from '../../helpers/databases';
import { buildMail, type TestMail } from '../../helpers/mail';
import { startTestServer, type TestServer } from '../../helpers/server';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtpSink';

type TicketWithMessages = TicketJson & { messages: MessageJson[] };

describe('reply template rendering', () => {
  const context = { customer: { name: "O'Brien & Co", email: 'ob@example.test' }, ticket: { number: 10042, subject: 'Refund' }, agent: { name: '李雷', email: null }, company: { name: 'Shop' } };
  it('fills placeholders without HTML escaping, handles a missing name, and never throws', () => {
    expect(renderTemplate('{{#if customer.name}}Hello {{customer.name}},{{else}}Hello,{{/if}} ticket #{{ticket.number}} — {{agent.name}}, {{company.name}}', context)).to.equal("Hello O'Brien & Co, ticket #10042 — 李雷, Shop");
    expect(renderTemplate('{{#if customer.name}}Hello {{customer.name}},{{else}}Hello,{{/if}}', { ...context, customer: { name: null, email: null } })).to.equal('Hello,');
    expect(renderTemplate('{{unknown.field}}ok', context)).to.equal('ok');
    expect(renderTemplate('{{#if}} broken', context)).to.equal('{{#if}} broken');
  });
});

describeEachDatabase('automatic first answer', (database) => {
  let smtp: SmtpSink;
  let server: TestServer;
  let admin: string;
  beforeEach(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer(database, { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@shop.test', COMPANY_NAME: 'Example Shop' });
    admin = await server.login();
  });
  afterEach(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const ingest = async (mail: TestMail) => {
    const ctx = server.server.ctx;
    const result = await ingestRawMail(ctx, null, await buildMail(mail), { threadSecret: ctx.channels.email?.threadSecret as string });
    await ctx.events.drain();
    return (result as { ticketId: number }).ticketId;
  };
  const ticket = async (id: number) => (await server.request<TicketWithMessages>('GET', `/api/tickets/${id}`, { token: admin })).body;
  const enable = async (minScore: number) => {
    const saved = await server.request('PUT', '/api/settings/suggestions', { token: admin, body: { autoAnswer: { enabled: true, minScore } } });
    expect(saved.status).to.equal(200);
  };

  it('is off by default; only admins turn it on, with a threshold in range', async () => {
    expect((await server.request<{ autoAnswer: { enabled: boolean } }>('GET', '/api/settings/suggestions', { token: admin })).body.autoAnswer.enabled).to.equal(false);
    const ticketId = await ingest({ from: 'ana@customer.test', subject: 'Charged twice', text: 'I was charged twice for my order, please refund one payment.' });
    expect((await ticket(ticketId)).messages).to.have.length(1);
    expect(smtp.messages).to.have.length(0);
    const { buildAgent } = await import('../../factories');
    const agent = await buildAgent(server.server.ctx);
    const token = await server.login(agent.email, agent.password);
    expect((await server.request('PUT', '/api/settings/suggestions', { token, body: { autoAnswer: { enabled: true, minScore: 0.5 } } })).status).to.equal(403);
    expect((await server.request('PUT', '/api/settings/suggestions', { token: admin, body: { autoAnswer: { enabled: true, minScore: 3 } } })).status).to.equal(400);
  });

  it('answers a well-matched mail with the rendered template, marked automatic, while the customer keeps waiting', async () => {
    await enable(0.3);
    const ticketId = await ingest({ from: 'Ana Silva <ana@customer.test>', subject: 'Charged twice', text: 'Hi, I was charged twice for the same order. Can you refund the duplicate payment?' });
    await smtp.waitFor(1);
    const stored = await ticket(ticketId);
    const answer = stored.messages[1];
    expect(answer).to.include({ authorType: 'system', automatic: true, direction: 'outbound' });
    expect(answer.templateId).to.be.a('number');
    expect(answer.body).to.contain('Ana Silva').and.to.contain(`#${stored.number}`).and.not.contain('{{');
    expect(stored.waitingSince).to.be.a('string');
    const mail = await simpleParser(smtp.messages[0].raw);
    expect(mail.headers.get('auto-submitted')).to.equal('auto-replied');
    expect(mail.text).to.contain('Ana Silva');
    // It is not an agent's choice: nothing is learned from it.
    const template = await server.request<{ learnedExamples: number }>('GET', `/api/templates/${answer.templateId}`, { token: admin });
    expect(template.body.learnedExamples).to.equal(0);
  });

  it('sends nothing for a weak match (without MAIL_ACKNOWLEDGE) and never answers automatic mail', async () => {
    await enable(0.9);
    const weak = await ingest({ from: 'bo@customer.test', subject: 'Hello', text: 'Quick question about your opening hours in the Berlin store.' });
    await enable(0.05);
    const robot = await ingest({ from: 'robot@customer.test', subject: 'Out of office: charged twice', text: 'I am away. Charged twice refund.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server.server.ctx.events.drain();
    expect((await ticket(weak)).messages).to.have.length(1);
    expect((await ticket(robot)).messages).to.have.length(1);
    expect(smtp.messages).to.have.length(0);
  });

  it('answers Chinese mail with a Chinese template', async () => {
    await enable(0.3);
    const ticketId = await ingest({ from: '王芳 <wang@customer.test>', subject: '退款还没到账', text: '我上周退货了，退款什么时候能到账？' });
    await smtp.waitFor(1);
    const answer = (await ticket(ticketId)).messages[1];
    expect(answer.automatic).to.equal(true);
    expect(answer.body).to.contain('王芳');
    expect(answer.body).to.match(/退款/);
  });
});
