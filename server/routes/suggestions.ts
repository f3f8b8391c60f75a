import { z } from 'zod';
import type { Config } from '../config';
import { perMinuteLimit } from '../http/rateLimit';
import { defineRoute } from '../http/route';
import { articleLocales } from '../models/KbArticle';
import { suggestionsSchema } from '../presenters/knowledgePresenter';
import { readSuggestionSettings, saveSuggestionSettings, suggestForText, suggestForTicket, suggestionSettingsSchema, type Suggestions } from '../services/suggestionService';
import { idParams } from './common';
import { widgetCors } from './widget';

const limit = z.coerce.number().int().min(1).max(20).default(5);
const asBody = (suggestions: Suggestions) => ({ ...suggestions, total: suggestions.data.length });

export function suggestionRoutes(config: Config) {
  return [
    defineRoute({
      method: 'get',
      path: '/tickets/:id/suggestions',
      summary: "Reply templates (rendered for the ticket) and articles ranked for the customer's latest message",
      tag: 'suggestions',
      access: 'agent',
      params: idParams,
      query: z.object({ limit }),
      responses: { 200: { description: 'Suggestions, best first; `matched` explains each', schema: suggestionsSchema }, 404: { description: 'No such ticket' } },
      handler: async ({ ctx, actor, params, query }) => ({ body: asBody(await suggestForTicket(ctx, actor, params.id, query.limit)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/suggestions',
      summary: 'The same ranking for any text. Agents get templates and all articles; anyone else (the widget) public articles only',
      tag: 'suggestions',
      access: 'optional',
      // The widget asks from the customer's site: open CORS, which carries no cookie (agents use a bearer token there).
      middleware: [widgetCors, perMinuteLimit(config.PUBLIC_RATE_PER_MINUTE, 'Too many requests: wait a moment', { exemptAgents: true })],
      body: z.object({ text: z.string().trim().min(1).max(10_000), locale: z.enum(articleLocales).optional().describe('detected from the text when left out'), limit }),
      responses: { 200: { description: 'Suggestions, best first', schema: suggestionsSchema } },
      handler: async ({ ctx, actor, body }) => ({ body: asBody(await suggestForText(ctx, actor, body.text, body.locale, body.limit)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/settings/suggestions',
      summary: 'Automatic first answers: on or off, and the score the best template must reach',
      tag: 'suggestions',
      access: 'agent',
      responses: { 200: { description: 'Settings', schema: suggestionSettingsSchema } },
      handler: async () => ({ body: await readSuggestionSettings() }),
    }),
    defineRoute({
      method: 'put',
      path: '/settings/suggestions',
      summary: 'Turn automatic first answers on or off and set their threshold',
      tag: 'suggestions',
      access: 'admin',
      body: suggestionSettingsSchema,
      responses: { 200: { description: 'Saved', schema: suggestionSettingsSchema } },
      handler: async ({ ctx, actor, body }) => ({ body: await saveSuggestionSettings(ctx, actor, body) }),
    }),
  ];
}
