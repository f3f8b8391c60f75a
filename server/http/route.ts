/**
 * One request chain for every API route: validate params, query and body with zod, check who
 * is asking, call the handler (which calls one service and returns what a presenter made).
 * The same definitions feed the OpenAPI description (see openapi.ts).
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../context';
import type { Actor } from '../policies/actor';
import { isAdmin } from '../policies/actor';
import { assertCan } from '../policies/permissions';
import type { Permission } from '../policies/roles';
import { badRequest, forbidden, unauthorized } from './errors';

/** `public`: anyone; `optional`: anyone, with the agent when one is logged in; `agent`: any logged-in agent; `admin`: admins only. */
export type Access = 'public' | 'optional' | 'agent' | 'admin';
type ActorFor<A extends Access> = A extends 'public' | 'optional' ? Actor | null : Actor;

export interface Reply {
  status?: number;
  body?: unknown;
}

export interface HandlerInput<B, Q, P, A extends Access> {
  ctx: AppContext;
  actor: ActorFor<A>;
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
}

export interface RouteDefinition<B = unknown, Q = unknown, P = unknown, A extends Access = Access> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express-style path below /api, e.g. `/tickets/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  /** A permission the agent's role must have as well (admins have all); checked before `middleware`. */
  permission?: Permission;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Set when the body is not JSON (uploads): documented as this media type. */
  rawBody?: { contentType: string; description: string };
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  middleware?: RequestHandler[];
  /** Return a reply, or nothing when the handler wrote the response itself (streams). */
  handler(input: HandlerInput<B, Q, P, A>): Promise<Reply | void>;
}

export function defineRoute<B = undefined, Q = undefined, P = undefined, A extends Access = Access>(
  definition: RouteDefinition<B, Q, P, A>,
): RouteDefinition<B, Q, P, A> {
  return definition;
}

// Route lists hold definitions of many shapes; the registrar treats them uniformly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any, Access>;

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw badRequest(`Invalid ${where}: ${path}${issue?.message ?? 'invalid'}`, result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

function checkAccess(access: Access, actor: Actor | null): void {
  if (access === 'public' || access === 'optional') return;
  if (!actor) throw unauthorized();
  if (access === 'admin' && !isAdmin(actor)) throw forbidden('Only admins can do this');
}

export function registerRoutes(router: Router, ctx: AppContext, routes: AnyRoute[]): void {
  for (const route of routes) {
    // Who may call is settled before the route's middleware, so an upload is refused unread.
    const guard = async (_req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = res.locals.actor as Actor | null;
        checkAccess(route.access, actor);
        if (route.permission && actor) await assertCan(actor, route.permission);
        next();
      } catch (error) {
        next(error);
      }
    };
    const run = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = res.locals.actor as Actor | null;
        const params = parse(route.params, req.params, 'path parameter');
        const query = parse(route.query, req.query, 'query');
        const body = route.rawBody ? req.body : parse(route.body, req.body ?? {}, 'body');
        const reply = await route.handler({ ctx, actor: route.access === 'public' ? null : actor, body, query, params, req, res });
        if (!reply) return;
        if (reply.body === undefined) res.status(reply.status ?? 204).end();
        else res.status(reply.status ?? 200).json(reply.body);
      } catch (error) {
        next(error);
      }
    };
    router[route.method](route.path, guard, ...(route.middleware ?? []), run);
  }
}
