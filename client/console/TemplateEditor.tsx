/** One reply template: admins edit, create and delete it; agents read it. */
import { useRef, useState } from 'preact/hooks';
import { api, knowledgeLocales, type ReplyTemplate, type TemplateInput } from '../shared/api';
import { t } from '../shared/i18n';
import { ConfirmDelete, joinList, splitList, useResetWhenChanged } from './formParts';

interface Form {
  title: string;
  locale: TemplateInput['locale'];
  keywords: string;
  examples: string;
  body: string;
}

const toForm = (template: ReplyTemplate | null, locale: TemplateInput['locale']): Form =>
  template
    ? { title: template.title, locale: template.locale, keywords: joinList(template.keywords), examples: template.examples.join('\n'), body: template.body }
    : { title: '', locale, keywords: '', examples: '', body: '' };

export function TemplateEditor(props: {
  template: ReplyTemplate | null;
  canEdit: boolean;
  defaultLocale: TemplateInput['locale'];
  onSaved: (template: ReplyTemplate) => void;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const { template, canEdit } = props;
  const [form, setForm] = useState<Form>(toForm(template, props.defaultLocale));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The template this form just saved: showing it (a new one gets its id) keeps the "Saved" notice. */
  const justSaved = useRef<number | null>(null);
  useResetWhenChanged(String(template?.id), () => {
    setForm(toForm(template, props.defaultLocale));
    setError(null);
    if (template?.id !== justSaved.current) {
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
    const input: TemplateInput = {
      title: form.title.trim(),
      locale: form.locale,
      keywords: splitList(form.keywords),
      examples: form.examples.split('\n').map((line) => line.trim()).filter(Boolean),
      body: form.body,
    };
    try {
      const result = template ? await api.updateTemplate(template.id, input) : await api.createTemplate(input);
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
    if (!template) return;
    try {
      await api.deleteTemplate(template.id);
      props.onDeleted();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <form class="editor" data-testid="template-editor" onSubmit={submit} aria-labelledby="template-editor-title">
      <div class="editor-head">
        <h2 id="template-editor-title">{template ? template.title : t('newTemplate')}</h2>
        <button type="button" class="link" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
      {template && (
        <p class="muted">
          {t('usageCount', { count: template.usageCount })} · {t('learnedCount', { count: template.learnedExamples })}
        </p>
      )}
      <fieldset disabled={!canEdit || busy}>
        <label>
          {t('title')}
          <input name="title" required maxLength={200} value={form.title} onInput={set('title')} />
        </label>
        <label>
          {t('language')}
          <select name="locale" value={form.locale} onChange={set('locale')}>
            {knowledgeLocales.map((locale) => (
              <option key={locale} value={locale}>
                {t(`locale.${locale}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="wide">
          {t('keywordsComma')}
          <input name="keywords" value={form.keywords} onInput={set('keywords')} />
        </label>
        <label class="wide">
          {t('examplesPerLine')}
          <textarea name="examples" rows={4} value={form.examples} onInput={set('examples')} />
        </label>
        <label class="wide">
          {t('templateBody')}
          <textarea name="body" rows={10} required value={form.body} onInput={set('body')} aria-describedby="placeholder-help" />
        </label>
        <p id="placeholder-help" class="muted wide">
          {t('placeholderHelp')} <code>{'{{customer.name}} {{customer.email}} {{ticket.number}} {{ticket.subject}} {{agent.name}} {{company.name}}'}</code>
        </p>
      </fieldset>
      {error && (
        <p class="error" role="alert" data-testid="template-error">
          {t('error', { message: error })}
        </p>
      )}
      {saved && (
        <p class="notice" role="status">
          {t('saved')}
        </p>
      )}
      {canEdit && (
        <div class="actions">
          <button type="submit" data-testid="template-save" disabled={busy}>
            {t('save')}
          </button>
          {template && <ConfirmDelete onConfirm={remove} />}
        </div>
      )}
    </form>
  );
}
