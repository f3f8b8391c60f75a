/**
 * Widget settings: admins read and set them (`/settings/widget`); every embedded widget reads the
 * public part at start (`/widget/config`) from any site, so that route has open CORS, a rate limit
 * and a 60 s cache lifetime (a change reaches visitors within a minute).
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { perMinuteLimit } from '../http/rateLimit';
import { defineRoute } from '../http/route';
import { embedSnippet, readWidgetSettings, saveWidgetSettings, widgetSettingsSchema } from '../services/widgetSettingsService';

const adminView = widgetSettingsSchema.extend({
  embed: z.object({ scriptUrl: z.string(), snippet: z.string() }).describe('what to paste into the site (not saved)'),
});

/** No credentials are involved, so any origin may read the config. */
const openCors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (req.method === 'OPTIONS') return void res.status(204).end();
  next();
};

/** A function, not a constant: each app gets its own rate limiter (a shared one would count every server in the process together). */
export const widgetSettingsRoutes = () => [
  defineRoute({
    method: 'get',
    path: '/settings/widget',
    summary: "The chat widget's settings and the embed snippet",
    tag: 'chat',
    access: 'admin',
    responses: { 200: { description: 'Settings', schema: adminView } },
    handler: async ({ ctx }) => ({
      body: { ...(await readWidgetSettings()), embed: { scriptUrl: `${ctx.config.publicUrl}/widget.js`, snippet: embedSnippet(ctx.config.publicUrl) } },
    }),
  }),
  defineRoute({
    method: 'put',
    path: '/settings/widget',
    summary: "Set the chat widget's colour, position, greeting, pre-chat form and offline message",
    tag: 'chat',
    access: 'admin',
    body: widgetSettingsSchema,
    responses: { 200: { description: 'Saved', schema: adminView } },
    handler: async ({ ctx, actor, body }) => ({
      body: { ...(await saveWidgetSettings(ctx, actor, body)), embed: { scriptUrl: `${ctx.config.publicUrl}/widget.js`, snippet: embedSnippet(ctx.config.publicUrl) } },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/widget/config',
    summary: 'What the embedded widget reads at start (public, cacheable for 60 s)',
    tag: 'chat',
    access: 'public',
    middleware: [openCors, perMinuteLimit(120, 'Too many requests: wait a moment')],
    responses: { 200: { description: 'Widget settings', schema: widgetSettingsSchema }, 429: { description: 'Rate limited' } },
    handler: async ({ res }) => {
      res.setHeader('Cache-Control', 'public, max-age=60');
      return { body: await readWidgetSettings() };
    },
  }),
];
