/** Rate limits for endpoints anyone may call, per client address; logged-in agents are not limited. */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from './errors';

export function perMinuteLimit(limit: number, message: string, options: { exemptAgents?: boolean } = {}): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (_req, res) => Boolean(options.exemptAgents && res.locals.actor),
    handler: (_req, _res, next) => next(new AppError(429, 'rate_limited', message)),
  });
}
