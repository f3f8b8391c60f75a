/**
 * Request ids: a well-formed incoming `X-Request-Id` is kept (so a proxy's id follows the request
 * through), otherwise one is made; it is echoed in the response and put in the log context, so
 * every line logged while the request is handled carries it. One access-log line per request.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Actor } from '../policies/actor';
import { logContext, type Logger } from '../util/logger';
import { routeLabel } from '../metrics/routeLabel';

const WELL_FORMED = /^[A-Za-z0-9._-]{1,100}$/;
/** Probes and scrapes come every few seconds: logged at debug so they do not drown the log. */
const QUIET = /^\/(api\/health(\/|$)|metrics$)/;

export function acceptedRequestId(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && WELL_FORMED.test(header) ? header : null;
}

export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('X-Request-Id', id);
    const store = { requestId: id };
    res.locals.logContext = store;
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const path = req.originalUrl.split('?')[0];
      const route = routeLabel(req, res);
      const actor = res.locals.actor as Actor | null | undefined;
      const fields = {
        method: req.method,
        // The query string is never logged (it may hold tokens); nor is a path that carries one.
        path: route.includes(':token') ? route : path,
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        requestId: id,
        ...(actor ? { agentId: actor.agent.id } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      (QUIET.test(path) ? logger.debug : logger.info)('request', fields);
    });
    logContext.run(store, next);
  };
}

