/**
 * The public knowledge-base portal, rendered on the server: `/kb` (front page, or one category
 * with `?category=`), `/kb/search?q=`, `/kb/:slug`. No login; public articles only. Pages may be
 * cached for a minute; the language comes from `?lang=` or Accept-Language.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { portalCategories, type PortalLocale } from '../../client/portal/strings';
import type { AppContext } from '../context';
import { AppError } from '../http/errors';
import { perMinuteLimit } from '../http/rateLimit';
import { markdownToText, renderMarkdown } from '../knowledge/markdown';
import type { KbArticle } from '../models/KbArticle';
import { articleCategories, getArticle, listArticles } from '../services/articleService';
import { htmlToText } from '../util/html';
import { highlightedExcerpt, plainExcerpt } from './excerpt';
import { escapeHtml, portalContext, supportAddress, type PortalContext } from './layout';
import { chooseLocale } from './locale';
import { articlePage, categoryOrder, categoryPage, errorPage, homePage, notFoundPage, searchPage, type ArticleLink, type ArticleSummary } from './pages';

/** More articles than a locale will ever have: the front page lists them all. */
const ALL = 1000;
const SEARCH_RESULTS = 20;
const RELATED = 3;

const queryText = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

export function portalRouter(ctx: AppContext): Router {
  const router = express.Router();
  const { config } = ctx;
  const searchLimit = perMinuteLimit(config.PUBLIC_RATE_PER_MINUTE, 'Too many searches: wait a moment');
  // Every page reads the database: a reader never needs more than this, a scraper gets 429 (issue #9).
  const pageLimit = perMinuteLimit(config.PUBLIC_RATE_PER_MINUTE, 'Too many requests: wait a moment');

  const pageFor = (req: Request, locale: PortalLocale, query: Record<string, string> = {}): PortalContext =>
    portalContext({ locale, company: config.COMPANY_NAME, publicUrl: config.publicUrl, supportEmail: supportAddress(config.mailFrom), path: `${req.baseUrl}${req.path}`.replace(/\/+$/, '') || '/kb', query });

  const send = (res: Response, status: number, html: string) => res.status(status).type('html').send(html);
  const sendNotFound = (req: Request, res: Response) => send(res, 404, notFoundPage(pageFor(req, chooseLocale(req).locale)));
  const summary = (article: KbArticle, excerptHtml: string): ArticleSummary => ({ slug: article.slug, title: article.title, category: article.category, excerptHtml });

  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'public, max-age=60');
    // Without ?lang= the page's language follows the browser's.
    res.vary('Accept-Language');
    next();
  });

  router.get('/', pageLimit, async (req, res) => {
    const { locale } = chooseLocale(req);
    const category = queryText(req.query.category, 60);
    if (category) {
      const { hits } = await listArticles(ctx, null, { locale, category, limit: ALL, offset: 0 });
      if (!hits.length && !(portalCategories as readonly string[]).includes(category)) return sendNotFound(req, res);
      const articles = hits.map(({ article }) => summary(article, escapeHtml(plainExcerpt(markdownToText(article.body), 180))));
      return send(res, 200, categoryPage(pageFor(req, locale, { category }), category, articles));
    }
    const [categories, { hits }] = await Promise.all([articleCategories(null, locale), listArticles(ctx, null, { locale, limit: ALL, offset: 0 })]);
    const groups = categories
      .sort((a, b) => categoryOrder(a.category, b.category))
      .map(({ category: name, count }) => ({ category: name, count, articles: hits.filter((hit) => hit.article.category === name).map(({ article }) => ({ slug: article.slug, title: article.title })) }));
    return send(res, 200, homePage(pageFor(req, locale), groups));
  });

  router.get('/search', searchLimit, async (req, res) => {
    const { locale } = chooseLocale(req);
    const q = queryText(req.query.q, 200);
    const page = pageFor(req, locale, q ? { q } : {});
    if (!q) return send(res, 200, searchPage(page, '', [], 0));
    const { hits, total } = await listArticles(ctx, null, { q, locale, limit: SEARCH_RESULTS, offset: 0 });
    const words = q.split(/\s+/);
    const results = hits.map(({ article, match }) => summary(article, highlightedExcerpt(markdownToText(article.body), [...(match?.matched ?? []), ...words])));
    return send(res, 200, searchPage(page, q, results, total));
  });

  router.get('/:slug', pageLimit, async (req, res) => {
    const slug = String(req.params.slug);
    if (!/^[A-Za-z0-9-]{1,160}$/.test(slug)) return sendNotFound(req, res);
    let article: KbArticle;
    try {
      article = await getArticle(null, slug);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return sendNotFound(req, res);
      throw error;
    }
    // One address per article: an id or a differently-cased slug moves to the canonical one.
    if (article.slug !== slug) {
      const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      return res.redirect(301, `/kb/${encodeURIComponent(article.slug)}${search}`);
    }
    const choice = chooseLocale(req);
    // The page speaks the article's language unless the reader asked for the other one.
    const locale = choice.explicit ? choice.locale : article.locale;
    const html = renderMarkdown(article.body);
    const view = { id: article.id, slug: article.slug, title: article.title, html, excerpt: plainExcerpt(htmlToText(html), 160), category: article.category, locale: article.locale, updatedAt: article.updatedAt };
    return send(res, 200, articlePage(pageFor(req, locale), view, await relatedTo(article)));
  });

  /** Up to three other articles of the same category and language, the most alike first. */
  async function relatedTo(article: KbArticle): Promise<ArticleLink[]> {
    const scope = { locale: article.locale, category: article.category, offset: 0 };
    const [alike, rest] = await Promise.all([listArticles(ctx, null, { ...scope, q: article.title, limit: RELATED + 1 }), listArticles(ctx, null, { ...scope, limit: 20 })]);
    const seen = new Set([article.id]);
    const links: ArticleLink[] = [];
    for (const { article: other } of [...alike.hits, ...rest.hits]) {
      if (links.length >= RELATED || seen.has(other.id)) continue;
      seen.add(other.id);
      links.push({ slug: other.slug, title: other.title });
    }
    return links;
  }

  router.use(sendNotFound);

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error instanceof AppError && error.status < 500 ? error.status : 500;
    if (status >= 500) ctx.logger.error('portal page failed', { path: req.originalUrl, error });
    res.setHeader('Cache-Control', 'no-store');
    const page = pageFor(req, chooseLocale(req).locale);
    send(res, status, status === 404 ? notFoundPage(page) : errorPage(page));
  });

  return router;
}
