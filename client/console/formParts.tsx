/** Small pieces shared by the template and article editors. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { knowledgeLocales, type KnowledgeLocale } from '../shared/api';
import { t } from '../shared/i18n';

/** "a, b，c" → ['a', 'b', 'c'] (Chinese commas too). */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((part) => part.trim()).filter(Boolean))];
}

export function joinList(items: string[]): string {
  return items.join(', ');
}

/** Delete in two clicks, without a browser dialog: "Delete" then "Really delete?". */
export function ConfirmDelete({ onConfirm }: { onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger secondary" onClick={() => setAsking(true)}>
        {t('delete')}
      </button>
    );
  }
  return (
    <span class="confirm">
      <button type="button" class="danger" data-testid="confirm-delete" onClick={onConfirm}>
        {t('confirmDelete')}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </span>
  );
}

/** A language filter: all, English, Chinese. */
export function LocaleFilter({ value, onChange }: { value: KnowledgeLocale | ''; onChange: (locale: KnowledgeLocale | '') => void }) {
  return (
    <label>
      {t('language')}
      <select name="locale-filter" value={value} onChange={(e) => onChange(e.currentTarget.value as KnowledgeLocale | '')}>
        <option value="">{t('allLanguages')}</option>
        {knowledgeLocales.map((locale) => (
          <option key={locale} value={locale}>
            {t(`locale.${locale}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Runs `reset` when `key` changes to show another record, but not when the form first appears:
 * its state already starts from the record, and a reset run after the first paint would wipe
 * what was typed in the meantime.
 */
export function useResetWhenChanged(key: string, reset: () => void): void {
  const shown = useRef(key);
  useEffect(() => {
    if (shown.current === key) return;
    shown.current = key;
    reset();
  }, [key]);
}

/**
 * For loads that can overlap (filters changed, a live reload, fast typing): `begin()` starts a
 * request and returns `isLatest`, true while no newer request has begun. Only the latest may
 * write state when its answer arrives, or a late answer for an earlier request would win.
 */
export function useLatestRequest(): () => () => boolean {
  const latest = useRef(0);
  return () => {
    const request = ++latest.current;
    return () => request === latest.current;
  };
}

/** The value of a search box, settled after a short pause in typing (one request, not one per key). */
export function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}
