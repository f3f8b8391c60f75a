/**
 * The portal's page frame: head (title, description, canonical, viewport), header with the
 * company and the language switch, the "Still need help?" box and the footer. Every dynamic text
 * goes through escapeHtml; the only script is /portal.js (and the chat widget), both external.
 */
import { portalTranslator, type PortalLocale, type Translate } from '../../client/portal/strings';
import { icon } from './icons';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => entities[char]);
}

/** What every page needs to know about the request and the site. */
export interface PortalContext {
  /** The language of the portal's own words (menus, buttons). */
  locale: PortalLocale;
  t: Translate;
  company: string;
  publicUrl: string;
  /** The support address for the mailto link, when the site has one. */
  supportEmail: string | null;
  /** This page's path (e.g. /kb/search) and the query it keeps when the language is switched. */
  path: string;
  query: Record<string, string>;
}

export function portalContext(fields: Omit<PortalContext, 't'>): PortalContext {
  return { ...fields, t: portalTranslator(fields.locale) };
}

export const otherLocale = (locale: PortalLocale): PortalLocale => (locale === 'en' ? 'zh-CN' : 'en');

/** A portal link that carries the language: `/kb/search?q=refund&lang=en` (not yet escaped). */
export function kbHref(path: string, locale: PortalLocale, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  search.set('lang', locale);
  return `${path}?${search}`;
}

/** The address in "Support <help@shop.example>" or "help@shop.example"; null when there is none. */
export function supportAddress(mailFrom: string | undefined): string | null {
  const candidate = (/<([^<>]+)>/.exec(mailFrom ?? '')?.[1] ?? mailFrom ?? '').trim();
  return /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(candidate) ? candidate : null;
}

export interface LayoutOptions {
  /** The page's own title; the company's name is added. */
  title: string;
  description: string;
  /** Absolute URL search engines should index this page under. */
  canonical: string;
  /** `<html lang>`: the article's language on an article page, else the portal's. */
  htmlLang?: PortalLocale;
  noindex?: boolean;
  /** The same page in both languages (`?lang=`), for search engines. */
  alternates?: boolean;
  bodyClass?: string;
}

export function layout(page: PortalContext, options: LayoutOptions, main: string): string {
  const { t, locale } = page;
  const htmlLang = options.htmlLang ?? locale;
  const other = otherLocale(locale);
  const home = kbHref('/kb', locale);
  const alternates = options.alternates
    ? (['en', 'zh-CN'] as const).map((lang) => `<link rel="alternate" hreflang="${lang}" href="${escapeHtml(page.publicUrl + kbHref(page.path, lang, page.query))}">`).join('')
    : '';
  return `<!doctype html>
<html lang="${htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} – ${escapeHtml(page.company)}</title>
<meta name="description" content="${escapeHtml(options.description)}">
<link rel="canonical" href="${escapeHtml(options.canonical)}">
${alternates}${options.noindex ? '<meta name="robots" content="noindex, follow">' : ''}
<meta property="og:title" content="${escapeHtml(options.title)}">
<meta property="og:description" content="${escapeHtml(options.description)}">
<meta property="og:site_name" content="${escapeHtml(`${page.company} ${t('helpCenter')}`)}">
<meta name="theme-color" content="#1f4fb5">
<link rel="stylesheet" href="/portal.css">
<script src="/portal.js" defer></script>
<script src="/widget.js" async data-prechat="true" data-locale="${locale}"></script>
</head>
<body lang="${locale}" class="${escapeHtml(options.bodyClass ?? '')}">
<a class="skip-link" href="#main">${escapeHtml(t('skipToContent'))}</a>
<header class="site-header">
  <div class="wrap header-inner">
    <a class="brand" href="${escapeHtml(home)}">
      <span class="brand-mark" aria-hidden="true">${escapeHtml(Array.from(page.company)[0]?.toUpperCase() ?? '?')}</span>
      <span class="brand-name">${escapeHtml(page.company)}</span>
      <span class="brand-sub">${escapeHtml(t('helpCenter'))}</span>
    </a>
    <a class="lang-switch" data-testid="lang-switch" href="${escapeHtml(kbHref(page.path, other, page.query))}" hreflang="${other}" lang="${other}" aria-label="${escapeHtml(t('switchLanguageLabel'))}">${icon('globe')}<span>${escapeHtml(t('switchLanguage'))}</span></a>
  </div>
</header>
<main id="main">
${main}
${helpBox(page)}
</main>
<footer class="site-footer"><div class="wrap">${escapeHtml(t('footer', { year: new Date().getFullYear(), company: page.company }))} · <a href="${escapeHtml(home)}">${escapeHtml(t('helpCenter'))}</a></div></footer>
</body>
</html>
`;
}

/** The hero with the big search box (front, category and search pages). */
export function hero(page: PortalContext, options: { title: string; lead?: string; q?: string; compact?: boolean }): string {
  return `<section class="hero${options.compact ? ' hero-compact' : ''}">
  <div class="wrap narrow">
    <h1>${escapeHtml(options.title)}</h1>
    ${options.lead ? `<p class="hero-lead">${escapeHtml(options.lead)}</p>` : ''}
    ${searchForm(page, options.q)}
  </div>
</section>`;
}

export function searchForm(page: PortalContext, q = ''): string {
  const { t } = page;
  return `<form class="search" role="search" action="/kb/search" method="get">
      <label class="visually-hidden" for="kb-q">${escapeHtml(t('searchLabel'))}</label>
      ${icon('search', 'icon search-icon')}
      <input id="kb-q" type="search" name="q" value="${escapeHtml(q)}" placeholder="${escapeHtml(t('searchPlaceholder'))}" maxlength="200" autocomplete="off" enterkeyhint="search">
      <input type="hidden" name="lang" value="${page.locale}">
      <button type="submit" class="btn btn-primary">${escapeHtml(t('searchButton'))}</button>
    </form>`;
}

/** "Still need help?": a chat button (opens the widget) and, when the site has an address, email. */
function helpBox(page: PortalContext): string {
  const { t } = page;
  const email = page.supportEmail
    ? `<a class="btn btn-secondary" data-testid="email-support" href="mailto:${escapeHtml(page.supportEmail)}">${icon('mail')}<span>${escapeHtml(t('emailUs'))}</span></a>`
    : '';
  return `<section class="wrap"><div class="help-box" aria-labelledby="help-box-title">
  <div class="help-text">
    <h2 id="help-box-title">${escapeHtml(t('stillNeedHelp'))}</h2>
    <p>${escapeHtml(t('stillNeedHelpLead'))}</p>
  </div>
  <div class="help-actions">
    <button type="button" class="btn btn-primary" data-chat data-testid="start-chat">${icon('chat')}<span>${escapeHtml(t('startChat'))}</span></button>
    ${email}
  </div>
</div></section>`;
}
