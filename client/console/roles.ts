/** The roles an admin defined, and how the console names a role. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type Permission, type Role } from '../shared/api';
import { knownKey, t } from '../shared/i18n';

/** Whether the logged-in agent's role allows this (from GET /api/me; the server checks again). */
export function mayDo(me: Agent, permission: Permission): boolean {
  return me.role === 'admin' || (me.permissions ?? []).includes(permission);
}

/** Whether the agent reaches the "Customer data" page: for the import or the export (admins: all of it). */
export function mayUseCustomerData(me: Agent): boolean {
  return mayDo(me, 'customers.import') || mayDo(me, 'customers.export');
}

/** A role's label: its own for roles an admin made, the console's words for the built-in ones. */
export function roleLabel(name: string, roles: readonly Pick<Role, 'name' | 'label'>[]): string {
  const own = roles.find((role) => role.name === name)?.label;
  if (own) return own;
  const key = knownKey(name === 'admin' ? 'settings.role.admin' : `role.${name}`);
  return key ? t(key) : name;
}

/** Admins only (the server refuses others): the roles besides admin, loaded once per page. */
export function useRoles(): { roles: Role[]; error: string | null } {
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.roleSettings().then(
      (settings) => setRoles(settings.roles),
      (caught: Error) => setError(t('error', { message: caught.message })),
    );
  }, []);
  return { roles, error };
}
