/**
 * Surveys over the API: the widget's one-click rating (cross-origin, the token is the
 * credential) and the CSAT report for agents.
 */
import { z } from 'zod';
import { notFound } from '../http/errors';
import { perMinuteLimit } from '../http/rateLimit';
import { defineRoute } from '../http/route';
import { csatReport } from '../surveys/csatReport';
import { MAX_COMMENT_CHARS, answerSurvey, findSurveyByToken } from '../surveys/surveyService';
import { widgetCors } from './widget';

const DAY = 86_400_000;
const csatQuery = z
  .object({
    from: z.iso.date().optional().describe('YYYY-MM-DD (UTC), default 30 days before to'),
    to: z.iso.date().optional().describe('YYYY-MM-DD (UTC), exclusive, default tomorrow'),
  })
  .transform((q) => {
    const to = q.to ? new Date(`${q.to}T00:00:00Z`) : new Date(Math.ceil(Date.now() / DAY) * DAY);
    const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 31 * DAY);
    return { from, to };
  })
  .refine((q) => q.from < q.to && q.to.getTime() - q.from.getTime() <= 3 * 366 * DAY, 'from must be before to, at most three years apart');

const figures = { responses: z.number().int(), average: z.number().nullable(), satisfiedShare: z.number().nullable() };
const csatSchema = z.object({
  overall: z.object(figures),
  byAgent: z.array(z.object({ agentId: z.number().int().nullable(), name: z.string().nullable(), ...figures })),
  byCategory: z.array(z.object({ category: z.string().nullable(), ...figures })),
});

/** A function, not a constant: each app gets its own rate limiter (a shared one would count every server in the process together). */
export const surveyRoutes = () => [
  defineRoute({
    method: 'post',
    path: '/widget/surveys/:token',
    summary: 'A chat visitor rates the help they got (1–5), from the widget; again to change it',
    tag: 'chat',
    access: 'public',
    params: z.object({ token: z.string().max(100) }),
    body: z.object({ rating: z.number().int().min(1).max(5), comment: z.string().max(MAX_COMMENT_CHARS).optional() }),
    middleware: [widgetCors, perMinuteLimit(20, 'Too many answers: wait a moment')],
    responses: { 200: { description: 'Recorded', schema: z.object({ ok: z.literal(true) }) }, 404: { description: 'Unknown survey' } },
    handler: async ({ ctx, params, body }) => {
      const survey = await findSurveyByToken(params.token);
      if (!survey) throw notFound('Survey');
      await answerSurvey(ctx, survey, body);
      return { body: { ok: true } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reports/csat',
    summary: 'Customer satisfaction from survey answers given in [from, to): overall, per agent (assignee at solve) and per category',
    tag: 'reports',
    access: 'agent',
    query: csatQuery,
    responses: { 200: { description: 'Responses, mean rating and share rating 4 or 5', schema: csatSchema } },
    handler: async ({ actor, query }) => ({ body: await csatReport(actor, query) }),
  }),
];
