/**
 * What each role may do beyond working tickets. Admins may do everything; the permissions of the
 * other roles are set by an admin (`PUT /api/settings/roles`) and kept in the database.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { forbidden } from '../http/errors';
import { agentRoles, type AgentRole } from '../models/Agent';
import { Setting } from '../models/Setting';
import { recordAudit } from '../services/auditService';
import type { Actor } from './actor';

export const permissions = [
  'customers.restricted.read',
  'customers.restricted.write',
  'customers.merge',
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissionsSchema = z
  .object(Object.fromEntries(agentRoles.filter((role) => role !== 'admin').map((role) => [role, z.array(z.enum(permissions))])) as Record<Exclude<AgentRole, 'admin'>, z.ZodArray<z.ZodEnum<{ [K in Permission]: K }>>>)
  .meta({ id: 'RolePermissions' });
export type RolePermissions = z.infer<typeof rolePermissionsSchema>;

const KEY = 'roles.permissions';
const DEFAULTS: RolePermissions = {
  supervisor: ['customers.restricted.read', 'customers.restricted.write', 'customers.merge'],
  agent: ['customers.merge'],
};
export async function readRolePermissions(): Promise<RolePermissions> {
  // One primary-key read per check: every node sees an admin's change at once.
  const row = await Setting.findByPk(KEY);
  const parsed = row ? rolePermissionsSchema.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data : DEFAULTS;
}

export async function saveRolePermissions(ctx: AppContext, actor: Actor, value: RolePermissions): Promise<RolePermissions> {
  await ctx.transactions.run(async (transaction) => {
    await Setting.upsert({ key: KEY, value: JSON.stringify(value) }, { transaction });
    await recordAudit(transaction, { actor, action: 'settings.roles', entityType: 'setting', entityId: 0, changes: value });
  });
  return value;
}

export async function can(actor: Actor, permission: Permission): Promise<boolean> {
  if (actor.agent.role === 'admin') return true;
  return (await readRolePermissions())[actor.agent.role].includes(permission);
}

export async function assertCan(actor: Actor, permission: Permission): Promise<void> {
  if (!(await can(actor, permission))) throw forbidden(`Your role may not do this (${permission})`);
}
