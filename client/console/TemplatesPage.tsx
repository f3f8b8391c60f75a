/** Reply templates: search and read them (agents), write them and set automatic answers (admins). */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type KnowledgeLocale, type ReplyTemplate } from '../shared/api';
import { getLocale, t } from '../shared/i18n';
import { AutoAnswerSettings } from './AutoAnswerSettings';
import { LocaleFilter, useSettled } from './formParts';
import { TemplateEditor } from './TemplateEditor';

const PAGE = 200;

export function TemplatesPage({ me }: { me: Agent }) {
  const isAdmin = me.role === 'admin';
  const [q, setQ] = useState('');
  const [locale, setLocale] = useState<KnowledgeLocale | ''>('');
  const [list, setList] = useState<{ data: ReplyTemplate[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The template open in the editor; 'new' for a new one. */
  const [selected, setSelected] = useState<ReplyTemplate | 'new' | null>(null);
  const query = useSettled(q);

  const load = () =>
    api.templates({ q: query.trim() || undefined, locale, limit: PAGE }).then(
      (page) => {
        setList(page);
        setError(null);
      },
      (caught: Error) => setError(t('error', { message: caught.message })),
    );
  useEffect(() => {
    void load();
  }, [query, locale]);

  const saved = (template: ReplyTemplate) => {
    setSelected(template);
    void load();
  };

  return (
    <section class={`knowledge-page templates-page ${selected ? 'has-selection' : ''}`}>
      <h1>{t('replyTemplates')}</h1>
      {isAdmin && <AutoAnswerSettings />}
      <div class="filters">
        <label class="grow">
          {t('searchTemplates')}
          <input type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <LocaleFilter value={locale} onChange={setLocale} />
        {isAdmin && (
          <button type="button" data-testid="template-new" onClick={() => setSelected('new')}>
            {t('newTemplate')}
          </button>
        )}
      </div>
      {error && <p class="error">{error}</p>}
      <div class="split">
        <div class="list-pane">
          {list && !list.data.length && <p class="empty">{t('noTemplates')}</p>}
          {!list && !error && <p class="loading">{t('loading')}</p>}
          <ul class="item-list" data-testid="template-list">
            {list?.data.map((template) => (
              <li key={template.id} class={selected !== 'new' && selected?.id === template.id ? 'selected' : ''} data-testid="template-row">
                <button type="button" class="item" onClick={() => setSelected(template)} aria-current={selected !== 'new' && selected?.id === template.id}>
                  <strong>{template.title}</strong>
                  <span class="muted">
                    <span class="badge">{t(`locale.${template.locale}`)}</span> {t('usageCount', { count: template.usageCount })} · {t('learnedCount', { count: template.learnedExamples })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {list && list.total > list.data.length && <p class="muted">{t('shownOf', { shown: list.data.length, total: list.total })}</p>}
        </div>
        {selected && (
          <TemplateEditor
            template={selected === 'new' ? null : selected}
            canEdit={isAdmin}
            defaultLocale={locale || (getLocale() === 'zh-CN' ? 'zh-CN' : 'en')}
            onSaved={saved}
            onDeleted={() => {
              setSelected(null);
              void load();
            }}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </section>
  );
}
