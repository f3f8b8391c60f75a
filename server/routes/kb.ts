import { z } from 'zod';
import type { Config } from '../config';
import { perMinuteLimit } from '../http/rateLimit';
import { defineRoute } from '../http/route';
import { articleLocales, articleVisibilities } from '../models/KbArticle';
import { articleSchema, presentArticle, presentRevision, revisionSchema } from '../presenters/knowledgePresenter';
import { listOf } from '../presenters/schemas';
import { articleCategories, createArticle, deleteArticle, getArticle, listArticles, listRevisions, recordFeedback, updateArticle } from '../services/articleService';
import { idParams, paging } from './common';

const articleBody = z.object({
  title: z.string().trim().min(1).max(300),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and hyphens')
    .max(160)
    .optional()
    .describe('made from the title when left out'),
  body: z.string().trim().min(1).max(200_000).describe('Markdown'),
  category: z.string().trim().min(1).max(60),
  keywords: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  visibility: z.enum(articleVisibilities).default('public'),
  locale: z.enum(articleLocales),
});

export function kbRoutes(config: Config) {
  const publicLimit = perMinuteLimit(config.PUBLIC_RATE_PER_MINUTE, 'Too many requests: wait a moment', { exemptAgents: true });
  return [
    defineRoute({
      method: 'get',
      path: '/kb/articles',
      summary: 'Knowledge-base articles, or a search (`q`) in English or Chinese: public ones for everyone, all for agents',
      tag: 'knowledge base',
      access: 'optional',
      middleware: [publicLimit],
      query: z.object({
        q: z.string().trim().max(500).optional(),
        locale: z.enum(articleLocales).optional(),
        category: z.string().trim().max(60).optional(),
        ...paging,
      }),
      responses: { 200: { description: 'Articles (best match first when searching)', schema: listOf(articleSchema) } },
      handler: async ({ ctx, actor, query }) => {
        const { hits, total } = await listArticles(ctx, actor, query);
        return { body: { data: hits.map((hit) => presentArticle(config, hit)), total } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/kb/categories',
      summary: 'Article categories with their number of articles',
      tag: 'knowledge base',
      access: 'optional',
      middleware: [publicLimit],
      query: z.object({ locale: z.enum(articleLocales).optional() }),
      responses: { 200: { description: 'Categories', schema: z.object({ data: z.array(z.object({ category: z.string(), count: z.number().int() })) }) } },
      handler: async ({ actor, query }) => ({ body: { data: await articleCategories(actor, query.locale) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/kb/articles/:idOrSlug',
      summary: 'One article, by id or slug (an internal one only for agents)',
      tag: 'knowledge base',
      access: 'optional',
      middleware: [publicLimit],
      params: z.object({ idOrSlug: z.string().trim().min(1).max(160) }),
      responses: { 200: { description: 'The article', schema: articleSchema }, 404: { description: 'No such article' } },
      handler: async ({ actor, params }) => ({ body: presentArticle(config, { article: await getArticle(actor, params.idOrSlug), match: null }) }),
    }),
    defineRoute({
      method: 'post',
      path: '/kb/articles',
      summary: 'Write an article',
      tag: 'knowledge base',
      access: 'agent',
      body: articleBody,
      responses: { 201: { description: 'Created', schema: articleSchema }, 409: { description: 'The slug is taken' } },
      handler: async ({ ctx, actor, body }) => ({ status: 201, body: presentArticle(config, { article: await createArticle(ctx, actor, body), match: null }) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/kb/articles/:id',
      summary: 'Change an article (the previous text is kept as a revision)',
      tag: 'knowledge base',
      access: 'agent',
      params: idParams,
      body: articleBody.partial().refine((changes) => Object.keys(changes).length > 0, 'nothing to change'),
      responses: { 200: { description: 'Updated', schema: articleSchema }, 404: { description: 'No such article' }, 409: { description: 'The slug is taken' } },
      handler: async ({ ctx, actor, params, body }) => ({ body: presentArticle(config, { article: await updateArticle(ctx, actor, params.id, body), match: null }) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/kb/articles/:id',
      summary: 'Delete an article',
      tag: 'knowledge base',
      access: 'admin',
      params: idParams,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such article' } },
      handler: async ({ ctx, actor, params }) => {
        await deleteArticle(ctx, actor, params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/kb/articles/:id/revisions',
      summary: "An article's revisions, newest first",
      tag: 'knowledge base',
      access: 'agent',
      params: idParams,
      responses: { 200: { description: 'Revisions', schema: listOf(revisionSchema) }, 404: { description: 'No such article' } },
      handler: async ({ params }) => {
        const revisions = await listRevisions(params.id);
        return { body: { data: revisions.map(presentRevision), total: revisions.length } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/kb/articles/:id/feedback',
      summary: '"Was this helpful?" — one vote per reader (voting again replaces the earlier vote)',
      tag: 'knowledge base',
      access: 'public',
      middleware: [perMinuteLimit(30, 'Too many votes: wait a moment')],
      params: idParams,
      body: z.object({
        helpful: z.boolean(),
        voterId: z.string().trim().min(8).max(100).optional().describe("the portal's random id for this browser"),
      }),
      responses: { 200: { description: 'The counts now', schema: z.object({ helpful: z.object({ yes: z.number().int(), no: z.number().int() }) }) }, 404: { description: 'No such public article' } },
      handler: async ({ ctx, params, body, req }) => {
        // The browser's own id when it sends one, else its address and user agent; always with the address.
        const voter = `${req.ip}|${body.voterId ?? req.headers['user-agent'] ?? ''}`;
        const counts = await recordFeedback(ctx, params.id, voter, body.helpful);
        return { body: { helpful: { yes: counts.helpfulYes, no: counts.helpfulNo } } };
      },
    }),
  ];
}
