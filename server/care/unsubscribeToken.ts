/**
 * Unsubscribe links: `<customerId>.<HMAC>` with a secret kept in settings (same on every node and
 * after restarts), so nobody can unsubscribe another customer by changing the number.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import { getOrCreateSetting, randomSecret } from '../services/settingService';

const SECRET_KEY = 'care.unsubscribeSecret';
const TOKEN = /^(\d{1,10})\.([0-9a-f]{32})$/;

const sign = (secret: string, customerId: number) => createHmac('sha256', secret).update(`care-unsubscribe:${customerId}`).digest('hex').slice(0, 32);

export async function unsubscribeToken(ctx: AppContext, customerId: number): Promise<string> {
  return `${customerId}.${sign(await getOrCreateSetting(ctx, SECRET_KEY, randomSecret), customerId)}`;
}

export async function unsubscribeUrl(ctx: AppContext, customerId: number): Promise<string> {
  return `${ctx.config.publicUrl}/care/unsubscribe/${await unsubscribeToken(ctx, customerId)}`;
}

/** The customer id a token names, or null when it is malformed or its signature is wrong. */
export async function verifyUnsubscribeToken(ctx: AppContext, token: string): Promise<number | null> {
  const match = TOKEN.exec(token.trim().toLowerCase());
  if (!match) return null;
  const customerId = Number(match[1]);
  const expected = Buffer.from(sign(await getOrCreateSetting(ctx, SECRET_KEY, randomSecret), customerId));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? customerId : null;
}
