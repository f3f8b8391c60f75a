/** Writing one knowledge-base article: its fields, the Markdown with a preview, and what it has earned. */
import { useRef, useState } from 'preact/hooks';
import { api, knowledgeLocales, type Article, type ArticleInput } from '../shared/api';
import { getLocale, t } from '../shared/i18n';
import { ArticleRevisions } from './ArticleRevisions';
import { ConfirmDelete, joinList, splitList, useResetWhenChanged } from './formParts';
import { MarkdownPreview } from './MarkdownPreview';

type Form = Omit<ArticleInput, 'keywords' | 'slug'> & { keywords: string; slug: string };

const toForm = (article: Article | null): Form =>
  article
    ? { title: article.title, slug: article.slug, body: article.body, category: article.category, keywords: joinList(article.keywords), visibility: article.visibility, locale: article.locale }
    : { title: '', slug: '', body: '', category: '', keywords: '', visibility: 'public', locale: getLocale() === 'zh-CN' ? 'zh-CN' : 'en' };

export function ArticleEditor(props: { article: Article | null; isAdmin: boolean; categories: string[]; onSaved: (article: Article) => void; onDeleted: () => void }) {
  const { article } = props;
  const [form, setForm] = useState<Form>(toForm(article));
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The article this form just saved: showing it again (new revision, new address) keeps "Saved". */
  const justSaved = useRef<number | null>(null);
  useResetWhenChanged(`${article?.id}:${article?.revision}`, () => {
    setForm(toForm(article));
    setError(null);
    if (article?.id !== justSaved.current) {
      justSaved.current = null;
      setSaved(false);
    }
  });

  const set = (key: keyof Form) => (e: { currentTarget: { value: string } }) => {
    setForm({ ...form, [key]: e.currentTarget.value });
    setSaved(false);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const slug = form.slug.trim();
    const input: ArticleInput = { ...form, title: form.title.trim(), category: form.category.trim(), keywords: splitList(form.keywords), slug: slug || undefined };
    try {
      const result = article ? await api.updateArticle(article.id, input) : await api.createArticle(input);
      setError(null);
      setSaved(true);
      justSaved.current = result.id;
      props.onSaved(result);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!article) return;
    await api.deleteArticle(article.id).then(props.onDeleted, (caught: Error) => setError(caught.message));
  };

  return (
    <div class="article-page">
      <form class="editor" data-testid="article-editor" onSubmit={submit} aria-labelledby="article-editor-title">
        <div class="editor-head">
          <h2 id="article-editor-title">{article ? article.title : t('newArticle')}</h2>
          {article && <span class="badge" data-testid="article-revision-number">{t('revisionNumber', { number: article.revision })}</span>}
        </div>
        {article && (
          <p class="muted" data-testid="article-facts">
            {t('helpfulCounts', { yes: article.helpful.yes, no: article.helpful.no })}
            {article.visibility === 'public' && (
              <>
                {' · '}
                <a href={article.url} target="_blank" rel="noopener" data-testid="article-public-link">
                  {t('openPublicPage')}
                </a>
              </>
            )}
          </p>
        )}
        <fieldset disabled={busy}>
          <label class="wide">
            {t('title')}
            <input name="title" required maxLength={300} value={form.title} onInput={set('title')} />
          </label>
          <label>
            {t('slug')}
            <input name="slug" maxLength={160} pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder={t('slugAuto')} value={form.slug} onInput={set('slug')} />
          </label>
          <label>
            {t('category')}
            <input name="category" required maxLength={60} list="kb-categories" value={form.category} onInput={set('category')} />
            <datalist id="kb-categories">
              {props.categories.map((category) => <option key={category} value={category} />)}
            </datalist>
          </label>
          <label>
            {t('language')}
            <select name="locale" value={form.locale} onChange={set('locale')}>
              {knowledgeLocales.map((locale) => <option key={locale} value={locale}>{t(`locale.${locale}`)}</option>)}
            </select>
          </label>
          <label>
            {t('visibility')}
            <select name="visibility" value={form.visibility} onChange={set('visibility')}>
              <option value="public">{t('visibility.public')}</option>
              <option value="internal">{t('visibility.internal')}</option>
            </select>
          </label>
          <label class="wide">
            {t('keywordsComma')}
            <input name="keywords" value={form.keywords} onInput={set('keywords')} />
          </label>
          <div class="wide">
            <div class="tab-buttons" role="tablist">
              <button type="button" role="tab" aria-selected={tab === 'write'} class={tab === 'write' ? 'small' : 'small secondary'} onClick={() => setTab('write')}>
                {t('write')}
              </button>
              <button type="button" role="tab" aria-selected={tab === 'preview'} class={tab === 'preview' ? 'small' : 'small secondary'} data-testid="article-preview-tab" onClick={() => setTab('preview')}>
                {t('preview')}
              </button>
            </div>
            {tab === 'write' ? (
              <label>
                {t('articleBody')}
                <textarea name="body" rows={14} required value={form.body} onInput={set('body')} />
              </label>
            ) : (
              <MarkdownPreview markdown={form.body} />
            )}
          </div>
        </fieldset>
        {error && (
          <p class="error" role="alert" data-testid="article-error">
            {t('error', { message: error })}
          </p>
        )}
        {saved && (
          <p class="notice" role="status">
            {t('saved')}
          </p>
        )}
        <div class="actions">
          <button type="submit" data-testid="article-save" disabled={busy}>
            {t('save')}
          </button>
          {article && props.isAdmin && <ConfirmDelete onConfirm={remove} />}
        </div>
      </form>
      {article && <ArticleRevisions articleId={article.id} revision={article.revision} />}
    </div>
  );
}
