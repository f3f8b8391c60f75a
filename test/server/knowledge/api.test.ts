/**
 * The knowledge API against the real server on each database: seeded starter content, templates,
 * suggestions for tickets and for any text, learning from agents' replies, articles with
 * revisions, visibility and search, and "was this helpful?" votes.
 */
import { expect } from 'chai';
import type { ArticleJson, TemplateJson } from '../../../server/presenters/knowledgePresenter';
import type { MessageJson, TicketJson } from '../../../server/presenters/schemas';
import { buildAgent } from '../../factories';
import { describeEachDatabase } from '../../helpers/databases';
import { startTestServer, type TestServer } from '../../helpers/server';

interface SuggestionsBody {
  data: Array<{ templateId: number; title: string; score: number; matched: string[]; body: string; locale: string }>;
  total: number;
  articles: Array<{ articleId: number; slug: string; title: string; visibility: string; locale: string; matched: string[] }>;
  messageId: number | null;
  locale: string;
}
interface Page<T> {
  data: T[];
  total: number;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describeEachDatabase('knowledge API', (database) => {
  let server: TestServer;
  let admin: string;
  let agent: string;
  before(async () => {
    server = await startTestServer(database);
    admin = await server.login();
    const built = await buildAgent(server.server.ctx);
    agent = await server.login(built.email, built.password);
  });
  after(async () => server?.close());

  const openTicket = async (subject: string, body: string, name: string) => {
    const response = await server.request<TicketJson>('POST', '/api/tickets', { token: admin, body: { subject, body, customer: { email: `${Math.random().toString(36).slice(2)}@customer.test`, name } } });
    expect(response.status).to.equal(201);
    return response.body;
  };
  const suggestions = async (ticketId: number, token = agent) => (await server.request<SuggestionsBody>('GET', `/api/tickets/${ticketId}/suggestions`, { token })).body;

  it('seeds the starter articles and templates of both languages on first start, once', async () => {
    const templates = await server.request<Page<TemplateJson>>('GET', '/api/templates?limit=200', { token: agent });
    expect(templates.status).to.equal(200);
    expect(templates.body.data.filter((t) => t.locale === 'en').length).to.be.at.least(20);
    expect(templates.body.data.filter((t) => t.locale === 'zh-CN').length).to.be.at.least(20);
    const forAgents = await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?limit=200', { token: agent });
    const publicOnes = await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?limit=200');
    expect(publicOnes.body.data.filter((a) => a.locale === 'zh-CN').length).to.be.at.least(12);
    expect(publicOnes.body.data.filter((a) => a.locale === 'en').length).to.be.at.least(12);
    expect(publicOnes.body.data.every((a) => a.visibility === 'public')).to.equal(true);
    expect(forAgents.body.total).to.be.greaterThan(publicOnes.body.total);

    await server.restart();
    const again = await server.request<Page<TemplateJson>>('GET', '/api/templates?limit=200', { token: agent });
    expect(again.body.total).to.equal(templates.body.total);
  });

  it('an edited or deleted seeded article is never overwritten or brought back by the files', async () => {
    const [first, second] = (await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?locale=en&limit=2', { token: agent })).body.data;
    expect((await server.request('PATCH', `/api/kb/articles/${first.id}`, { token: agent, body: { title: 'Edited by our team' } })).status).to.equal(200);
    expect((await server.request('DELETE', `/api/kb/articles/${second.id}`, { token: admin })).status).to.equal(204);
    await server.restart();
    expect((await server.request<ArticleJson>('GET', `/api/kb/articles/${first.id}`, { token: agent })).body.title).to.equal('Edited by our team');
    expect((await server.request('GET', `/api/kb/articles/${second.slug}`, { token: agent })).status).to.equal(404);
  });

  it('suggests the right template for an English ticket, rendered for it, and explains why', async () => {
    const ticket = await openTicket('Refund not received', 'Where is my refund? I returned the shoes two weeks ago and still no money back.', 'Ana Silva');
    const body = await suggestions(ticket.id);
    expect(body.locale).to.equal('en');
    expect(body.messageId).to.be.a('number');
    expect(body.data[0].title).to.equal('Refund status');
    expect(body.data[0].matched.join(' ')).to.contain('refund');
    expect(body.data[0].body).to.contain('Ana Silva').and.to.contain(`#${ticket.number}`).and.not.contain('{{');
    expect(body.total).to.equal(body.data.length);
    expect(body.articles[0].title.toLowerCase()).to.contain('refund');
  });

  it('suggests Chinese templates for a Chinese ticket', async () => {
    const ticket = await openTicket('退款还没到账', '我上周把衣服寄回去了，退款什么时候能到账？', '王芳');
    const body = await suggestions(ticket.id);
    expect(body.locale).to.equal('zh-CN');
    expect(body.data[0].locale).to.equal('zh-CN');
    expect(body.data[0].title).to.contain('退款');
    expect(body.data[0].body).to.contain('王芳');
    expect(body.articles.every((a) => a.locale === 'zh-CN')).to.equal(true);
  });

  it('ranks any text: agents get templates and internal articles, anonymous callers public articles only', async () => {
    const asAgent = await server.request<SuggestionsBody>('POST', '/api/suggestions', { token: agent, body: { text: 'The bank says I filed a chargeback for my payment' } });
    expect(asAgent.status).to.equal(200);
    expect(asAgent.body.data.length).to.be.greaterThan(0);
    expect(asAgent.body.articles.some((a) => a.visibility === 'internal')).to.equal(true);
    const anonymous = await server.request<SuggestionsBody>('POST', '/api/suggestions', { body: { text: 'The bank says I filed a chargeback for my payment' } });
    expect(anonymous.status).to.equal(200);
    expect(anonymous.body.data).to.deep.equal([]);
    expect(anonymous.body.articles.every((a) => a.visibility === 'public')).to.equal(true);
    expect(anonymous.headers.get('access-control-allow-origin')).to.equal('*');
    const empty = await server.request<ErrorBody>('POST', '/api/suggestions', { body: { text: '   ' } });
    expect(empty.status).to.equal(400);
    const badJson = await server.request<ErrorBody>('POST', '/api/suggestions', { body: '{"text": ' });
    expect(badJson.status).to.equal(400);
  });

  it('learns from an agent’s template reply; a note or a deleted template teaches nothing', async () => {
    const created = await server.request<TemplateJson>('POST', '/api/templates', {
      token: admin,
      body: { title: 'Loyalty points', locale: 'en', keywords: ['loyalty points'], examples: [], body: 'Hello {{customer.name}}, your points are on their way.' },
    });
    expect(created.status).to.equal(201);
    const question = 'My bonus stars from the spring promotion never showed up';
    const before = (await server.request<SuggestionsBody>('POST', '/api/suggestions', { token: agent, body: { text: question } })).body;
    expect(before.data[0]?.templateId).to.not.equal(created.body.id);

    const ticket = await openTicket('Bonus stars', question, 'Li');
    const note = await server.request<MessageJson>('POST', `/api/tickets/${ticket.id}/messages`, { token: agent, body: { body: 'checking', internal: true, templateId: created.body.id } });
    expect(note.status).to.equal(201);
    const reply = await server.request<MessageJson>('POST', `/api/tickets/${ticket.id}/messages`, { token: agent, body: { body: 'Hello Li, your points are on their way.', templateId: created.body.id } });
    expect(reply.body.templateId).to.equal(created.body.id);
    await server.server.ctx.events.drain();
    const learned = (await server.request<TemplateJson>('GET', `/api/templates/${created.body.id}`, { token: agent })).body;
    expect(learned.learnedExamples).to.equal(1);
    expect(learned.usageCount).to.equal(1);
    const after = (await server.request<SuggestionsBody>('POST', '/api/suggestions', { token: agent, body: { text: 'the bonus stars from the promotion are missing' } })).body;
    expect(after.data[0].templateId).to.equal(created.body.id);
    expect(after.data[0].matched).to.include('bonus stars');

    expect((await server.request('DELETE', `/api/templates/${created.body.id}`, { token: admin })).status).to.equal(204);
    const gone = (await server.request<SuggestionsBody>('POST', '/api/suggestions', { token: agent, body: { text: 'the bonus stars from the promotion are missing' } })).body;
    expect(gone.data.map((s) => s.templateId)).to.not.include(created.body.id);
    expect((await server.request('GET', `/api/templates/${created.body.id}`, { token: agent })).status).to.equal(404);
  });

  it('templates: agents read, admins write; an invalid Handlebars body is refused with the reason', async () => {
    expect((await server.request('GET', '/api/templates')).status).to.equal(401);
    const template = { title: 'Hi', locale: 'en', body: 'Hello {{customer.name}}' };
    expect((await server.request('POST', '/api/templates', { token: agent, body: template })).status).to.equal(403);
    const invalid = await server.request<ErrorBody>('POST', '/api/templates', { token: admin, body: { ...template, body: 'Hello {{#if customer.name}}friend' } });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.error.message).to.contain('not a valid template');
    const helperCall = await server.request<ErrorBody>('POST', '/api/templates', { token: admin, body: { ...template, body: '{{exec "rm -rf /"}}' } });
    expect(helperCall.status).to.equal(400);
    const created = await server.request<TemplateJson>('POST', '/api/templates', { token: admin, body: { ...template, keywords: [' hi ', 'hi', ''], examples: ['hello there'] } });
    expect(created.status).to.equal(400);
    const ok = await server.request<TemplateJson>('POST', '/api/templates', { token: admin, body: { ...template, keywords: [' hi ', 'hi'], examples: ['hello there'] } });
    expect(ok.body.keywords).to.deep.equal(['hi']);
    const patched = await server.request<TemplateJson>('PATCH', `/api/templates/${ok.body.id}`, { token: admin, body: { title: 'Greeting' } });
    expect(patched.body.title).to.equal('Greeting');
    expect((await server.request('PATCH', `/api/templates/${ok.body.id}`, { token: agent, body: { title: 'x' } })).status).to.equal(403);
  });

  it('articles: written by agents with revisions, slug conflicts refused, internal ones hidden from customers, HTML sanitised', async () => {
    const article = { title: 'Gift wrapping', body: '## Options\n\n- Paper\n- Box\n\n<script>alert(1)</script><img src=x onerror="alert(1)">', category: 'orders', keywords: ['gift wrap'], visibility: 'public', locale: 'en' };
    expect((await server.request('POST', '/api/kb/articles', { body: article })).status).to.equal(401);
    const created = await server.request<ArticleJson>('POST', '/api/kb/articles', { token: agent, body: article });
    expect(created.status).to.equal(201);
    expect(created.body.slug).to.equal('gift-wrapping');
    expect(created.body.html).to.contain('<h2>Options</h2>').and.to.contain('<li>Paper</li>');
    expect(created.body.html).to.not.contain('<script').and.not.contain('onerror');
    expect((await server.request<ErrorBody>('POST', '/api/kb/articles', { token: agent, body: article })).status).to.equal(409);

    const edited = await server.request<ArticleJson>('PATCH', `/api/kb/articles/${created.body.id}`, { token: agent, body: { body: 'We wrap gifts for free.', visibility: 'internal' } });
    expect(edited.body.revision).to.equal(2);
    const revisions = await server.request<Page<{ revision: number; body: string }>>('GET', `/api/kb/articles/${created.body.id}/revisions`, { token: agent });
    expect(revisions.body.data.map((r) => r.revision)).to.deep.equal([2, 1]);
    expect(revisions.body.data[1].body).to.contain('## Options');

    expect((await server.request('GET', '/api/kb/articles/gift-wrapping')).status).to.equal(404);
    expect((await server.request('GET', `/api/kb/articles/${created.body.id}`)).status).to.equal(404);
    expect((await server.request('GET', '/api/kb/articles/gift-wrapping', { token: agent })).status).to.equal(200);
    const search = await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?q=gift+wrapping');
    expect(search.body.data.map((a) => a.id)).to.not.include(created.body.id);
    const agentSearch = await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?q=gift+wrapping', { token: agent });
    expect(agentSearch.body.data[0].id).to.equal(created.body.id);
    expect(agentSearch.body.data[0].matched).to.include('gift wrapping');
  });

  it('searches articles in English and Chinese, with locale and category filters', async () => {
    const english = await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?q=how+do+I+reset+my+password&locale=en');
    expect(english.body.data[0].category).to.equal('account');
    expect(english.body.data[0].score).to.be.a('number');
    const chinese = await server.request<Page<ArticleJson>>('GET', `/api/kb/articles?q=${encodeURIComponent('怎么开增值税专用发票')}`);
    expect(chinese.body.data[0].locale).to.equal('zh-CN');
    expect(chinese.body.data[0].category).to.equal('invoices');
    const filtered = await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?q=refund&category=refunds&locale=en');
    expect(filtered.body.total).to.be.greaterThan(0);
    expect(filtered.body.data.every((a) => a.category === 'refunds')).to.equal(true);
    const categories = await server.request<{ data: Array<{ category: string; count: number }> }>('GET', '/api/kb/categories?locale=zh-CN');
    expect(categories.body.data.map((c) => c.category)).to.include.members(['orders', 'delivery', 'returns', 'refunds', 'payments', 'account', 'invoices']);
  });

  it('counts "was this helpful?" once per voter, lets a voter change their mind, and refuses internal articles', async () => {
    const [article] = (await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?locale=en&category=delivery&limit=1')).body.data;
    const vote = (helpful: boolean, voterId: string) => server.request<{ helpful: { yes: number; no: number } }>('POST', `/api/kb/articles/${article.id}/feedback`, { body: { helpful, voterId } });
    expect((await vote(true, 'reader-one-aaaaaaaa')).body.helpful).to.deep.equal({ yes: 1, no: 0 });
    expect((await vote(true, 'reader-one-aaaaaaaa')).body.helpful).to.deep.equal({ yes: 1, no: 0 });
    expect((await vote(false, 'reader-two-bbbbbbbb')).body.helpful).to.deep.equal({ yes: 1, no: 1 });
    expect((await vote(false, 'reader-one-aaaaaaaa')).body.helpful).to.deep.equal({ yes: 0, no: 2 });
    expect((await server.request<ArticleJson>('GET', `/api/kb/articles/${article.slug}`)).body.helpful).to.deep.equal({ yes: 0, no: 2 });
    expect((await server.request('POST', `/api/kb/articles/${article.id}/feedback`, { body: { helpful: 'yes' } })).status).to.equal(400);
    const internal = (await server.request<Page<ArticleJson>>('GET', '/api/kb/articles?limit=200', { token: agent })).body.data.find((a) => a.visibility === 'internal');
    expect((await server.request('POST', `/api/kb/articles/${internal?.id}/feedback`, { body: { helpful: true } })).status).to.equal(404);
  });
});
