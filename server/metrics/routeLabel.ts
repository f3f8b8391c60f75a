/**
 * The route pattern that answered a request (`/api/tickets/:id`), never the raw path: raw paths
 * would make one metric series per ticket, and some paths carry tokens (survey links).
 */
import type { Request, Response } from 'express';

export function routeLabel(req: Request, res: Response): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}` || '/';
  // The static-asset handler matches a regular expression; everything else fell through to a 404.
  if (route) return 'static';
  return res.statusCode === 404 ? 'unmatched' : 'other';
}
