/**
 * The roles an agent can have and what each may do beyond working tickets. `admin` is fixed and
 * may do everything. `supervisor` and `agent` are built in (an agent's default role) and their
 * permissions are set by an admin; admins may add roles of their own ("billing", "质检") with a
 * label in any language. Kept as one setting row, read per check, so every node sees a change
 * at once.
 */
import { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { badRequest, conflict } from '../http/errors';
import { Agent } from '../models/Agent';
import { Setting } from '../models/Setting';
import { recordAudit } from '../services/auditService';
import type { Actor } from './actor';

export const permissions = [
  'customers.restricted.read',
  'customers.restricted.write',
  'customers.merge',
  'customers.import',
  'customers.export',
] as const;
export type Permission = (typeof permissions)[number];

export const ADMIN_ROLE = 'admin';
export const builtInRoles = ['supervisor', 'agent'] as const;
const MAX_ROLES = 50;

/** Lower-case letters, digits, `-` and `_`, at most 16 (the agents' role column). */
export const roleNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,15}$/, 'a role name is 2–16 lower-case letters, digits, - or _, starting with a letter');

const roleSchema = z.object({
  name: roleNameSchema,
  label: z
    .string()
    .trim()
    .max(60)
    .nullable()
    .optional()
    .transform((label) => label || null)
    .describe('shown in the console; built-in roles without one use the console’s own words'),
  permissions: z.array(z.enum(permissions)).transform((list) => [...new Set(list)]),
});
export type RoleDefinition = z.output<typeof roleSchema>;

export const roleListSchema = z
  .object({ roles: z.array(roleSchema).min(builtInRoles.length).max(MAX_ROLES) })
  .superRefine(({ roles }, issue) => {
    const names = roles.map((role) => role.name);
    const repeated = names.filter((name, at) => names.indexOf(name) !== at);
    if (repeated.length) issue.addIssue({ code: 'custom', path: ['roles'], message: `role names must be unique: ${[...new Set(repeated)].join(', ')}` });
    if (names.includes(ADMIN_ROLE)) issue.addIssue({ code: 'custom', path: ['roles'], message: 'admin is fixed and may do everything; it cannot be redefined' });
    for (const builtIn of builtInRoles) if (!names.includes(builtIn)) issue.addIssue({ code: 'custom', path: ['roles'], message: `the built-in role ${builtIn} cannot be removed` });
  })
  .meta({ id: 'RoleList' });

export const roleViewSchema = z
  .object({
    name: z.string(),
    label: z.string().nullable(),
    builtIn: z.boolean(),
    permissions: z.array(z.enum(permissions)),
    agents: z.number().int().describe('agents who have this role'),
  })
  .meta({ id: 'Role' });
export type RoleView = z.infer<typeof roleViewSchema>;

const KEY = 'roles.permissions';
const DEFAULTS: RoleDefinition[] = [
  { name: 'supervisor', label: null, permissions: ['customers.restricted.read', 'customers.restricted.write', 'customers.merge'] },
  { name: 'agent', label: null, permissions: ['customers.merge'] },
];
/** Before custom roles the setting held `{supervisor: [...], agent: [...]}`. */
const legacySchema = z.object({ supervisor: z.array(z.enum(permissions)), agent: z.array(z.enum(permissions)) });

function parseStored(value: string): RoleDefinition[] {
  const json: unknown = JSON.parse(value);
  const current = roleListSchema.safeParse(json);
  if (current.success) return current.data.roles;
  const legacy = legacySchema.safeParse(json);
  if (legacy.success) return builtInRoles.map((name) => ({ name, label: null, permissions: legacy.data[name] }));
  return DEFAULTS;
}

/** The roles besides admin. Inside a transaction that will change agents or roles, pass it (and `lock`). */
export async function readRoles(options: { transaction?: Transaction; lock?: boolean } = {}): Promise<RoleDefinition[]> {
  const { transaction, lock } = options;
  const row = await Setting.findByPk(KEY, { transaction, ...(transaction && lock ? { lock: transaction.LOCK.UPDATE } : {}) });
  return row ? parseStored(row.value) : DEFAULTS;
}

export async function listRoles(): Promise<RoleView[]> {
  const [roles, counts] = await Promise.all([readRoles(), agentsPerRole()]);
  return roles.map((role) => ({ ...role, builtIn: (builtInRoles as readonly string[]).includes(role.name), agents: counts.get(role.name) ?? 0 }));
}

async function agentsPerRole(transaction?: Transaction): Promise<Map<string, number>> {
  const rows = (await Agent.count({ group: ['role'], transaction })) as unknown as Array<{ role: string; count: number }>;
  return new Map(rows.map((row) => [row.role, Number(row.count)]));
}

/**
 * Replaces the roles besides admin with `roles`. A role left out is deleted, which is refused
 * while any agent (active or not) still has it: they would silently lose their permissions.
 */
export async function saveRoles(ctx: AppContext, actor: Actor, roles: RoleDefinition[]): Promise<RoleView[]> {
  await ctx.transactions.run(async (transaction) => {
    // The row lock orders this against agents being given a role in the same moment.
    const before = await readRoles({ transaction, lock: true });
    const removed = before.filter((old) => !roles.some((role) => role.name === old.name)).map((role) => role.name);
    if (removed.length) {
      const counts = await agentsPerRole(transaction);
      const inUse = removed.filter((name) => counts.get(name));
      if (inUse.length) throw conflict(`Agents still have these roles; give them another role first: ${inUse.map((name) => `${name} (${counts.get(name)})`).join(', ')}`);
    }
    await Setting.upsert({ key: KEY, value: JSON.stringify({ roles }) }, { transaction });
    await recordAudit(transaction, { actor, action: 'settings.roles', entityType: 'setting', entityId: 0, changes: { roles, removed } });
  });
  return listRoles();
}

/** Refuses a role that is neither admin nor defined (checked in the transaction that gives it). */
export async function assertRoleExists(role: string, transaction: Transaction): Promise<void> {
  if (role === ADMIN_ROLE) return;
  const roles = await readRoles({ transaction, lock: true });
  if (!roles.some((known) => known.name === role)) throw badRequest(`Unknown role "${role}"; the roles are: ${[ADMIN_ROLE, ...roles.map((known) => known.name)].join(', ')}`);
}
