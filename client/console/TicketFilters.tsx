/**
 * The inbox's filter bar: status, priority, channel, category, value tier, tag, order and search.
 * Every filter lives in the address bar (see inboxQuery.ts); changing one writes the hash and
 * the list follows, so reload and back keep what the agent chose.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../shared/i18n';
import { ANY_STATUS, inboxHash, type FilterKey, type InboxQuery } from './inboxQuery';
import { categoryName, useCategories } from './TicketCategory';

const statuses = ['open', 'pending', 'solved', 'closed'] as const;
const priorities = ['urgent', 'high', 'normal', 'low'] as const;
const channels = ['email', 'chat', 'web'] as const;
const segments = ['high_value', 'regular', 'at_risk', 'never_bought'] as const;
const sorts = ['activity', 'waiting', 'due'] as const;

function go(query: InboxQuery, changes: Partial<Record<FilterKey, string>>): void {
  location.hash = inboxHash({ ...query, ...changes });
}

function Choice({ name, label, value, onPick, options }: { name: FilterKey; label: string; value: string; onPick: (value: string) => void; options: Array<[string, string]> }) {
  return (
    <label class="filter">
      <span class="visually-hidden">{label}</span>
      <select name={`${name}-filter`} data-testid={`${name}-filter`} title={label} value={value} onChange={(e) => onPick(e.currentTarget.value)}>
        {options.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A text filter applied on Enter (not on every key, which would refetch per letter). */
function TextFilter({ name, label, value, onApply, type }: { name: FilterKey; label: string; value: string; onApply: (value: string) => void; type: 'search' | 'text' }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      class={`filter ${name === 'q' ? 'search' : 'tag-filter'}`}
      role={name === 'q' ? 'search' : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft.trim());
      }}
    >
      <label>
        <span class="visually-hidden">{label}</span>
        <input type={type} name={`${name}-filter`} data-testid={`${name}-filter`} placeholder={label} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      </label>
    </form>
  );
}

export function TicketFilters({ query }: { query: InboxQuery }) {
  const { categories } = useCategories();
  const set = (key: FilterKey) => (value: string) => go(query, { [key]: value });
  const filtered = (['status', 'priority', 'channel', 'tag', 'category', 'segment', 'sort', 'q'] as const).some((key) => query[key]);
  return (
    <div class="ticket-filters" role="group" aria-label={t('inbox.filters')}>
      <Choice
        name="status"
        label={t('status')}
        value={query.status}
        onPick={set('status')}
        options={[['', t('inbox.status.default')], ...statuses.map((s): [string, string] => [s, t(`status.${s}` as MessageKey)]), [ANY_STATUS, t('inbox.status.any')]]}
      />
      <Choice name="priority" label={t('priority')} value={query.priority} onPick={set('priority')} options={[['', t('inbox.anyPriority')], ...priorities.map((p): [string, string] => [p, t(`priority.${p}` as MessageKey)])]} />
      <Choice name="channel" label={t('channel')} value={query.channel} onPick={set('channel')} options={[['', t('inbox.anyChannel')], ...channels.map((c): [string, string] => [c, t(`channel.${c}` as MessageKey)])]} />
      <Choice
        name="category"
        label={t('category')}
        value={query.category}
        onPick={set('category')}
        options={[['', t('allCategories')], ...categories.map((c): [string, string] => [c.key, categoryName(categories, c.key)])]}
      />
      <Choice name="segment" label={t('segment')} value={query.segment} onPick={set('segment')} options={[['', t('anySegment')], ...segments.map((s): [string, string] => [s, t(`segment.${s}` as MessageKey)])]} />
      <Choice name="sort" label={t('inbox.sort')} value={query.sort} onPick={set('sort')} options={[['', t('inbox.sort.default')], ...sorts.map((s): [string, string] => [s, t(`inbox.sort.${s}` as MessageKey)])]} />
      <TextFilter name="tag" label={t('inbox.tag')} value={query.tag} onApply={set('tag')} type="text" />
      <TextFilter name="q" label={t('search')} value={query.q} onApply={set('q')} type="search" />
      {filtered && (
        <button type="button" class="link" data-testid="clear-filters" onClick={() => (location.hash = inboxHash({ view: query.view, status: '', priority: '', channel: '', tag: '', category: '', segment: '', sort: '', q: '' }))}>
          {t('inbox.clearFilters')}
        </button>
      )}
    </div>
  );
}
