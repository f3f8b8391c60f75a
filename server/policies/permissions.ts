/**
 * Whether an agent's role allows something beyond working tickets. Admins may do everything; the
 * other roles have the permissions an admin gave them (`PUT /api/settings/roles`).
 */
import { forbidden } from '../http/errors';
import { isAdmin, type Actor } from './actor';
import { permissions, readRoles, type Permission } from './roles';

/** Everything this agent's role allows (all of it for admins). */
export async function permissionsOf(actor: Actor): Promise<Permission[]> {
  if (isAdmin(actor)) return [...permissions];
  // A role deleted while an agent somehow still has it allows nothing.
  return (await readRoles()).find((known) => known.name === actor.agent.role)?.permissions ?? [];
}

export async function can(actor: Actor, permission: Permission): Promise<boolean> {
  return (await permissionsOf(actor)).includes(permission);
}

export async function assertCan(actor: Actor, permission: Permission): Promise<void> {
  if (!(await can(actor, permission))) throw forbidden(`Your role may not do this (${permission})`);
}
