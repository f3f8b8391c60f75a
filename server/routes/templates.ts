import { z } from 'zod';
import { defineRoute } from '../http/route';
import { articleLocales } from '../models/KbArticle';
import { presentTemplate, templateSchema } from '../presenters/knowledgePresenter';
import { listOf } from '../presenters/schemas';
import { createTemplate, deleteTemplate, getTemplate, learnedCounts, listTemplates, updateTemplate } from '../services/templateService';
import { idParams, paging } from './common';

const phrases = (max: number, what: string) => z.array(z.string().trim().min(1).max(500)).max(max).describe(what);
const templateBody = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000).describe('Handlebars; checked before it is saved'),
  keywords: phrases(50, 'words and phrases customers use').default([]),
  examples: phrases(200, 'customer messages this template answers').default([]),
  locale: z.enum(articleLocales),
});

export const templateRoutes = [
  defineRoute({
    method: 'get',
    path: '/templates',
    summary: 'Reply templates',
    tag: 'templates',
    access: 'agent',
    query: z.object({ q: z.string().trim().max(200).optional().describe('part of the title'), locale: z.enum(articleLocales).optional(), ...paging }),
    responses: { 200: { description: 'Templates', schema: listOf(templateSchema) } },
    handler: async ({ query }) => {
      const { rows, total } = await listTemplates(query);
      const learned = await learnedCounts(rows.map((row) => row.id));
      return { body: { data: rows.map((row) => presentTemplate(row, learned.get(row.id) ?? 0)), total } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/templates/:id',
    summary: 'One reply template',
    tag: 'templates',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'The template', schema: templateSchema }, 404: { description: 'No such template' } },
    handler: async ({ params }) => ({ body: presentTemplate(await getTemplate(params.id), (await learnedCounts([params.id])).get(params.id) ?? 0) }),
  }),
  defineRoute({
    method: 'post',
    path: '/templates',
    summary: 'Add a reply template',
    tag: 'templates',
    access: 'admin',
    body: templateBody,
    responses: { 201: { description: 'Created', schema: templateSchema } },
    handler: async ({ ctx, actor, body }) => ({ status: 201, body: presentTemplate(await createTemplate(ctx, actor, body), 0) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/templates/:id',
    summary: 'Change a reply template',
    tag: 'templates',
    access: 'admin',
    params: idParams,
    body: templateBody.partial().refine((changes) => Object.keys(changes).length > 0, 'nothing to change'),
    responses: { 200: { description: 'Updated', schema: templateSchema }, 404: { description: 'No such template' } },
    handler: async ({ ctx, actor, params, body }) => {
      const template = await updateTemplate(ctx, actor, params.id, body);
      return { body: presentTemplate(template, (await learnedCounts([template.id])).get(template.id) ?? 0) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/templates/:id',
    summary: 'Delete a reply template (replies made with it keep their text)',
    tag: 'templates',
    access: 'admin',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such template' } },
    handler: async ({ ctx, actor, params }) => {
      await deleteTemplate(ctx, actor, params.id);
      return { status: 204 };
    },
  }),
];
