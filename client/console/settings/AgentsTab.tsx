/** Settings → agents: the list, adding an agent, and editing role, active, groups and password. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type AgentGroup, type AgentInput, type Role } from '../../shared/api';
import { t } from '../../shared/i18n';
import { roleLabel, useRoles } from '../roles';
import { done, failed, OutcomeLine, type Outcome } from './parts';

const emptyAgent: AgentInput = { name: '', email: '', password: '', role: 'agent', groupIds: [] };

function GroupChecks({ groups, value, onChange }: { groups: AgentGroup[]; value: number[]; onChange: (ids: number[]) => void }) {
  if (!groups.length) return <p class="muted">{t('settings.noGroups')}</p>;
  return (
    <fieldset class="checks">
      <legend>{t('settings.tab.groups')}</legend>
      {groups.map((group) => (
        <label key={group.id} class="inline">
          <input type="checkbox" checked={value.includes(group.id)} onChange={(e) => onChange(e.currentTarget.checked ? [...value, group.id] : value.filter((id) => id !== group.id))} />
          {group.name}
        </label>
      ))}
    </fieldset>
  );
}

function RoleSelect({ value, roles, onChange }: { value: string; roles: Role[]; onChange: (role: string) => void }) {
  const names = ['admin', ...roles.map((role) => role.name)];
  // An agent keeps showing a role that is gone from the list, rather than silently switching.
  if (!names.includes(value)) names.push(value);
  return (
    <label>
      {t('settings.role')}
      <select name="role" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {names.map((role) => (
          <option key={role} value={role}>
            {roleLabel(role, roles)}
          </option>
        ))}
      </select>
    </label>
  );
}

function NewAgentForm({ groups, roles, onCreated }: { groups: AgentGroup[]; roles: Role[]; onCreated: () => void }) {
  const [form, setForm] = useState<AgentInput>(emptyAgent);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.createAgent(form);
      setForm(emptyAgent);
      setOutcome(done(t('settings.agentAdded')));
      onCreated();
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };
  return (
    <form class="settings-form" data-testid="new-agent-form" onSubmit={submit}>
      <h2>{t('settings.addAgent')}</h2>
      <label>
        {t('name')}
        <input name="name" required maxLength={200} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
      </label>
      <label>
        {t('email')}
        <input name="email" type="email" required value={form.email} onInput={(e) => setForm({ ...form, email: e.currentTarget.value })} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" required minLength={8} autocomplete="new-password" value={form.password} onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} />
      </label>
      <RoleSelect value={form.role} roles={roles} onChange={(role) => setForm({ ...form, role })} />
      <GroupChecks groups={groups} value={form.groupIds} onChange={(groupIds) => setForm({ ...form, groupIds })} />
      <OutcomeLine outcome={outcome} />
      <button type="submit">{t('settings.addAgent')}</button>
    </form>
  );
}

function AgentEditor({ agent, groups, roles, me, onSaved, onClose }: { agent: Agent; groups: AgentGroup[]; roles: Role[]; me: Agent; onSaved: () => void; onClose: () => void }) {
  const [role, setRole] = useState(agent.role);
  const [active, setActive] = useState(agent.active);
  const [groupIds, setGroupIds] = useState(agent.groupIds);
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const self = agent.id === me.id;
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await api.updateAgent(agent.id, { ...(self ? {} : { role, active }), groupIds, ...(password ? { password } : {}) });
      setPassword('');
      setOutcome(done(password ? t('settings.passwordReset') : t('saved')));
      onSaved();
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };
  return (
    <form class="settings-form agent-editor" data-testid="agent-editor" onSubmit={save} aria-label={t('settings.editAgent', { name: agent.name })}>
      {!self && <RoleSelect value={role} roles={roles} onChange={setRole} />}
      {!self && (
        <label class="inline">
          <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          {t('settings.active')}
        </label>
      )}
      {!self && !active && agent.active && <p class="muted">{t('settings.deactivateHelp')}</p>}
      <GroupChecks groups={groups} value={groupIds} onChange={setGroupIds} />
      <label>
        {t('settings.newPassword')}
        <input name="new-password" type="password" minLength={8} autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <OutcomeLine outcome={outcome} />
      <div class="row">
        <button type="submit">{t('save')}</button>
        <button type="button" class="secondary" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </form>
  );
}

export function AgentsTab({ me }: { me: Agent }) {
  const [agents, setAgents] = useState<Agent[]>([]);
  const [groups, setGroups] = useState<AgentGroup[]>([]);
  const [editing, setEditing] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { roles, error: rolesError } = useRoles();
  const load = () =>
    Promise.all([api.settingsAgents(), api.groups()]).then(([a, g]) => {
      setAgents(a.data);
      setGroups(g.data);
    }, (caught: unknown) => setOutcome(failed(caught)));
  useEffect(() => void load(), []);
  const groupName = (id: number) => groups.find((g) => g.id === id)?.name ?? `#${id}`;

  return (
    <div class="settings-agents">
      <OutcomeLine outcome={outcome} />
      {rolesError && <p class="error" role="alert">{rolesError}</p>}
      <table class="settings-table" data-testid="agents-table">
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('settings.role')}</th>
            <th>{t('settings.tab.groups')}</th>
            <th>
              <span class="visually-hidden">{t('settings.edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => [
            <tr key={agent.id} data-testid="agent-row" class={agent.active ? '' : 'inactive'}>
              <td>
                <strong>{agent.name}</strong>
                <div class="muted">{agent.email}</div>
              </td>
              <td>
                {roleLabel(agent.role, roles)}
                {!agent.active && <span class="pill">{t('settings.inactive')}</span>}
              </td>
              <td>{agent.groupIds.map(groupName).join(', ') || '—'}</td>
              <td>
                <button type="button" class="secondary" aria-expanded={editing === agent.id} onClick={() => setEditing(editing === agent.id ? null : agent.id)} aria-label={t('settings.editAgent', { name: agent.name })}>
                  {t('settings.edit')}
                </button>
              </td>
            </tr>,
            editing === agent.id && (
              <tr key={`edit-${agent.id}`}>
                <td colSpan={4}>
                  <AgentEditor agent={agent} groups={groups} roles={roles} me={me} onSaved={() => void load()} onClose={() => setEditing(null)} />
                </td>
              </tr>
            ),
          ])}
        </tbody>
      </table>
      <NewAgentForm groups={groups} roles={roles} onCreated={() => void load()} />
    </div>
  );
}
