/**
 * Finds who is asking, from `Authorization: Bearer <token>` or the console's httpOnly session
 * cookie, and puts the Actor in res.locals.actor (null when nobody is logged in).
 * Cookie-authenticated writes must prove they come from our own pages (see csrf.ts).
 */
import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { authenticate } from '../services/authService';
import { assertNotForged } from './csrf';
import { AppError } from './errors';

export const SESSION_COOKIE = 'hd_session';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}

export function identifyAgent(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    try {
      const bearer = bearerToken(req.headers.authorization);
      const cookie = bearer ? null : readCookie(req.headers.cookie, SESSION_COOKIE);
      const token = bearer ?? cookie;
      res.locals.actor = token ? await authenticate(ctx, token) : null;
      res.locals.token = res.locals.actor ? token : null;
      if (bearer && !res.locals.actor) throw new AppError(401, 'invalid_token', 'The token is invalid or has expired');
      if (cookie && res.locals.actor) assertNotForged(req, ctx.config.publicUrl);
      next();
    } catch (error) {
      next(error);
    }
  };
}
