/**
 * The bar shown while tickets are selected in the inbox: assign (to me or a colleague), mark
 * solved, set priority, add a tag. One request changes them all (POST /api/tickets/bulk); the bar
 * then says how many changed and why any did not, and the list reloads.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type BulkTicketChanges, type BulkTicketResult } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';

const priorities = ['urgent', 'high', 'normal', 'low'] as const;

export function BulkBar({ ids, me, onDone, onClear }: { ids: number[]; me: Agent; onDone: (result: BulkTicketResult) => void; onClear: () => void }) {
  const [agents, setAgents] = useState<Agent[]>([]);
  const [tag, setTag] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.agents().then((page) => setAgents(page.data.filter((agent) => agent.active)), () => undefined);
  }, []);

  const apply = async (changes: BulkTicketChanges) => {
    setWorking(true);
    setError(null);
    try {
      onDone(await api.bulkTickets(ids, changes));
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    } finally {
      setWorking(false);
    }
  };

  return (
    <div class="bulk-bar" role="region" aria-label={t('inbox.bulkActions')} data-testid="bulk-bar">
      <strong data-testid="bulk-count">{t('inbox.selected', { count: ids.length })}</strong>
      <button type="button" data-testid="bulk-assign-me" disabled={working} onClick={() => apply({ assigneeId: me.id })}>
        {t('inbox.assignToMe')}
      </button>
      <label>
        <span class="visually-hidden">{t('inbox.assignTo')}</span>
        <select
          data-testid="bulk-assign"
          disabled={working}
          value=""
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value) void apply({ assigneeId: value === 'none' ? null : Number(value) });
          }}
        >
          <option value="">{t('inbox.assignTo')}</option>
          <option value="none">{t('unassigned')}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="bulk-solve" disabled={working} onClick={() => apply({ status: 'solved' })}>
        {t('inbox.markSolved')}
      </button>
      <label>
        <span class="visually-hidden">{t('inbox.setPriority')}</span>
        <select
          data-testid="bulk-priority"
          disabled={working}
          value=""
          onChange={(e) => {
            const value = e.currentTarget.value as (typeof priorities)[number] | '';
            if (value) void apply({ priority: value });
          }}
        >
          <option value="">{t('inbox.setPriority')}</option>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <form
        class="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim();
          if (value) void apply({ addTags: [value] }).then(() => setTag(''));
        }}
      >
        <label>
          <span class="visually-hidden">{t('inbox.newTag')}</span>
          <input type="text" data-testid="bulk-tag-input" placeholder={t('inbox.newTag')} value={tag} maxLength={50} onInput={(e) => setTag(e.currentTarget.value)} />
        </label>
        <button type="submit" data-testid="bulk-tag" disabled={working || !tag.trim()}>
          {t('inbox.addTag')}
        </button>
      </form>
      <button type="button" class="link" data-testid="bulk-clear" onClick={onClear}>
        {t('inbox.clearSelection')}
      </button>
      {working && <span aria-live="polite">{t('inbox.working')}</span>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
