/**
 * `GET /metrics` in the Prometheus text format. With METRICS_TOKEN set, the scraper sends
 * `Authorization: Bearer <token>`; without it, only a direct loopback connection may read (a
 * request that came through a proxy, carrying forwarding headers, does not count as local).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../context';
import { bearerToken } from '../http/authenticate';
import { metricsOf } from './helpdeskMetrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

function fromLoopback(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-for'] ?? req.headers.forwarded ?? req.headers['x-real-ip'];
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && forwarded === undefined;
}

function refuse(status: 401 | 403, message: string): { status: number; body: { error: { code: string; message: string } } } {
  return { status, body: { error: { code: status === 401 ? 'unauthorized' : 'forbidden', message } } };
}

/** Null when the request may read the metrics, else the refusal to send. */
export function checkMetricsAccess(req: Request, token: string | undefined): ReturnType<typeof refuse> | null {
  const given = bearerToken(req.headers.authorization);
  if (token) {
    if (!given) return refuse(401, 'Send Authorization: Bearer <METRICS_TOKEN>');
    return sameSecret(given, token) ? null : refuse(403, 'The metrics token is wrong');
  }
  return fromLoopback(req) ? null : refuse(403, 'Metrics are only served to loopback unless METRICS_TOKEN is set');
}

export function metricsEndpoint(ctx: AppContext): RequestHandler {
  const metrics = metricsOf(ctx);
  return async (req, res, next) => {
    try {
      const refusal = checkMetricsAccess(req, ctx.config.METRICS_TOKEN);
      if (refusal) {
        if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        res.status(refusal.status).json(refusal.body);
        return;
      }
      const text = await metrics.registry.render((name, error) => ctx.logger.warn('metric collection failed', { metric: name, error }));
      res.setHeader('Cache-Control', 'no-store');
      res.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    } catch (error) {
      next(error);
    }
  };
}
