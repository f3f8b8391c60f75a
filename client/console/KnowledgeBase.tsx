/** The knowledge base (#/kb): find articles by words, language and category; write and edit them. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Agent, type Article, type KnowledgeLocale } from '../shared/api';
import { t } from '../shared/i18n';
import { ArticleEditor } from './ArticleEditor';
import { LocaleFilter, useSettled } from './formParts';

const PAGE = 50;

/** `selected`: the article open in the editor (from the address), 'new', or none. */
export function KnowledgeBase({ me, selected }: { me: Agent; selected: number | 'new' | null }) {
  const [q, setQ] = useState('');
  const [locale, setLocale] = useState<KnowledgeLocale | ''>('');
  const [category, setCategory] = useState('');
  const [categories, setCategories] = useState<Array<{ category: string; count: number }>>([]);
  const [list, setList] = useState<{ data: Article[]; total: number } | null>(null);
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useSettled(q);

  const fetchPage = (offset: number) => api.articles({ q: query.trim() || undefined, locale, category: category || undefined, limit: PAGE, offset });
  const failed = (caught: Error) => setError(t('error', { message: caught.message }));
  const load = () => {
    fetchPage(0).then((page) => {
      setList(page);
      setError(null);
    }, failed);
    api.articleCategories(locale).then((result) => setCategories(result.data), () => undefined);
  };
  const more = () => {
    if (!list) return;
    fetchPage(list.data.length).then((page) => setList({ data: [...list.data, ...page.data.filter((a) => !list.data.some((b) => b.id === a.id))], total: page.total }), failed);
  };
  useEffect(load, [query, locale, category]);

  useEffect(() => {
    if (typeof selected !== 'number') {
      setArticle(null);
      return;
    }
    if (article?.id === selected) return;
    api.article(selected).then(setArticle, (caught: unknown) =>
      setError(caught instanceof ApiError && caught.status === 404 ? t('articleNotFound') : t('error', { message: (caught as Error).message })),
    );
  }, [selected]);

  const saved = (next: Article) => {
    setArticle(next);
    load();
    if (selected !== next.id) location.hash = `#/kb/${next.id}`;
  };
  const open = selected !== null && (selected === 'new' || article?.id === selected);

  return (
    <section class={`knowledge-page kb-page ${open ? 'has-selection' : ''}`}>
      <h1>{t('knowledgeBase')}</h1>
      <div class="filters">
        <label class="grow">
          {t('searchArticles')}
          <input type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <LocaleFilter value={locale} onChange={setLocale} />
        <label>
          {t('category')}
          <select name="category-filter" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t('allCategories')}</option>
            {categories.map((item) => (
              <option key={item.category} value={item.category}>
                {item.category} ({item.count})
              </option>
            ))}
          </select>
        </label>
        <a class="button" href="#/kb/new" data-testid="article-new">
          {t('newArticle')}
        </a>
      </div>
      {error && <p class="error">{error}</p>}
      <div class="split">
        <div class="list-pane">
          {open && (
            <a class="back-to-list" href="#/kb">
              {t('backToArticles')}
            </a>
          )}
          {list && !list.data.length && <p class="empty">{t('noArticles')}</p>}
          {!list && !error && <p class="loading">{t('loading')}</p>}
          <ul class="item-list" data-testid="article-list">
            {list?.data.map((item) => (
              <li key={item.id} class={item.id === selected ? 'selected' : ''} data-testid="article-row">
                <a class="item" href={`#/kb/${item.id}`} aria-current={item.id === selected ? 'page' : undefined}>
                  <strong>{item.title}</strong>
                  <span class="muted">
                    <span class="badge">{item.category}</span> <span class="badge">{t(`locale.${item.locale}`)}</span>{' '}
                    {item.visibility === 'internal' && <span class="badge internal">{t('visibility.internal')}</span>} {t('helpfulCounts', { yes: item.helpful.yes, no: item.helpful.no })}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {list && list.total > list.data.length && (
            <div class="paging">
              <span>{t('shownOf', { shown: list.data.length, total: list.total })}</span>
              <button type="button" class="secondary" onClick={more}>
                {t('more')}
              </button>
            </div>
          )}
        </div>
        {open && (
          <ArticleEditor
            article={selected === 'new' ? null : article}
            isAdmin={me.role === 'admin'}
            categories={categories.map((item) => item.category)}
            onSaved={saved}
            onDeleted={() => {
              location.hash = '#/kb';
              load();
            }}
          />
        )}
      </div>
    </section>
  );
}
