import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: the bearer token handed to the client once. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are looked up by their SHA-256, so the database never holds a usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
