/** In the reply box: search all reply templates and insert one, suggested or not. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, knowledgeLocales, type KnowledgeLocale, type ReplyTemplate, type Suggestions } from '../shared/api';
import { t } from '../shared/i18n';
import { fillTemplate, type PlaceholderValues } from './fillTemplate';
import { LocaleFilter } from './formParts';

export function TemplatePicker(props: { suggestions: Suggestions | null; values: PlaceholderValues; onInsert: (body: string, templateId: number, title: string) => void }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [locale, setLocale] = useState<KnowledgeLocale | ''>('');
  const [templates, setTemplates] = useState<ReplyTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    // A short pause while typing, so each keystroke is not a request.
    const timer = setTimeout(() => {
      api.templates({ q: q.trim() || undefined, locale, limit: 50 }).then(
        (page) => current && (setTemplates(page.data), setError(null)),
        (caught: Error) => current && setError(t('error', { message: caught.message })),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, q, locale]);
  useEffect(() => {
    if (!open) return;
    search.current?.focus();
    // The language the customer wrote in, when known.
    const detected = props.suggestions?.locale;
    setLocale(knowledgeLocales.find((l) => l === detected) ?? '');
  }, [open]);

  const pick = (template: ReplyTemplate) => {
    // The server's rendering when the template is among the suggestions; else filled in here.
    const suggested = props.suggestions?.data.find((s) => s.templateId === template.id);
    props.onInsert(suggested ? suggested.body : fillTemplate(template.body, props.values), template.id, template.title);
    setOpen(false);
  };

  return (
    <div class="template-picker">
      <button type="button" class="secondary" aria-expanded={open} data-testid="template-picker" onClick={() => setOpen(!open)}>
        {t('chooseTemplate')}
      </button>
      {open && (
        <div class="picker-popover" data-testid="template-picker-list" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <label>
            {t('searchTemplates')}
            <input ref={search} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </label>
          <LocaleFilter value={locale} onChange={setLocale} />
          {error && <p class="error">{error}</p>}
          {!templates && !error && <p class="loading">{t('loading')}</p>}
          {templates && !templates.length && <p class="empty">{t('noTemplates')}</p>}
          <ul>
            {templates?.map((template) => (
              <li key={template.id}>
                <button type="button" class="link picker-item" data-testid="template-picker-item" onClick={() => pick(template)}>
                  {template.title}
                </button>
                <span class="badge">{t(`locale.${template.locale}`)}</span>
              </li>
            ))}
          </ul>
          <button type="button" class="small secondary" onClick={() => setOpen(false)}>
            {t('close')}
          </button>
        </div>
      )}
    </div>
  );
}
