/** Beside a ticket: the reply templates and articles ranked for the customer's latest message. */
import { useEffect, useState } from 'preact/hooks';
import { api, type ArticleSuggestion, type Suggestion, type Suggestions } from '../shared/api';
import { t } from '../shared/i18n';

/** Loads the ticket's suggestions, and again whenever `version` changes (a new customer message). */
export function useSuggestions(ticketId: number, version: number): { suggestions: Suggestions | null; error: string | null } {
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setSuggestions(null), [ticketId]);
  useEffect(() => {
    let current = true;
    api.ticketSuggestions(ticketId).then(
      (result) => {
        if (!current) return;
        setSuggestions(result);
        setError(null);
      },
      (caught: Error) => current && setError(t('error', { message: caught.message })),
    );
    return () => {
      current = false;
    };
  }, [ticketId, version]);
  return { suggestions, error };
}

const percent = (score: number) => Math.round(Math.min(1, Math.max(0, score)) * 100);

/** The first few lines of a body, for a glance. */
function preview(body: string): string {
  const lines = body.split('\n').filter((line) => line.trim());
  return lines.slice(0, 3).join('\n') + (lines.length > 3 ? '\n…' : '');
}

function TemplateSuggestion({ item, onInsert }: { item: Suggestion; onInsert: () => void }) {
  return (
    <li class="suggestion" data-testid="suggestion-item" data-template-id={item.templateId}>
      <div class="suggestion-head">
        <strong class="suggestion-title">{item.title}</strong>
        <span class="score" title={t('scoreTitle')}>
          <span class="score-bar" aria-hidden="true">
            <span style={{ width: `${percent(item.score)}%` }} />
          </span>
          {percent(item.score)}%
        </span>
      </div>
      {item.matched.length > 0 && (
        <ul class="chips" aria-label={t('matchedWords')}>
          {item.matched.map((word) => (
            <li key={word} class="chip" data-testid="suggestion-matched">
              {word}
            </li>
          ))}
        </ul>
      )}
      <p class="suggestion-preview">{preview(item.body)}</p>
      <button type="button" class="small" data-testid="suggestion-insert" onClick={onInsert}>
        {t('insert')}
        <span class="visually-hidden">: {item.title}</span>
      </button>
    </li>
  );
}

function ArticleItem({ article, onInsertLink }: { article: ArticleSuggestion; onInsertLink: (url: string) => void }) {
  const [busy, setBusy] = useState(false);
  const insertLink = async () => {
    setBusy(true);
    // The article's own URL (the server knows the public address); the page's origin if that fails.
    const url = await api.article(article.articleId).then((full) => full.url, () => `${location.origin}/kb/${article.slug}`);
    setBusy(false);
    onInsertLink(url);
  };
  const isPublic = article.visibility === 'public';
  return (
    <li class="suggestion article" data-testid="suggestion-article" data-article-id={article.articleId}>
      <div class="suggestion-head">
        {isPublic ? (
          <a href={`/kb/${encodeURIComponent(article.slug)}`} target="_blank" rel="noopener">
            {article.title}
          </a>
        ) : (
          <a href={`#/kb/${article.articleId}`}>{article.title}</a>
        )}
        {!isPublic && <span class="badge internal">{t('visibility.internal')}</span>}
        <span class="score">{percent(article.score)}%</span>
      </div>
      {isPublic && (
        <button type="button" class="small secondary" data-testid="suggestion-article-link" disabled={busy} onClick={insertLink}>
          {t('insertLink')}
          <span class="visually-hidden">: {article.title}</span>
        </button>
      )}
    </li>
  );
}

export function SuggestionsPanel(props: {
  suggestions: Suggestions | null;
  error: string | null;
  onInsertTemplate: (suggestion: Suggestion) => void;
  onInsertText: (text: string) => void;
}) {
  const { suggestions, error } = props;
  const empty = suggestions && !suggestions.data.length && !suggestions.articles.length;
  return (
    <aside class="suggestions" data-testid="suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t('suggestions')}</h2>
      {error && <p class="error">{error}</p>}
      {!suggestions && !error && <p class="loading">{t('loading')}</p>}
      {empty && (
        <p class="empty" data-testid="suggestions-empty">
          {t('noSuggestions')}
        </p>
      )}
      {suggestions && suggestions.data.length > 0 && (
        <>
          <h3>{t('replyTemplates')}</h3>
          <ol class="suggestion-list">
            {suggestions.data.map((item) => (
              <TemplateSuggestion key={item.templateId} item={item} onInsert={() => props.onInsertTemplate(item)} />
            ))}
          </ol>
        </>
      )}
      {suggestions && suggestions.articles.length > 0 && (
        <>
          <h3>{t('articles')}</h3>
          <ol class="suggestion-list">
            {suggestions.articles.map((article) => (
              <ArticleItem key={article.articleId} article={article} onInsertLink={props.onInsertText} />
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
