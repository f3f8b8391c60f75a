/**
 * The portal's language for a request: `?lang=en|zh-CN` when given (also `zh`, `zh-cn`…), else the
 * best language of the Accept-Language header that the portal speaks (any zh* → zh-CN), else English.
 */
import type { Request } from 'express';
import type { PortalLocale } from '../../client/portal/strings';

/** `en`, `en-GB` → en; `zh`, `zh-CN`, `zh-Hans`, `zh-TW` → zh-CN; anything else → null. */
export function toPortalLocale(tag: string | undefined | null): PortalLocale | null {
  const value = String(tag ?? '').trim().toLowerCase();
  if (/^zh(?:[-_]|$)/.test(value)) return 'zh-CN';
  if (/^en(?:[-_]|$)/.test(value)) return 'en';
  return null;
}

/** The first language in Accept-Language (by q-value, then order) that the portal speaks. */
export function fromAcceptLanguage(header: string | undefined): PortalLocale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = toPortalLocale(entry.tag);
    if (locale) return locale;
  }
  return null;
}

export interface LocaleChoice {
  locale: PortalLocale;
  /** True when the visitor asked with `?lang=` (not guessed from the browser). */
  explicit: boolean;
}

export function chooseLocale(req: Request): LocaleChoice {
  const asked = typeof req.query.lang === 'string' ? toPortalLocale(req.query.lang) : null;
  if (asked) return { locale: asked, explicit: true };
  return { locale: fromAcceptLanguage(req.headers['accept-language']) ?? 'en', explicit: false };
}
