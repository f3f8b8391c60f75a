/**
 * The search box in the top bar (issue #8, search): Enter opens `#/search?q=…`. It shows the
 * query of the search page being looked at, so refining a search starts from what was typed.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';

export function searchHash(q: string, type = 'all'): string {
  const params = new URLSearchParams({ q });
  if (type !== 'all') params.set('type', type);
  return `#/search?${params.toString()}`;
}

export function GlobalSearch({ current }: { current: string }) {
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  const submit = (event: Event) => {
    event.preventDefault();
    const text = q.trim();
    if (text) location.hash = searchHash(text.slice(0, 200));
  };
  return (
    <form class="global-search" role="search" onSubmit={submit}>
      <label for="global-search-input" class="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="global-search-input"
        type="search"
        data-testid="global-search"
        maxLength={200}
        placeholder={t('search.placeholder')}
        title={t('search.label')}
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <button type="submit" class="global-search-go" aria-label={t('search.submit')}>
        <span aria-hidden="true">⌕</span>
      </button>
    </form>
  );
}
