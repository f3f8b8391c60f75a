import type { Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Config } from '../config';
import { AppError } from '../http/errors';
import { SESSION_COOKIE } from '../http/authenticate';
import { defineRoute } from '../http/route';
import { presentOneAgent } from '../presenters/agentPresenter';
import { agentSchema } from '../presenters/schemas';
import { permissionsOf } from '../policies/permissions';
import { permissions } from '../policies/roles';
import { login, logout } from '../services/authService';
import { normalizeEmail } from '../util/normalize';

const loginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

/** Failed logins are limited per client address and account, so neither guessing nor a lockout of others is cheap. */
function loginLimiter(config: Config) {
  return rateLimit({
    windowMs: config.LOGIN_RATE_WINDOW_SECONDS * 1000,
    limit: config.LOGIN_RATE_LIMIT,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req: Request) => `${req.ip}|${typeof req.body?.email === 'string' ? normalizeEmail(req.body.email) : ''}`,
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, _res, next) => next(new AppError(429, 'rate_limited', 'Too many failed logins: try again later')),
  });
}

export function authRoutes(config: Config) {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Log in with email and password; returns a bearer token and sets the console session cookie',
      tag: 'auth',
      access: 'public',
      body: loginBody,
      middleware: [loginLimiter(config)],
      responses: {
        200: { description: 'Logged in', schema: z.object({ token: z.string(), agent: agentSchema, expiresAt: z.string() }) },
        401: { description: 'Wrong email or password' },
        429: { description: 'Too many failed attempts' },
      },
      handler: async ({ ctx, body, req, res }) => {
        const result = await login(ctx, body, { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
        res.cookie(SESSION_COOKIE, result.token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.publicUrl.startsWith('https:'),
          expires: result.expiresAt,
          path: '/',
        });
        return { body: { token: result.token, agent: await presentOneAgent(result.agent), expiresAt: result.expiresAt.toISOString() } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End this session (the token and the cookie stop working)',
      tag: 'auth',
      access: 'agent',
      responses: { 204: { description: 'Logged out' } },
      handler: async ({ ctx, res }) => {
        await logout(ctx, res.locals.token as string);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'The logged-in agent, with what their role allows',
      tag: 'auth',
      access: 'agent',
      responses: { 200: { description: 'The agent', schema: agentSchema.extend({ permissions: z.array(z.enum(permissions)).describe("what the agent's role allows beyond tickets") }) } },
      handler: async ({ actor }) => ({ body: { ...(await presentOneAgent(actor.agent)), permissions: await permissionsOf(actor) } }),
    }),
  ];
}
