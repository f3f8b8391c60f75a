/**
 * Webhook secrets and signatures. The signature covers `${timestamp}.${body}` so a receiver can
 * refuse an old request replayed with its old, valid signature (check the timestamp's age).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newWebhookSecret = (): string => randomBytes(32).toString('hex');

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (the README shows the same in ten lines); used by the tests. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Shown after creation: enough to tell two secrets apart, not enough to sign with. */
export const maskSecret = (secret: string): string => `${'*'.repeat(8)}${secret.slice(-4)}`;
