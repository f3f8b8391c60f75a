/**
 * Admins: the roles besides admin as a permissions × roles grid. Roles an admin added can be
 * renamed and deleted (the server refuses while agents still have them); supervisor and agent
 * stay. Nothing is sent until "Save".
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Permission, type Role } from '../shared/api';
import { knownKey, t } from '../shared/i18n';
import { roleLabel } from './roles';

const NAME_PATTERN = '[a-z][a-z0-9_\\-]{1,15}';

function NewRoleForm({ taken, onAdd }: { taken: string[]; onAdd: (role: Role) => void }) {
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const duplicate = taken.includes(name.trim());
  const add = () => {
    const trimmed = name.trim();
    if (!new RegExp(`^${NAME_PATTERN}$`).test(trimmed) || duplicate) return;
    onAdd({ name: trimmed, label: label.trim() || null, permissions: [], builtIn: false, agents: 0 });
    setName('');
    setLabel('');
  };
  return (
    <fieldset class="row new-role" data-testid="new-role">
      <legend>{t('roles.add')}</legend>
      <label>
        {t('roles.name')}
        <input name="role-name" value={name} pattern={NAME_PATTERN} maxLength={16} placeholder="billing" aria-describedby="role-name-help" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('roles.label')}
        <input name="role-label" value={label} maxLength={60} onInput={(e) => setLabel(e.currentTarget.value)} />
      </label>
      <button type="button" class="secondary" data-testid="add-role" disabled={!name.trim() || duplicate} onClick={add}>
        {t('roles.add')}
      </button>
      <p id="role-name-help" class="muted">
        {duplicate ? t('roles.taken') : t('roles.nameHelp')}
      </p>
    </fieldset>
  );
}

export function RolePermissions() {
  const [draft, setDraft] = useState<Role[] | null>(null);
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const show = (settings: { roles: Role[]; permissions: Permission[] }) => {
    setDraft(settings.roles);
    setPermissions(settings.permissions);
  };
  useEffect(() => {
    api.roleSettings().then(show, (caught: Error) => setNotice({ ok: false, text: t('error', { message: caught.message }) }));
  }, []);

  const change = (name: string, update: (role: Role) => Role) => {
    setNotice(null);
    setDraft((roles) => roles && roles.map((role) => (role.name === name ? update(role) : role)));
  };
  const toggle = (name: string, permission: Permission, on: boolean) =>
    change(name, (role) => ({ ...role, permissions: on ? [...role.permissions.filter((p) => p !== permission), permission] : role.permissions.filter((p) => p !== permission) }));

  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    setSaving(true);
    try {
      show(await api.saveRoleSettings(draft.map(({ name, label, permissions: allowed }) => ({ name, label, permissions: allowed }))));
      setNotice({ ok: true, text: t('saved') });
    } catch (caught) {
      setNotice({ ok: false, text: t('error', { message: (caught as Error).message }) });
    } finally {
      setSaving(false);
    }
  };

  const label = (permission: string) => {
    const key = knownKey(`permission.${permission}`);
    return key ? t(key) : permission;
  };
  return (
    <form class="data-section editor" data-testid="role-permissions" onSubmit={save} aria-labelledby="roles-title">
      <h2 id="roles-title">{t('rolePermissions')}</h2>
      <p class="muted">{t('rolesHelp')}</p>
      {!draft && !notice && <p class="loading">{t('loading')}</p>}
      {draft && (
        <div class="table-scroll">
          <table class="report-table permission-grid">
            <thead>
              <tr>
                <th>{t('permission')}</th>
                {draft.map((role) => (
                  <th key={role.name} class="check" data-role={role.name}>
                    {role.builtIn ? (
                      roleLabel(role.name, draft)
                    ) : (
                      <>
                        <input class="role-label" data-testid="role-label" value={role.label ?? ''} maxLength={60} placeholder={role.name} aria-label={t('roles.labelOf', { name: role.name })} onInput={(e) => change(role.name, (r) => ({ ...r, label: e.currentTarget.value }))} />
                        <button
                          type="button"
                          class="link"
                          data-testid="delete-role"
                          disabled={role.agents > 0}
                          title={role.agents > 0 ? t('roles.inUse', { count: role.agents }) : undefined}
                          aria-label={t('roles.delete', { name: roleLabel(role.name, draft) })}
                          onClick={() => setDraft((roles) => roles && roles.filter((r) => r.name !== role.name))}
                        >
                          ×
                        </button>
                      </>
                    )}
                    <div class="muted">
                      <code>{role.name}</code> · {t('roles.agents', { count: role.agents })}
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {permissions.map((permission) => (
                <tr key={permission} data-permission={permission}>
                  <td>
                    {label(permission)} <code class="muted">{permission}</code>
                  </td>
                  {draft.map((role) => (
                    <td key={role.name} class="check">
                      <input
                        type="checkbox"
                        data-testid="permission-checkbox"
                        data-role={role.name}
                        data-permission={permission}
                        aria-label={`${roleLabel(role.name, draft)}: ${label(permission)}`}
                        checked={role.permissions.includes(permission)}
                        onChange={(e) => toggle(role.name, permission, e.currentTarget.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {draft && <NewRoleForm taken={['admin', ...draft.map((role) => role.name)]} onAdd={(role) => setDraft((roles) => roles && [...roles, role])} />}
      <div class="actions">
        <button type="submit" data-testid="save-permissions" disabled={!draft || saving}>
          {t('savePermissions')}
        </button>
      </div>
      {notice && (
        <p class={notice.ok ? 'notice' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="roles-notice">
          {notice.text}
        </p>
      )}
    </form>
  );
}
