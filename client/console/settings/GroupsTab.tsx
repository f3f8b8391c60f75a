/** Settings → groups: add, rename, delete (refused while tickets are in the group) and members. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type AgentGroup } from '../../shared/api';
import { t } from '../../shared/i18n';
import { ConfirmDelete } from '../formParts';
import { done, failed, OutcomeLine, type Outcome } from './parts';

function GroupRow({ group, agents, onChanged }: { group: AgentGroup; agents: Agent[]; onChanged: () => void }) {
  const [name, setName] = useState(group.name);
  const [members, setMembers] = useState<number[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const current = agents.filter((a) => a.groupIds.includes(group.id)).map((a) => a.id);
  const run = async (work: () => Promise<unknown>, message: string) => {
    try {
      await work();
      setOutcome(done(message));
      onChanged();
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };
  return (
    <li class="group-row" data-testid="group-row" data-name={group.name}>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.renameGroup(group.id, name), t('saved'));
        }}
      >
        <label class="grow">
          <span class="visually-hidden">{t('settings.groupName')}</span>
          <input name="group-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} aria-label={t('settings.groupName')} />
        </label>
        <button type="submit" class="secondary" disabled={name.trim() === group.name}>
          {t('settings.rename')}
        </button>
        <button type="button" class="secondary" aria-expanded={members !== null} onClick={() => setMembers(members ? null : current)}>
          {t('settings.members', { count: current.length })}
        </button>
        <ConfirmDelete onConfirm={() => void run(() => api.deleteGroup(group.id), t('settings.groupDeleted'))} />
      </form>
      {members && (
        <form
          class="settings-form"
          data-testid="group-members"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.setGroupMembers(group.id, members), t('saved')).then(() => setMembers(null));
          }}
        >
          <fieldset class="checks">
            <legend>{t('settings.membersOf', { name: group.name })}</legend>
            {agents.map((agent) => (
              <label key={agent.id} class="inline">
                <input type="checkbox" checked={members.includes(agent.id)} onChange={(e) => setMembers(e.currentTarget.checked ? [...members, agent.id] : members.filter((id) => id !== agent.id))} />
                {agent.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('settings.saveMembers')}</button>
        </form>
      )}
      <OutcomeLine outcome={outcome} />
    </li>
  );
}

export function GroupsTab() {
  const [groups, setGroups] = useState<AgentGroup[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const load = () =>
    Promise.all([api.groups(), api.settingsAgents()]).then(([g, a]) => {
      setGroups(g.data);
      setAgents(a.data);
    }, (caught: unknown) => setOutcome(failed(caught)));
  useEffect(() => void load(), []);

  const add = async (event: Event) => {
    event.preventDefault();
    try {
      await api.createGroup(name);
      setName('');
      setOutcome(done(t('settings.groupAdded')));
      await load();
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };

  return (
    <div class="settings-groups">
      <p class="muted">{t('settings.groupsHelp')}</p>
      {!groups.length && <p class="empty">{t('settings.noGroups')}</p>}
      <ul class="group-list">
        {groups.map((group) => (
          <GroupRow key={group.id} group={group} agents={agents} onChanged={() => void load()} />
        ))}
      </ul>
      <form class="settings-form row" data-testid="new-group-form" onSubmit={add}>
        <label class="grow">
          {t('settings.newGroup')}
          <input name="new-group" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('settings.addGroup')}</button>
      </form>
      <OutcomeLine outcome={outcome} />
    </div>
  );
}
