/** An article's saved revisions, newest first; each can be opened to read its text. */
import { useEffect, useState } from 'preact/hooks';
import { api, type ArticleRevision } from '../shared/api';
import { formatTime, t } from '../shared/i18n';

export function ArticleRevisions({ articleId, revision }: { articleId: number; revision: number }) {
  const [revisions, setRevisions] = useState<ArticleRevision[] | null>(null);
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Reloaded whenever the article's revision changes (after each save).
  useEffect(() => {
    api.articleRevisions(articleId).then(
      (page) => setRevisions(page.data),
      (caught: Error) => setError(t('error', { message: caught.message })),
    );
  }, [articleId, revision]);
  useEffect(() => {
    api.agents().then((page) => setNames(new Map(page.data.map((agent) => [agent.id, agent.name]))), () => undefined);
  }, []);

  return (
    <section class="revisions" aria-labelledby="revisions-title">
      <h3 id="revisions-title">{t('revisions')}</h3>
      {error && <p class="error">{error}</p>}
      {revisions && !revisions.length && <p class="empty">{t('noRevisions')}</p>}
      <ol data-testid="article-revisions">
        {revisions?.map((item) => (
          <li key={item.revision} data-testid="article-revision" data-revision={item.revision}>
            <div class="revision-head">
              <strong>{t('revisionNumber', { number: item.revision })}</strong>
              <span class="muted">
                {formatTime(item.createdAt)}
                {item.editedById !== null && names.has(item.editedById) ? ` · ${names.get(item.editedById)}` : ''}
              </span>
              <button type="button" class="link" aria-expanded={open === item.revision} onClick={() => setOpen(open === item.revision ? null : item.revision)}>
                {open === item.revision ? t('hide') : t('show')}
              </button>
            </div>
            <div class="muted">{item.title}</div>
            {open === item.revision && <pre class="revision-body">{item.body}</pre>}
          </li>
        ))}
      </ol>
    </section>
  );
}
