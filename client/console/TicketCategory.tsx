/**
 * A ticket's classification beside its status and priority: category, sub-category and product.
 * Also the small helpers other pages use to load the configured categories and name them.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type LocalizedLabel, type Ticket, type TicketCategory as Category, type TicketChanges } from '../shared/api';
import { getLocale, t } from '../shared/i18n';

/** The configured categories, loaded once per mount (and again when `version` changes). */
export function useCategories(version = 0): { categories: Category[]; error: string | null } {
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.categories().then(
      (list) => {
        if (live) setCategories(list);
      },
      (caught: Error) => {
        if (live) setError(t('error', { message: caught.message }));
      },
    );
    return () => {
      live = false;
    };
  }, [version]);
  return { categories, error };
}

export function labelOf(label: LocalizedLabel): string {
  return label[getLocale()] || label.en;
}

/** A category key in the console's language; a key no longer configured is shown as it is. */
export function categoryName(categories: Category[], key: string): string {
  const found = categories.find((c) => c.key === key);
  return found ? labelOf(found.label) : key;
}

export function subcategoryName(categories: Category[], category: string | null, key: string): string {
  const found = categories.find((c) => c.key === category)?.subcategories.find((s) => s.key === key);
  return found ? labelOf(found.label) : key;
}

/** The options of a select: the configured ones, plus the current value if it is no longer configured. */
function withCurrent(items: Array<{ key: string; label: LocalizedLabel }>, current: string | null) {
  const options = items.map((item) => ({ key: item.key, text: labelOf(item.label) }));
  return current && !items.some((item) => item.key === current) ? [...options, { key: current, text: current }] : options;
}

export function TicketCategory({ ticket, onUpdated }: { ticket: Ticket; onUpdated: (ticket: Ticket) => void }) {
  const { categories, error: loadError } = useCategories();
  const [product, setProduct] = useState(ticket.product ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setProduct(ticket.product ?? ''), [ticket.id, ticket.product]);

  const save = async (changes: TicketChanges) => {
    setSaving(true);
    try {
      onUpdated(await api.updateTicket(ticket.id, changes));
      setError(null);
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    } finally {
      setSaving(false);
    }
  };
  const saveProduct = () => {
    const value = product.trim();
    if (value !== (ticket.product ?? '')) void save({ product: value || null });
  };

  const category = categories.find((c) => c.key === ticket.category);
  const subcategories = withCurrent(category?.subcategories ?? [], ticket.subcategory);
  return (
    <fieldset class="classification" data-testid="classification" aria-busy={saving}>
      <legend>{t('classification')}</legend>
      <label>
        {t('category')}
        <select name="category" data-testid="ticket-category" value={ticket.category ?? ''} onChange={(e) => void save({ category: e.currentTarget.value || null })}>
          <option value="">{t('notClassified')}</option>
          {withCurrent(categories, ticket.category).map((option) => (
            <option key={option.key} value={option.key}>
              {option.text}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('subcategory')}
        <select
          name="subcategory"
          data-testid="ticket-subcategory"
          value={ticket.subcategory ?? ''}
          disabled={!ticket.category || !subcategories.length}
          onChange={(e) => void save({ subcategory: e.currentTarget.value || null })}
        >
          <option value="">{t('noSubcategory')}</option>
          {subcategories.map((option) => (
            <option key={option.key} value={option.key}>
              {option.text}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('product')}
        <input
          name="product"
          data-testid="ticket-product"
          maxLength={120}
          placeholder={t('productPlaceholder')}
          value={product}
          onInput={(e) => setProduct(e.currentTarget.value)}
          onBlur={saveProduct}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveProduct();
            }
          }}
        />
      </label>
      {(error ?? loadError) && (
        <p class="error" role="alert" data-testid="classification-error">
          {error ?? loadError}
        </p>
      )}
    </fieldset>
  );
}
