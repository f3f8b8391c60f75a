/**
 * Suggested answers: the templates (rendered for the ticket) and articles that best match the
 * customer's latest message, and learning from what agents pick. Also decides the automatic
 * first answer of a new email ticket when an admin has turned it on.
 */
import { Op, UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import type { AppContext } from '../context';
import { detectLocale } from '../knowledge/textAnalysis';
import { renderTemplate, type TemplateContext } from '../knowledge/templateRenderer';
import type { Ranked } from '../knowledge/suggestionEngine';
import { Customer } from '../models/Customer';
import { KbArticle } from '../models/KbArticle';
import { Message } from '../models/Message';
import { ReplyTemplate } from '../models/ReplyTemplate';
import { Setting } from '../models/Setting';
import { TemplateExample } from '../models/TemplateExample';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { recordAudit } from './auditService';
import { emailsByCustomer } from './customerService';
import { getVisibleTicket } from './ticketAccess';

export interface TemplateSuggestion {
  templateId: number;
  title: string;
  score: number;
  matched: string[];
  body: string;
  locale: string;
}

export interface ArticleSuggestion {
  articleId: number;
  slug: string;
  title: string;
  score: number;
  matched: string[];
  visibility: string;
  locale: string;
}

export interface Suggestions {
  data: TemplateSuggestion[];
  articles: ArticleSuggestion[];
  /** The message the ranking was made for (null: none from the customer yet), and its language. */
  messageId: number | null;
  locale: string;
}

export const suggestionSettingsSchema = z
  .object({
    autoAnswer: z
      .object({
        enabled: z.boolean().describe('answer a new email ticket with the best template when it scores high enough'),
        minScore: z.number().min(0.05).max(1).describe('the score the best template must reach (0.05–1)'),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'SuggestionSettings' });
export type SuggestionSettings = z.infer<typeof suggestionSettingsSchema>;

const SETTINGS_KEY = 'suggestions';
const DEFAULT_SETTINGS: SuggestionSettings = { autoAnswer: { enabled: false, minScore: 0.5 } };
/** The text ranked for a message: enough to hold the question, bounded for speed. */
const MAX_QUERY_CHARS = 4000;

export async function readSuggestionSettings(): Promise<SuggestionSettings> {
  const row = await Setting.findByPk(SETTINGS_KEY);
  if (!row) return DEFAULT_SETTINGS;
  const parsed = suggestionSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function saveSuggestionSettings(ctx: AppContext, actor: Actor, settings: SuggestionSettings): Promise<SuggestionSettings> {
  await ctx.transactions.run(async (transaction) => {
    await Setting.upsert({ key: SETTINGS_KEY, value: JSON.stringify(settings) }, { transaction });
    await recordAudit(transaction, { actor, action: 'settings.suggestions', entityType: 'setting', entityId: 0, changes: settings });
  });
  return settings;
}

async function templateContext(ctx: AppContext, ticket: Ticket, agent: { name: string | null; email: string | null }): Promise<TemplateContext> {
  const [customer, emails] = await Promise.all([Customer.findByPk(ticket.customerId, { attributes: ['id', 'name'] }), emailsByCustomer([ticket.customerId])]);
  return {
    customer: { name: customer?.name ?? null, email: emails.get(ticket.customerId)?.[0] ?? ticket.contactEmail ?? null },
    ticket: { number: ticket.number, subject: ticket.subject },
    agent,
    company: { name: ctx.config.COMPANY_NAME },
  };
}

async function presentRanked(templates: Ranked[], articles: Ranked[], context: TemplateContext | null): Promise<Pick<Suggestions, 'data' | 'articles'>> {
  const [templateRows, articleRows] = await Promise.all([
    templates.length ? ReplyTemplate.findAll({ where: { id: templates.map((r) => r.id), deletedAt: null } }) : [],
    articles.length ? KbArticle.findAll({ where: { id: articles.map((r) => r.id), deletedAt: null }, attributes: ['id', 'slug', 'title', 'visibility', 'locale'] }) : [],
  ]);
  const templateById = new Map(templateRows.map((row) => [row.id, row]));
  const articleById = new Map(articleRows.map((row) => [row.id, row]));
  return {
    data: templates.flatMap((hit) => {
      const template = templateById.get(hit.id);
      if (!template) return [];
      return [{ templateId: template.id, title: template.title, score: hit.score, matched: hit.matched, locale: template.locale, body: context ? renderTemplate(template.body, context) : template.body }];
    }),
    articles: articles.flatMap((hit) => {
      const article = articleById.get(hit.id);
      return article ? [{ articleId: article.id, slug: article.slug, title: article.title, score: hit.score, matched: hit.matched, visibility: article.visibility, locale: article.locale }] : [];
    }),
  };
}

async function rankBoth(ctx: AppContext, text: string, locale: string, options: { publicOnly: boolean; limit: number }) {
  const query = text.slice(0, MAX_QUERY_CHARS);
  return Promise.all([
    ctx.knowledge.rank(query, { kinds: ['template'], locale, limit: options.limit }),
    ctx.knowledge.rank(query, { kinds: ['article'], locale, limit: Math.min(options.limit, 5), publicOnly: options.publicOnly }),
  ]);
}

/** The customer's latest words on the ticket: their last message (with the subject, when it is the first). */
async function latestCustomerText(ticket: Ticket): Promise<{ message: Message | null; text: string }> {
  const message = await Message.findOne({ where: { ticketId: ticket.id, authorType: 'customer', internal: false, autoKind: null }, order: [['id', 'DESC']] });
  if (!message) return { message: null, text: ticket.subject };
  const first = await Message.findOne({ where: { ticketId: ticket.id }, order: [['id', 'ASC']], attributes: ['id'] });
  return { message, text: first?.id === message.id ? `${ticket.subject}\n${message.body}` : message.body };
}

export async function suggestForTicket(ctx: AppContext, actor: Actor, ticketId: number, limit = 5): Promise<Suggestions> {
  const ticket = await getVisibleTicket(actor, ticketId);
  const { message, text } = await latestCustomerText(ticket);
  const locale = detectLocale(text);
  const [templates, articles] = await rankBoth(ctx, text, locale, { publicOnly: false, limit });
  const context = await templateContext(ctx, ticket, { name: actor.agent.name, email: actor.agent.email });
  return { ...(await presentRanked(templates, articles, context)), messageId: message?.id ?? null, locale };
}

/** Any text: agents get templates (unrendered placeholders) and all articles; customers public articles only. */
export async function suggestForText(ctx: AppContext, actor: Actor | null, text: string, locale: string | undefined, limit = 5): Promise<Suggestions> {
  const language = locale ?? detectLocale(text);
  const [templates, articles] = await rankBoth(ctx, text, language, { publicOnly: !actor, limit });
  return { ...(await presentRanked(actor ? templates : [], articles, null)), messageId: null, locale: language };
}

/**
 * An agent's public reply built from a template: the customer message it answered becomes one
 * more example of that template (a processor of `message.created`).
 */
export async function learnFromReply(ctx: AppContext, replyId: number): Promise<boolean> {
  const reply = await Message.findByPk(replyId);
  if (!reply?.templateId || reply.authorType !== 'agent' || reply.internal || reply.automatic) return false;
  const template = await ReplyTemplate.findOne({ where: { id: reply.templateId, deletedAt: null }, attributes: ['id'] });
  if (!template) return false;
  const answered = await Message.findOne({
    where: { ticketId: reply.ticketId, authorType: 'customer', internal: false, autoKind: null, id: { [Op.lt]: replyId } },
    order: [['id', 'DESC']],
  });
  if (!answered?.body.trim()) return false;
  try {
    await ctx.transactions.run(async (transaction) => {
      await TemplateExample.create({ templateId: template.id, messageId: answered.id, text: answered.body.slice(0, MAX_QUERY_CHARS) }, { transaction });
      // Usage is not an edit: `silent` keeps updatedAt, so nodes do not re-index the template for it.
      await ReplyTemplate.increment('usageCount', { where: { id: template.id }, transaction, silent: true });
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) return false;
    throw error;
  }
  await ctx.knowledge.sync();
  return true;
}

/**
 * The automatic first answer of a new email ticket: the best template for the customer's mail,
 * rendered, when automatic answers are on and it scores at least the threshold; else null.
 */
export async function chooseAutoAnswer(ctx: AppContext, ticket: Ticket, first: Message): Promise<{ body: string; templateId: number } | null> {
  const settings = await readSuggestionSettings();
  if (!settings.autoAnswer.enabled) return null;
  const text = `${ticket.subject}\n${first.body}`;
  const [best] = await ctx.knowledge.rank(text.slice(0, MAX_QUERY_CHARS), { kinds: ['template'], locale: detectLocale(text), limit: 1 });
  if (!best || best.score < settings.autoAnswer.minScore) return null;
  const template = await ReplyTemplate.findOne({ where: { id: best.id, deletedAt: null } });
  if (!template) return null;
  const context = await templateContext(ctx, ticket, { name: ctx.config.COMPANY_NAME, email: ctx.config.mailFrom ?? null });
  return { body: renderTemplate(template.body, context), templateId: template.id };
}
