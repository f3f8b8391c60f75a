/**
 * The portal's pages as HTML strings: front page, one category, search results, one article, and
 * "not found" / "something went wrong". Texts come from client/portal/strings.ts; everything
 * dynamic is escaped (article bodies arrive already sanitised from renderMarkdown).
 */
import { categoryName, portalCategories, type PortalLocale } from '../../client/portal/strings';
import { icon } from './icons';
import { escapeHtml, hero, kbHref, layout, searchForm, type PortalContext } from './layout';

export { escapeHtml } from './layout';

export interface ArticleLink {
  slug: string;
  title: string;
}

export interface ArticleSummary extends ArticleLink {
  category: string;
  /** Escaped HTML (may contain <mark>). */
  excerptHtml: string;
}

export interface CategoryGroup {
  category: string;
  count: number;
  articles: ArticleLink[];
}

export interface ArticleView {
  id: number;
  slug: string;
  title: string;
  /** Sanitised HTML from renderMarkdown. */
  html: string;
  excerpt: string;
  category: string;
  locale: PortalLocale;
  updatedAt: Date;
}

/** How many article titles a category card lists on the front page. */
const CARD_ARTICLES = 6;

/** Known categories in their fixed order, then any others alphabetically. */
export function categoryOrder(a: string, b: string): number {
  const rank = (category: string) => {
    const index = (portalCategories as readonly string[]).indexOf(category);
    return index < 0 ? portalCategories.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

const articleHref = (page: PortalContext, slug: string) => escapeHtml(kbHref(`/kb/${encodeURIComponent(slug)}`, page.locale));
const categoryHref = (page: PortalContext, category: string) => escapeHtml(kbHref('/kb', page.locale, { category }));
const canonical = (page: PortalContext, path: string, params: Record<string, string> = {}) => page.publicUrl + kbHref(path, page.locale, params);

function countLabel(page: PortalContext, count: number): string {
  return count === 1 ? page.t('articleCountOne') : page.t('articleCount', { count });
}

function breadcrumb(page: PortalContext, trail: Array<{ label: string; href?: string }>): string {
  const items = [{ label: page.t('home'), href: escapeHtml(kbHref('/kb', page.locale)) }, ...trail]
    .map((item) => (item.href ? `<li><a href="${item.href}">${escapeHtml(item.label)}</a></li>` : `<li aria-current="page">${escapeHtml(item.label)}</li>`))
    .join(`<li class="sep" aria-hidden="true">${icon('chevron')}</li>`);
  return `<nav class="breadcrumb" aria-label="${escapeHtml(page.t('breadcrumb'))}"><ol>${items}</ol></nav>`;
}

function summaryList(page: PortalContext, articles: ArticleSummary[], showCategory: boolean): string {
  const items = articles.map(
    (article) => `<li class="result" data-testid="result">
      <a class="result-title" href="${articleHref(page, article.slug)}">${escapeHtml(article.title)}</a>
      <p class="result-excerpt">${article.excerptHtml}</p>
      ${showCategory ? `<a class="chip" href="${categoryHref(page, article.category)}">${icon(article.category, 'icon chip-icon')}${escapeHtml(categoryName(page.locale, article.category))}</a>` : ''}
    </li>`,
  );
  return `<ol class="results">${items.join('')}</ol>`;
}

export function homePage(page: PortalContext, groups: CategoryGroup[]): string {
  const { t } = page;
  const cards = groups.map((group) => {
    const name = categoryName(page.locale, group.category);
    const links = group.articles
      .slice(0, CARD_ARTICLES)
      .map((article) => `<li><a href="${articleHref(page, article.slug)}">${escapeHtml(article.title)}</a></li>`)
      .join('');
    const more = group.count > CARD_ARTICLES ? `<a class="see-all" href="${categoryHref(page, group.category)}">${escapeHtml(t('seeAll', { count: group.count }))}</a>` : '';
    return `<section class="card category-card" data-testid="category" data-category="${escapeHtml(group.category)}">
      <h3><a class="category-link" href="${categoryHref(page, group.category)}"><span class="category-icon">${icon(group.category)}</span><span class="category-name">${escapeHtml(name)}</span></a></h3>
      <p class="count" data-testid="category-count">${escapeHtml(countLabel(page, group.count))}</p>
      <ul class="card-articles">${links}</ul>${more}
    </section>`;
  });
  const main = `${hero(page, { title: t('heroTitle'), lead: t('heroLead') })}
<section class="wrap topics" aria-labelledby="topics-title">
  <h2 id="topics-title" class="section-title">${escapeHtml(t('browseTopics'))}</h2>
  <div class="card-grid">${cards.join('')}</div>
</section>`;
  return layout(page, { title: t('homeTitle'), description: t('homeDescription'), canonical: canonical(page, '/kb'), alternates: true, bodyClass: 'page-home' }, main);
}

export function categoryPage(page: PortalContext, category: string, articles: ArticleSummary[]): string {
  const { t } = page;
  const name = categoryName(page.locale, category);
  const list = articles.length ? summaryList(page, articles, false) : `<p class="empty">${escapeHtml(t('noArticles'))}</p>`;
  const main = `<div class="page-top"><div class="wrap narrow">${breadcrumb(page, [{ label: name }])}
  <div class="category-heading"><span class="category-icon large">${icon(category)}</span><div><h1>${escapeHtml(name)}</h1><p class="count">${escapeHtml(countLabel(page, articles.length))}</p></div></div>
  ${searchForm(page)}
</div></div>
<section class="wrap narrow content-block">${list}</section>`;
  return layout(
    page,
    { title: name, description: t('categoryDescription', { category: name }), canonical: canonical(page, '/kb', { category }), alternates: true, bodyClass: 'page-category' },
    main,
  );
}

export function searchPage(page: PortalContext, q: string, results: ArticleSummary[], total: number): string {
  const { t } = page;
  let body: string;
  if (!q) body = `<p class="empty">${escapeHtml(t('searchEmptyQuery'))}</p>`;
  else if (!results.length) {
    body = `<div class="empty no-results" data-testid="no-results"><h2>${escapeHtml(t('noResults', { q }))}</h2><p>${escapeHtml(t('noResultsHint'))}</p></div>`;
  } else {
    body = `<p class="result-count" data-testid="result-count">${escapeHtml(total === 1 ? t('searchResultsOne', { q }) : t('searchResults', { count: total, q }))}</p>${summaryList(page, results, true)}`;
  }
  const main = `${hero(page, { title: q ? t('searchTitle', { q }) : t('heroTitle'), q, compact: true })}
<section class="wrap narrow content-block">${body}</section>`;
  return layout(page, { title: q ? t('searchTitle', { q }) : t('searchButton'), description: t('homeDescription'), canonical: canonical(page, '/kb/search', q ? { q } : {}), noindex: true, bodyClass: 'page-search' }, main);
}

export function articlePage(page: PortalContext, article: ArticleView, related: ArticleLink[]): string {
  const { t } = page;
  const name = categoryName(page.locale, article.category);
  const date = new Intl.DateTimeFormat(page.locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(article.updatedAt);
  const relatedBlock = related.length
    ? `<aside class="related" aria-labelledby="related-title"><h2 id="related-title">${escapeHtml(t('related'))}</h2><ul>${related
        .map((link) => `<li><a href="${articleHref(page, link.slug)}">${icon('article')}<span>${escapeHtml(link.title)}</span></a></li>`)
        .join('')}</ul></aside>`
    : '';
  const main = `<div class="wrap narrow article-wrap">
  ${breadcrumb(page, [{ label: name, href: categoryHref(page, article.category) }, { label: article.title }])}
  <article class="article card" lang="${article.locale}" data-testid="article">
    <header class="article-header">
      <h1>${escapeHtml(article.title)}</h1>
      <p class="meta" lang="${page.locale}"><time datetime="${article.updatedAt.toISOString()}">${escapeHtml(t('updated', { date }))}</time></p>
    </header>
    <div class="prose">${article.html}</div>
  </article>
  <section class="feedback card" data-feedback data-article-id="${article.id}" aria-labelledby="feedback-title">
    <h2 id="feedback-title">${escapeHtml(t('helpfulQuestion'))}</h2>
    <div class="feedback-buttons">
      <button type="button" class="btn btn-outline" data-helpful="true" aria-pressed="false">${escapeHtml(t('yes'))}</button>
      <button type="button" class="btn btn-outline" data-helpful="false" aria-pressed="false">${escapeHtml(t('no'))}</button>
    </div>
    <p class="feedback-thanks" data-feedback-thanks role="status" hidden>${escapeHtml(t('feedbackThanks'))}</p>
    <p class="feedback-error" data-feedback-error role="alert" hidden>${escapeHtml(t('feedbackError'))}</p>
  </section>
  ${relatedBlock}
</div>`;
  return layout(
    page,
    { title: article.title, description: article.excerpt, canonical: `${page.publicUrl}/kb/${encodeURIComponent(article.slug)}`, htmlLang: article.locale, bodyClass: 'page-article' },
    main,
  );
}

export function notFoundPage(page: PortalContext): string {
  const { t } = page;
  const main = `<div class="wrap narrow status-page" data-testid="not-found">
  <p class="status-code">404</p>
  <h1>${escapeHtml(t('notFoundTitle'))}</h1>
  <p class="lead">${escapeHtml(t('notFoundLead'))}</p>
  ${searchForm(page)}
  <p><a class="btn btn-secondary" href="${escapeHtml(kbHref('/kb', page.locale))}">${escapeHtml(t('backHome'))}</a></p>
</div>`;
  return layout(page, { title: t('notFoundTitle'), description: t('notFoundLead'), canonical: canonical(page, '/kb'), noindex: true, bodyClass: 'page-status' }, main);
}

export function errorPage(page: PortalContext): string {
  const { t } = page;
  const main = `<div class="wrap narrow status-page">
  <h1>${escapeHtml(t('errorTitle'))}</h1>
  <p class="lead">${escapeHtml(t('errorLead'))}</p>
  <p><a class="btn btn-secondary" href="${escapeHtml(kbHref('/kb', page.locale))}">${escapeHtml(t('backHome'))}</a></p>
</div>`;
  return layout(page, { title: t('errorTitle'), description: t('errorLead'), canonical: canonical(page, '/kb'), noindex: true, bodyClass: 'page-status' }, main);
}
