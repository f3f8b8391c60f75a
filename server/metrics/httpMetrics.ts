/** Counts every HTTP request and its duration by method, route pattern and status. */
import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { metricsOf } from './helpdeskMetrics';
import { routeLabel } from './routeLabel';

export function httpMetrics(ctx: AppContext): RequestHandler {
  const metrics = metricsOf(ctx);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const route = routeLabel(req, res);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
