/**
 * Admins: the ticket categories and their sub-categories, each with an English and a Chinese
 * name. Nothing is stored until "Save"; saved keys cannot be renamed (tickets keep their keys).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type TicketCategory } from '../shared/api';
import { t } from '../shared/i18n';

interface DraftItem {
  key: string;
  en: string;
  zh: string;
  /** Not saved yet: its key may still be edited. */
  fresh: boolean;
}
interface DraftCategory extends DraftItem {
  subcategories: DraftItem[];
}

const blank = (): DraftItem => ({ key: '', en: '', zh: '', fresh: true });

function toDraft(categories: TicketCategory[]): DraftCategory[] {
  const item = (entry: { key: string; label: { en: string; 'zh-CN': string } }): DraftItem => ({ key: entry.key, en: entry.label.en, zh: entry.label['zh-CN'], fresh: false });
  return categories.map((c) => ({ ...item(c), subcategories: c.subcategories.map(item) }));
}

function fromDraft(draft: DraftCategory[]): TicketCategory[] {
  const entry = (item: DraftItem) => ({ key: item.key.trim(), label: { en: item.en.trim(), 'zh-CN': item.zh.trim() } });
  return draft.map((c) => ({ ...entry(c), subcategories: c.subcategories.map(entry) }));
}

/** One key with its two names, and a remove button. */
function LabelRow({ item, onChange, onRemove }: { item: DraftItem; onChange: (item: DraftItem) => void; onRemove: () => void }) {
  const set = (field: 'key' | 'en' | 'zh', value: string) => onChange({ ...item, [field]: field === 'key' ? value.toLowerCase().replace(/\s+/g, '-') : value });
  return (
    <div class="label-row">
      <label>
        {t('categoryKey')}
        <input name="key" required pattern="[a-z0-9_\-]{1,60}" maxLength={60} readOnly={!item.fresh} value={item.key} onInput={(e) => set('key', e.currentTarget.value)} />
      </label>
      <label>
        {t('labelEn')}
        <input name="en" required maxLength={80} value={item.en} onInput={(e) => set('en', e.currentTarget.value)} />
      </label>
      <label>
        {t('labelZh')}
        <input name="zh-CN" required maxLength={80} value={item.zh} onInput={(e) => set('zh', e.currentTarget.value)} />
      </label>
      <button type="button" class="danger secondary small" aria-label={t('removeItem', { name: item.en || item.key })} onClick={onRemove}>
        {t('remove')}
      </button>
    </div>
  );
}

export function CategoryEditor({ categories, onSaved }: { categories: TicketCategory[]; onSaved: (categories: TicketCategory[]) => void }) {
  const [draft, setDraft] = useState<DraftCategory[]>(() => toDraft(categories));
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(toDraft(categories)), [categories]);

  const update = (index: number, change: (category: DraftCategory) => DraftCategory | null) => {
    setNotice(null);
    setDraft((list) => list.flatMap((category, i) => (i !== index ? [category] : (change(category) ?? []))));
  };
  const updateSub = (index: number, subIndex: number, next: DraftItem | null) =>
    update(index, (category) => ({ ...category, subcategories: category.subcategories.flatMap((sub, j) => (j !== subIndex ? [sub] : next ? [next] : [])) }));

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      const saved = await api.saveCategories(fromDraft(draft));
      setDraft(toDraft(saved));
      setNotice({ ok: true, text: t('saved') });
      onSaved(saved);
    } catch (caught) {
      setNotice({ ok: false, text: t('error', { message: (caught as Error).message }) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="category-editor editor" data-testid="category-editor" onSubmit={save} aria-labelledby="category-editor-title">
      <h2 id="category-editor-title">{t('ticketCategories')}</h2>
      <p class="muted">{t('categoriesHelp')}</p>
      <ol class="category-items">
        {draft.map((category, index) => (
          <li key={index} data-testid="category-item" data-key={category.key}>
            <LabelRow item={category} onChange={(next) => update(index, (c) => ({ ...c, ...next }))} onRemove={() => update(index, () => null)} />
            <ul class="subcategory-items">
              {category.subcategories.map((sub, subIndex) => (
                <li key={subIndex} data-testid="subcategory-item" data-key={sub.key}>
                  <LabelRow item={sub} onChange={(next) => updateSub(index, subIndex, next)} onRemove={() => updateSub(index, subIndex, null)} />
                </li>
              ))}
            </ul>
            <button type="button" class="secondary small" data-testid="add-subcategory" onClick={() => update(index, (c) => ({ ...c, subcategories: [...c.subcategories, blank()] }))}>
              {t('addSubcategory')}
            </button>
          </li>
        ))}
      </ol>
      <div class="actions">
        <button type="button" class="secondary" data-testid="add-category" onClick={() => setDraft((list) => [...list, { ...blank(), subcategories: [] }])}>
          {t('addCategory')}
        </button>
        <button type="submit" data-testid="save-categories" disabled={saving}>
          {t('saveCategories')}
        </button>
      </div>
      {notice && (
        <p class={notice.ok ? 'notice' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="categories-notice">
          {notice.text}
        </p>
      )}
    </form>
  );
}
