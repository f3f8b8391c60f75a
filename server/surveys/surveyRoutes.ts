/**
 * `/survey/<token>`, public: GET shows the form and records nothing (mail scanners open links);
 * POST (the form's buttons) records the rating and comment, again to change them. A token that
 * finds no survey gets the 404 page. Rate-limited per address like the portal.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../http/errors';
import { perMinuteLimit } from '../http/rateLimit';
import { Ticket } from '../models/Ticket';
import { chooseLocale } from '../portal/locale';
import { surveyPage, type SurveyView } from './surveyPage';
import { MAX_COMMENT_CHARS, answerSurvey, findSurveyByToken } from './surveyService';

const answerForm = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().max(MAX_COMMENT_CHARS).optional(),
});

export function surveyRouter(ctx: AppContext): Router {
  const router = express.Router();
  router.use(perMinuteLimit(ctx.config.PUBLIC_RATE_PER_MINUTE, 'Too many requests: wait a moment'));
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // The token is in the URL: keep it out of Referer headers to other sites.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.vary('Accept-Language');
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const send = (req: Request, res: Response, status: number, view: SurveyView) =>
    res.status(status).type('html').send(surveyPage(ctx.config, chooseLocale(req).locale, `${req.baseUrl}${req.path}`, view));

  const load = async (token: string) => {
    const survey = await findSurveyByToken(token);
    const ticket = survey && (await Ticket.findByPk(survey.ticketId, { attributes: ['id', 'subject'] }));
    return survey && ticket ? { survey, ticket } : null;
  };

  router.get('/:token', async (req, res) => {
    const found = await load(String(req.params.token));
    if (!found) return send(req, res, 404, { kind: 'notFound' });
    send(req, res, 200, { kind: 'form', subject: found.ticket.subject, rating: found.survey.rating, comment: found.survey.comment });
  });

  router.post('/:token', async (req, res) => {
    const found = await load(String(req.params.token));
    if (!found) return send(req, res, 404, { kind: 'notFound' });
    const parsed = answerForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const comment = typeof req.body?.comment === 'string' ? req.body.comment : null;
      return send(req, res, 400, { kind: 'form', subject: found.ticket.subject, rating: found.survey.rating, comment, invalid: true });
    }
    await answerSurvey(ctx, found.survey, { rating: parsed.data.rating, comment: parsed.data.comment ?? null });
    send(req, res, 200, { kind: 'thanks' });
  });

  router.use((req, res) => send(req, res, 404, { kind: 'notFound' }));
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = error instanceof AppError ? error.status : 500;
    if (status >= 500) ctx.logger.error('survey page failed', { error });
    res.status(status).type('text/plain').send(error instanceof AppError && status < 500 ? error.message : 'Something went wrong');
  });
  return router;
}
