/** Templates, articles and suggestions as JSON (schemas shared with the OpenAPI description). */
import { z } from 'zod';
import type { Config } from '../config';
import { renderMarkdown } from '../knowledge/markdown';
import { articleLocales, articleVisibilities } from '../models/KbArticle';
import type { KbArticleRevision } from '../models/KbArticleRevision';
import type { ReplyTemplate } from '../models/ReplyTemplate';
import type { ArticleHit } from '../services/articleService';
import { htmlToText } from '../util/html';

const timestamp = z.string().describe('ISO 8601 time');

export const templateSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    body: z.string().describe('Handlebars: {{customer.name}}, {{ticket.number}}, {{agent.name}}, {{company.name}} …'),
    keywords: z.array(z.string()),
    examples: z.array(z.string()).describe('customer messages this template answers'),
    locale: z.string(),
    usageCount: z.number().int().describe('replies sent with it'),
    learnedExamples: z.number().int().describe('customer messages learned from replies made with it'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'ReplyTemplate' });

export const articleSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    body: z.string().describe('Markdown'),
    html: z.string().describe('the body rendered and sanitised'),
    excerpt: z.string(),
    category: z.string(),
    keywords: z.array(z.string()),
    visibility: z.enum(articleVisibilities),
    locale: z.enum(articleLocales),
    revision: z.number().int(),
    helpful: z.object({ yes: z.number().int(), no: z.number().int() }),
    url: z.string().describe('the article in the portal'),
    score: z.number().optional().describe('search only: how well it matched'),
    matched: z.array(z.string()).optional().describe('search only: the words it matched on'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Article' });

export const revisionSchema = z
  .object({ revision: z.number().int(), title: z.string(), body: z.string(), category: z.string(), keywords: z.array(z.string()), visibility: z.string(), locale: z.string(), editedById: z.number().int().nullable(), createdAt: timestamp })
  .meta({ id: 'ArticleRevision' });

export const suggestionSchema = z
  .object({
    templateId: z.number().int(),
    title: z.string(),
    score: z.number(),
    matched: z.array(z.string()).describe('the words of the message it matched on'),
    body: z.string().describe('the template rendered for this ticket'),
    locale: z.string(),
  })
  .meta({ id: 'Suggestion' });

export const articleSuggestionSchema = z
  .object({ articleId: z.number().int(), slug: z.string(), title: z.string(), score: z.number(), matched: z.array(z.string()), visibility: z.string(), locale: z.string() })
  .meta({ id: 'ArticleSuggestion' });

export const suggestionsSchema = z
  .object({
    data: z.array(suggestionSchema),
    total: z.number().int(),
    articles: z.array(articleSuggestionSchema),
    messageId: z.number().int().nullable().describe('the customer message ranked for'),
    locale: z.string(),
  })
  .meta({ id: 'Suggestions' });

export type TemplateJson = z.infer<typeof templateSchema>;
export type ArticleJson = z.infer<typeof articleSchema>;

export function presentTemplate(template: ReplyTemplate, learned: number): TemplateJson {
  return {
    id: template.id,
    title: template.title,
    body: template.body,
    keywords: template.keywords,
    examples: template.examples,
    locale: template.locale,
    usageCount: template.usageCount,
    learnedExamples: learned,
    createdAt: template.createdAt.toISOString(),
    updatedAt: template.updatedAt.toISOString(),
  };
}

function excerptOf(html: string): string {
  const text = htmlToText(html).replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

export function presentArticle(config: Config, { article, match }: ArticleHit): ArticleJson {
  const html = renderMarkdown(article.body);
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    body: article.body,
    html,
    excerpt: excerptOf(html),
    category: article.category,
    keywords: article.keywords,
    visibility: article.visibility,
    locale: article.locale,
    revision: article.revision,
    helpful: { yes: article.helpfulYes, no: article.helpfulNo },
    url: `${config.publicUrl}/kb/${article.slug}`,
    ...(match ? { score: match.score, matched: match.matched } : {}),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
  };
}

export function presentRevision(revision: KbArticleRevision): z.infer<typeof revisionSchema> {
  const { title, body, category, keywords, visibility, locale, editedById } = revision;
  return { revision: revision.revision, title, body, category, keywords, visibility, locale, editedById, createdAt: revision.createdAt.toISOString() };
}
