/**
 * Cross-site request forgery defence for the console's session cookie. A browser attaches the
 * cookie to requests other sites start, so a write (POST, PUT, PATCH, DELETE) authenticated by
 * the cookie alone must prove it comes from our own pages:
 * - the cookie is SameSite=Lax (set at login): other sites' requests mostly go without it;
 * - it must carry X-Requested-With: another site can only add that header after a CORS preflight,
 *   which we never grant with credentials — so plain HTML forms and no-cors fetches fail;
 * - what the browser says about the request's source must name us: Sec-Fetch-Site (same-origin
 *   or none) when the browser sends it, else Origin (our origin), else Referer (our origin).
 *   This closes the gap SameSite leaves for sibling sites (another sub-domain counts as "same
 *   site" for cookies) and for browsers that ignore SameSite.
 * Bearer-token requests are not checked: a browser never adds that header by itself.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import { AppError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

type HeaderOf = (name: string) => string | undefined;

/** Why a request with these headers does not come from one of `ours`, or null when it does. */
function foreignSource(header: HeaderOf, ours: Set<string>): string | null {
  // A browser that sends Sec-Fetch-Site has judged the source itself (pages cannot set it). Its
  // word wins: under our Referrer-Policy: no-referrer some browsers send `Origin: null` even for
  // our own pages' writes.
  const fetchSite = header('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none' ? null : `the browser marked it ${fetchSite}`;
  const origin = header('origin');
  if (origin !== undefined) {
    const given = originOf(origin);
    return given && ours.has(given.toLowerCase()) ? null : `it came from ${origin}`;
  }
  const referer = header('referer');
  if (referer !== undefined) {
    const given = originOf(referer);
    return given && ours.has(given.toLowerCase()) ? null : 'it came from another site';
  }
  return null;
}

/** Our origins: the configured public URL, and the host the request was sent to (the console's own page). */
function ownOrigins(publicUrl: string, protocol: string, host: string | undefined): Set<string> {
  const origins = new Set<string>();
  const configured = originOf(publicUrl);
  if (configured) origins.add(configured.toLowerCase());
  if (host) origins.add(`${protocol}://${host}`.toLowerCase());
  return origins;
}

/** Why this request does not come from our own pages, or null when it does. */
export function crossSiteReason(req: Request, publicUrl: string): string | null {
  return foreignSource((name) => req.get(name), ownOrigins(publicUrl, req.protocol, req.get('host')));
}

/**
 * The same test for a Socket.IO handshake that authenticates by the session cookie: WebSockets
 * are not subject to CORS, so a page on another origin could otherwise open the agents' socket
 * with the cookie (cross-site WebSocket hijacking).
 */
export function handshakeCrossSiteReason(headers: IncomingHttpHeaders, secure: boolean, publicUrl: string): string | null {
  const header: HeaderOf = (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return foreignSource(header, ownOrigins(publicUrl, secure ? 'https' : 'http', header('host')));
}

/** Throws 403 `csrf` for a cookie-authenticated write that may have been forged by another site. */
export function assertNotForged(req: Request, publicUrl: string): void {
  if (isSafeMethod(req.method)) return;
  if (!req.get('x-requested-with')) throw new AppError(403, 'csrf', 'Requests authenticated by cookie must send the X-Requested-With header');
  const reason = crossSiteReason(req, publicUrl);
  if (reason) throw new AppError(403, 'csrf', `Refused a cookie-authenticated request from another site (${reason})`);
}
