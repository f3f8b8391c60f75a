/**
 * Our outgoing Message-IDs carry the ticket id and a short HMAC: `<t123.m456.5f2a9c0e1b7d3a44@shop.test>`.
 * A reply's In-Reply-To/References then names its ticket, and nobody can forge one to slip a
 * mail into another customer's ticket without the secret.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const OURS = /^<t(\d+)\.m([0-9a-z]+)\.([0-9a-f]{16})@[^>]+>$/i;

function sign(secret: string, ticketId: number, token: string): string {
  return createHmac('sha256', secret).update(`${ticketId}.${token}`).digest('hex').slice(0, 16);
}

/** `token` makes each id unique (the message id, or random for mails with no stored message). */
export function makeMessageId(secret: string, ticketId: number, domain: string, token: string = randomBytes(6).toString('hex')): string {
  const safeToken = token.toLowerCase().replace(/[^0-9a-z]/g, '') || randomBytes(6).toString('hex');
  return `<t${ticketId}.m${safeToken}.${sign(secret, ticketId, safeToken)}@${domain}>`;
}

/** The ticket id an id of ours names, or null when it is not ours or its signature is wrong. */
export function ticketIdFromMessageId(secret: string, messageId: string): number | null {
  const match = OURS.exec(messageId.trim());
  if (!match) return null;
  const [, ticket, token, signature] = match;
  const expected = Buffer.from(sign(secret, Number(ticket), token.toLowerCase()));
  const given = Buffer.from(signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given) ? Number(ticket) : null;
}

/** The domain part for our ids: the support address's domain, else the public URL's host. */
export function messageIdDomain(mailFrom: string | undefined, publicUrl: string): string {
  const fromDomain = mailFrom?.split('@')[1]?.replace(/[>\s].*$/, '');
  return fromDomain || new URL(publicUrl).hostname || 'helpdesk.local';
}
