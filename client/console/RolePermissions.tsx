/** Admins: what the supervisor and agent roles may do beyond tickets, as a roles × permissions grid. */
import { useEffect, useState } from 'preact/hooks';
import { api, type RolePermissions as Roles } from '../shared/api';
import { knownKey, t } from '../shared/i18n';

const roles: Array<keyof Roles> = ['supervisor', 'agent'];

export function RolePermissions() {
  const [draft, setDraft] = useState<Roles | null>(null);
  const [permissions, setPermissions] = useState<string[]>([]);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api.roleSettings().then(
      (settings) => {
        setDraft(settings.roles);
        setPermissions(settings.permissions);
      },
      (caught: Error) => setNotice({ ok: false, text: t('error', { message: caught.message }) }),
    );
  }, []);

  const toggle = (role: keyof Roles, permission: string, on: boolean) => {
    setNotice(null);
    setDraft((d) => (d ? { ...d, [role]: on ? [...d[role].filter((p) => p !== permission), permission] : d[role].filter((p) => p !== permission) } : d));
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    setSaving(true);
    try {
      const saved = await api.saveRoleSettings({ supervisor: draft.supervisor, agent: draft.agent });
      setDraft(saved.roles);
      setPermissions(saved.permissions);
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
        <table class="report-table permission-grid">
          <thead>
            <tr>
              <th>{t('permission')}</th>
              {roles.map((role) => <th key={role} class="check">{t(`role.${role}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {permissions.map((permission) => (
              <tr key={permission} data-permission={permission}>
                <td>
                  {label(permission)} <code class="muted">{permission}</code>
                </td>
                {roles.map((role) => (
                  <td key={role} class="check">
                    <input
                      type="checkbox"
                      data-testid="permission-checkbox"
                      data-role={role}
                      data-permission={permission}
                      aria-label={`${t(`role.${role}`)}: ${label(permission)}`}
                      checked={draft[role].includes(permission)}
                      onChange={(e) => toggle(role, permission, e.currentTarget.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
