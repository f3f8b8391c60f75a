/**
 * The knowledge features of the console in Chromium, against the real server: suggestions beside
 * a ticket (English and Chinese) and what the server learns from a reply made with one, the
 * templates page (a broken Handlebars body is refused), and writing a knowledge-base article.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Ticket } from '../../server/models/Ticket';
import { appendMessage, type MessageFields } from '../../server/services/messageService';
import { useConsoleSession } from '../helpers/consoleSession';
import { describeEachDatabase } from '../helpers/databases';
import type { TestServer } from '../helpers/server';

interface TicketJson {
  id: number;
  number: number;
  messages: Array<{ id: number; authorType: string; body: string; internal: boolean; templateId: number | null }>;
}

describeEachDatabase('knowledge features in the console (Chromium)', (database) => {
  const session = useConsoleSession(database, 'knowledge');
  const shot = (name: string) => session.shot(name);
  // This test's page and the suite's server, by their short names (the session sets them up).
  let server: TestServer;
  let page: Page;
  let token: string;
  /** When this test's page logged in: its live connection is one opened after that. */
  let loggedInAt = 0;
  beforeEach(async () => {
    ({ server, page, token } = session);
    loggedInAt = Date.now();
    await session.logIn();
  });

  async function createTicket(subject: string, body: string, customer: { email: string; name: string }): Promise<TicketJson> {
    const response = await server.request<TicketJson>('POST', '/api/tickets', { token, body: { subject, body, customer } });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body;
  }

  /** Waits until the page's live connection (Socket.IO /agent) is up, so it gets the next events. */
  async function liveConnection(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (![...server.server.realtime.agents.sockets.values()].some((socket) => socket.handshake.issued >= loggedInAt)) {
      if (Date.now() > deadline) throw new Error('the console did not connect to /agent');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits (briefly) until the template has learned from a reply. */
  async function learnedExamples(templateId: number, atLeast: number): Promise<number> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await server.request<{ learnedExamples: number }>('GET', `/api/templates/${templateId}`, { token });
      if (body.learnedExamples >= atLeast || Date.now() > deadline) return body.learnedExamples;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Opens the ticket, checks the best suggestion, inserts it, sends it; returns the template's id. */
  async function replyWithBestSuggestion(ticket: TicketJson, expected: { title: string; name: string; matched: RegExp }, shotName: string): Promise<number> {
    await page.goto(`${server.url}/#/tickets/${ticket.id}`);
    const best = page.locator('[data-testid="suggestions"] [data-testid="suggestion-item"]').first();
    await best.waitFor();
    expect(await best.locator('.suggestion-title').textContent()).to.equal(expected.title);
    const matched = await best.locator('[data-testid="suggestion-matched"]').allTextContents();
    expect(matched.some((word) => expected.matched.test(word)), `matched: ${matched.join(', ')}`).to.equal(true);
    const templateId = Number(await best.getAttribute('data-template-id'));

    const reply = page.locator('[data-testid="reply-body"]');
    expect(await reply.inputValue()).to.equal('');
    await best.locator('[data-testid="suggestion-insert"]').click();
    const draft = await reply.inputValue();
    expect(draft).to.contain(expected.name).and.contain(String(ticket.number));
    expect(draft).not.to.contain('{{');
    await page.locator('[data-testid="reply-template"]', { hasText: expected.title }).waitFor();
    await shot(shotName);

    await page.click('[data-testid="send-reply"]');
    await page.locator('[data-testid="message"].from-agent', { hasText: draft.split('\n')[0] }).waitFor();
    expect(await reply.inputValue()).to.equal('');

    const stored = await server.request<TicketJson>('GET', `/api/tickets/${ticket.id}`, { token });
    const sent = stored.body.messages.filter((m) => m.authorType === 'agent' && !m.internal);
    expect(sent).to.have.length(1);
    expect(sent[0].templateId).to.equal(templateId);
    expect(sent[0].body).to.equal(draft.trim());
    return templateId;
  }

  it('suggests "Refund status" for an English refund question; the inserted reply is sent with its template, which learns from it', async () => {
    const ticket = await createTicket('Refund not received', 'Where is my refund? I returned the shoes two weeks ago.', { email: 'ana@customer.test', name: 'Ana' });
    const templateId = await replyWithBestSuggestion(ticket, { title: 'Refund status', name: 'Ana', matched: /refund/i }, 'ticket-en');
    expect(await learnedExamples(templateId, 1)).to.be.at.least(1);

    // The articles found for the message are listed too, public ones linking to the portal.
    const articles = page.locator('[data-testid="suggestion-article"]');
    expect(await articles.count()).to.be.greaterThan(0);
    const publicLink = articles.locator('a[target="_blank"]').first();
    expect(await publicLink.getAttribute('href')).to.match(/^\/kb\/[a-z0-9-]+$/);

    // At phone width the suggestions follow the conversation and nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-testid="suggestions"]').scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).to.equal(true);
    await shot('ticket-phone');
  });

  it('suggests a Chinese template for a Chinese refund question, in the Chinese console', async () => {
    const ticket = await createTicket('退款还没到账', '我上周退货了，退款什么时候到账？', { email: 'lina@customer.test', name: '李娜' });
    await page.click('[data-testid="locale-switch"]');
    await page.getByRole('link', { name: '知识库' }).waitFor();
    const templateId = await replyWithBestSuggestion(ticket, { title: '退款进度查询', name: '李娜', matched: /退款/ }, 'ticket-zh');
    const template = await server.request<{ locale: string }>('GET', `/api/templates/${templateId}`, { token });
    expect(template.body.locale).to.equal('zh-CN');
    expect(await learnedExamples(templateId, 1)).to.be.at.least(1);
  });

  it('ranks the suggestions again when the customer writes again, and marks an automatic message', async () => {
    const ticket = await createTicket('Refund', 'Where is my refund? I returned the shoes two weeks ago.', { email: 'again@customer.test', name: 'Gus' });
    // Opened without reloading the page, which keeps its live connection.
    await page.evaluate((id) => (location.hash = `#/tickets/${id}`), ticket.id);
    await liveConnection();
    const best = page.locator('[data-testid="suggestion-item"]').first();
    await best.filter({ hasText: 'Refund status' }).waitFor();

    const append = async (fields: MessageFields) => {
      const ctx = server.server.ctx;
      await ctx.transactions.run(async (transaction) => {
        const row = await Ticket.findByPk(ticket.id, { transaction });
        await appendMessage(ctx, transaction, row as Ticket, fields);
      });
    };
    await append({ direction: 'outbound', authorType: 'system', authorId: null, body: 'We received your request.', automatic: true });
    const automatic = page.locator('[data-testid="message"]', { hasText: 'We received your request.' });
    await automatic.locator('[data-testid="message-automatic"]', { hasText: 'Automatic' }).waitFor();
    expect(await page.locator('[data-testid="message-automatic"]').count()).to.equal(1);

    await append({ direction: 'inbound', authorType: 'customer', authorId: null, body: 'Also, I forgot my password and the reset email never arrives.' });
    await page.locator('[data-testid="message"]', { hasText: 'I forgot my password' }).waitFor();
    await best.filter({ hasText: 'Password reset' }).waitFor();
  });

  it('inserts a template that was not suggested from the picker, with the placeholders filled in', async () => {
    const ticket = await createTicket('Invoice please', 'Could you send me an invoice for my last order?', { email: 'ivo@customer.test', name: 'Ivo' });
    await page.goto(`${server.url}/#/tickets/${ticket.id}`);
    await page.locator('[data-testid="suggestion-item"]').first().waitFor();
    await page.fill('[data-testid="reply-body"]', 'Hi Ivo,');
    await page.click('[data-testid="template-picker"]');
    await page.getByLabel('Search templates').fill('Password');
    const item = page.locator('[data-testid="template-picker-item"]', { hasText: 'Password' }).first();
    await item.waitFor();
    // The picker starts in the customer's language.
    expect(await page.locator('[data-testid="template-picker-list"] select').inputValue()).to.equal('en');
    await shot('template-picker');
    await item.click();
    const draft = await page.locator('[data-testid="reply-body"]').inputValue();
    // Appended after a blank line, with this ticket's values in place of the placeholders.
    expect(draft.startsWith('Hi Ivo,\n\n')).to.equal(true);
    expect(draft).to.contain(String(ticket.number)).and.contain('Ivo');
    expect(draft).not.to.contain('{{customer.name}}');
    expect(draft).not.to.contain('{{ticket.number}}');
    // The company name is not known to the console: the agent is told to fill it in.
    await page.locator('[data-testid="reply-unfilled"]', { hasText: '{{company.name}}' }).waitFor();
    // Emptying the box forgets the template.
    await page.fill('[data-testid="reply-body"]', '');
    expect(await page.locator('[data-testid="reply-template"]').count()).to.equal(0);
  });

  it('templates page: a broken Handlebars body is refused with the reason; a good one is saved; auto answers can be set', async () => {
    await page.click('[data-testid="nav-templates"]');
    await page.locator('[data-testid="template-row"]', { hasText: 'Refund status' }).first().waitFor();

    await page.click('[data-testid="template-new"]');
    const editor = page.locator('[data-testid="template-editor"]');
    await editor.getByLabel('Title').fill('Gift wrapping');
    await editor.getByLabel('Keywords (comma-separated)').fill('gift wrap, gift message');
    await editor.getByLabel('Example customer messages (one per line)').fill('Can you gift wrap my order?\nCan I add a gift message?');
    await editor.getByLabel('Reply text').fill('{{#if customer.name}}Hello {{customer.name}}, we can wrap it.');
    await editor.locator('[data-testid="template-save"]').click();
    const refused = editor.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).to.contain('not a valid template');
    await shot('template-invalid');
    const none = await server.request<{ total: number }>('GET', '/api/templates?q=Gift%20wrapping', { token });
    expect(none.body.total).to.equal(0);

    await editor.getByLabel('Reply text').fill('{{#if customer.name}}Hello {{customer.name}},{{else}}Hello,{{/if}}\n\nYes, we can wrap ticket #{{ticket.number}}.');
    await editor.locator('[data-testid="template-save"]').click();
    await editor.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.locator('[data-testid="template-row"]', { hasText: 'Gift wrapping' }).waitFor();
    const saved = await server.request<{ data: Array<{ keywords: string[]; examples: string[]; locale: string }> }>('GET', '/api/templates?q=Gift%20wrapping', { token });
    expect(saved.body.data).to.have.length(1);
    expect(saved.body.data[0].keywords).to.deep.equal(['gift wrap', 'gift message']);
    expect(saved.body.data[0].examples).to.deep.equal(['Can you gift wrap my order?', 'Can I add a gift message?']);
    expect(saved.body.data[0].locale).to.equal('en');

    const auto = page.locator('[data-testid="auto-answer"]');
    await auto.getByLabel('Send automatic first answers').check();
    await auto.getByLabel('Minimum score (0.05–1)').fill('0.6');
    await auto.getByRole('button', { name: 'Save' }).click();
    await auto.getByRole('status').waitFor();
    const settings = await server.request('GET', '/api/settings/suggestions', { token });
    expect(settings.body).to.deep.equal({ autoAnswer: { enabled: true, minScore: 0.6 } });
    await shot('templates');
  });

  /**
   * Types into the editor's title the moment it appears (from a MutationObserver, before the
   * browser paints), then waits: a form that resets itself after its first paint loses the text.
   */
  async function typeTitleAsSoonAsShown(editorTestId: string, open: string): Promise<string> {
    const script = `new Promise((resolve) => {
      const selector = '[data-testid="${editorTestId}"] input[name="title"]';
      const observer = new MutationObserver(() => {
        const input = document.querySelector(selector);
        if (!input) return;
        observer.disconnect();
        input.value = 'Typed at once';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        setTimeout(() => resolve(document.querySelector(selector).value), 400);
      });
      observer.observe(document.body, { childList: true, subtree: true });
      ${open}
    })`;
    return page.evaluate(script) as Promise<string>;
  }

  it('keeps a title typed the moment a new template or article opens', async () => {
    await page.click('[data-testid="nav-templates"]');
    await page.locator('[data-testid="template-row"]').first().waitFor();
    expect(await typeTitleAsSoonAsShown('template-editor', `document.querySelector('[data-testid="template-new"]').click();`)).to.equal('Typed at once');
    await page.click('[data-testid="nav-kb"]');
    await page.locator('[data-testid="article-row"]').first().waitFor();
    expect(await typeTitleAsSoonAsShown('article-editor', `location.hash = '#/kb/new';`)).to.equal('Typed at once');
  });

  it('an agent (not an admin) reads templates without edit controls and sees no automatic-answer setting', async () => {
    const agent = { name: 'Reading Agent', email: 'reader@example.test', password: 'reader-password-1' };
    const created = await server.request('POST', '/api/agents', { token, body: { ...agent, role: 'agent' } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    await page.click('[data-testid="logout"]');
    await page.fill('input[name="email"]', agent.email);
    await page.fill('input[name="password"]', agent.password);
    await page.click('[data-testid="login-submit"]');
    await page.click('[data-testid="nav-templates"]');
    await page.locator('[data-testid="template-row"]', { hasText: 'Refund status' }).first().click();
    const editor = page.locator('[data-testid="template-editor"]');
    await editor.waitFor();
    expect(await editor.getByLabel('Title').inputValue()).to.equal('Refund status');
    expect(await editor.getByLabel('Title').isDisabled()).to.equal(true);
    expect(await editor.locator('[data-testid="template-save"]').count()).to.equal(0);
    expect(await page.locator('[data-testid="template-new"]').count()).to.equal(0);
    expect(await page.locator('[data-testid="auto-answer"]').count()).to.equal(0);
  });

  it('knowledge base: writes an article with a preview, edits it, and shows revision 2 in its history', async () => {
    await page.click('[data-testid="nav-kb"]');
    await page.locator('[data-testid="article-row"]').first().waitFor();
    await page.click('[data-testid="article-new"]');
    const editor = page.locator('[data-testid="article-editor"]');
    await editor.getByLabel('Title').fill('Gift wrapping and gift messages');
    await editor.getByLabel('Category').fill('orders');
    await editor.getByLabel('Keywords (comma-separated)').fill('gift wrap, gift message');
    await editor.getByLabel('Article text (Markdown)').fill('## Gift wrap\n\nWe **wrap** any order for free.\n\n- Add a message\n- Choose paper');
    await editor.locator('[data-testid="article-preview-tab"]').click();
    const preview = editor.locator('[data-testid="article-preview"]');
    expect(await preview.locator('h2').textContent()).to.equal('Gift wrap');
    expect(await preview.locator('strong').textContent()).to.equal('wrap');
    expect(await preview.locator('li').allTextContents()).to.deep.equal(['Add a message', 'Choose paper']);
    await editor.locator('[data-testid="article-save"]').click();
    await editor.locator('[data-testid="article-revision-number"]', { hasText: 'Revision 1' }).waitFor();
    const id = Number(/#\/kb\/(\d+)/.exec(page.url())?.[1]);
    expect(id).to.be.greaterThan(0);

    await editor.getByRole('tab', { name: 'Write' }).click();
    await editor.getByLabel('Article text (Markdown)').fill('## Gift wrap\n\nWe **wrap** any order for free, with a card.');
    await editor.locator('[data-testid="article-save"]').click();
    await editor.locator('[data-testid="article-revision-number"]', { hasText: 'Revision 2' }).waitFor();
    await page.locator('[data-testid="article-revision"][data-revision="2"]').waitFor();
    expect(await page.locator('[data-testid="article-revision"]').count()).to.equal(2);
    expect(await editor.locator('[data-testid="article-public-link"]').getAttribute('href')).to.match(/\/kb\/gift-wrapping-and-gift-messages$/);
    expect(await editor.locator('[data-testid="article-facts"]').textContent()).to.contain('Helpful: 0 yes · 0 no');

    const stored = await server.request<{ body: string; revision: number; slug: string; category: string }>('GET', `/api/kb/articles/${id}`, { token });
    expect(stored.body).to.include({ revision: 2, slug: 'gift-wrapping-and-gift-messages', category: 'orders' });
    expect(stored.body.body).to.contain('with a card');
    const revisions = await server.request<{ total: number }>('GET', `/api/kb/articles/${id}/revisions`, { token });
    expect(revisions.body.total).to.equal(2);

    // A search ranks it first.
    await page.getByLabel('Search articles').fill('gift wrapping');
    await page.locator('[data-testid="article-row"]').first().filter({ hasText: 'Gift wrapping and gift messages' }).waitFor();
    await shot('kb');

    // At phone width the open article takes the page, with a way back to the list.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.back-to-list').waitFor();
    expect(await page.locator('[data-testid="article-list"]').isVisible()).to.equal(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).to.equal(true);
    await shot('kb-phone');
  });
});
