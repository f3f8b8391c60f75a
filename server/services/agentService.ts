/** Agents and their group memberships. */
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { hashPassword } from '../auth/passwords';
import type { AppContext } from '../context';
import { badRequest, conflict, notFound } from '../http/errors';
import { Agent } from '../models/Agent';
import { AgentGroup } from '../models/AgentGroup';
import { Group } from '../models/Group';
import { Session } from '../models/Session';
import type { Actor } from '../policies/actor';
import { assertCanEditAgent, assertCanManageAgents } from '../policies/agentPolicy';
import { assertRoleExists } from '../policies/roles';
import { normalizeEmail } from '../util/normalize';
import { diffFields, recordAudit } from './auditService';

export interface NewAgent {
  name: string;
  email: string;
  password: string;
  role: string;
  locale?: string | null;
  phone?: string | null;
  groupIds?: number[];
}

export interface AgentChanges {
  name?: string;
  email?: string;
  password?: string;
  role?: string;
  locale?: string | null;
  phone?: string | null;
  active?: boolean;
  alertSound?: boolean;
  groupIds?: number[];
}

async function setGroups(transaction: Transaction, agentId: number, groupIds: number[]): Promise<void> {
  const unique = [...new Set(groupIds)];
  if (unique.length && (await Group.count({ where: { id: unique }, transaction })) !== unique.length) {
    throw badRequest('Some groups do not exist');
  }
  await AgentGroup.destroy({ where: { agentId }, transaction });
  if (unique.length) await AgentGroup.bulkCreate(unique.map((groupId) => ({ agentId, groupId })), { transaction });
}

/** `actor` null means the system (first admin at boot). */
export async function createAgent(ctx: AppContext, actor: Actor | null, input: NewAgent): Promise<Agent> {
  if (actor) assertCanManageAgents(actor);
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.transactions.run(async (transaction) => {
      await assertRoleExists(input.role, transaction);
      const agent = await Agent.create(
        { name: input.name, email: normalizeEmail(input.email), passwordHash, role: input.role, locale: input.locale ?? null, phone: input.phone ?? null },
        { transaction },
      );
      if (input.groupIds) await setGroups(transaction, agent.id, input.groupIds);
      await recordAudit(transaction, { actor, action: 'agent.created', entityType: 'agent', entityId: agent.id, changes: { email: agent.email, role: agent.role } });
      return agent;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict('An agent with this email already exists');
    throw error;
  }
}

export async function updateAgent(ctx: AppContext, actor: Actor, id: number, changes: AgentChanges): Promise<Agent> {
  assertCanEditAgent(actor, id);
  const { password, groupIds, ...fields } = changes;
  // Role, activation and memberships decide what someone may see: only admins change them.
  if (fields.role !== undefined || fields.active !== undefined || groupIds !== undefined) assertCanManageAgents(actor);
  if (actor.agent.id === id && (fields.active === false || (fields.role && fields.role !== 'admin' && actor.agent.role === 'admin'))) {
    throw badRequest('You cannot deactivate or demote yourself');
  }
  const passwordHash = password ? await hashPassword(password) : undefined;
  try {
    return await ctx.transactions.run(async (transaction) => {
      const agent = await Agent.findByPk(id, { transaction });
      if (!agent) throw notFound('Agent');
      if (fields.role !== undefined && fields.role !== agent.role) await assertRoleExists(fields.role, transaction);
      const next = { ...fields, ...(fields.email ? { email: normalizeEmail(fields.email) } : {}) };
      const diff = diffFields(agent.get({ plain: true }), next) ?? {};
      await agent.update({ ...next, ...(passwordHash ? { passwordHash } : {}) }, { transaction });
      if (groupIds) await setGroups(transaction, id, groupIds);
      // A new password or a deactivation ends every open session of that agent.
      if (passwordHash || fields.active === false) await Session.destroy({ where: { agentId: id }, transaction });
      const audit = { ...diff, ...(passwordHash ? { password: 'changed' } : {}), ...(groupIds ? { groupIds } : {}) };
      await recordAudit(transaction, { actor, action: 'agent.updated', entityType: 'agent', entityId: id, changes: audit });
      return agent;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict('An agent with this email already exists');
    throw error;
  }
}

export async function listAgents(options: { limit: number; offset: number }): Promise<{ rows: Agent[]; total: number }> {
  const [rows, total] = await Promise.all([
    Agent.findAll({ order: [['name', 'ASC'], ['id', 'ASC']], limit: options.limit, offset: options.offset }),
    Agent.count(),
  ]);
  return { rows, total };
}

export async function groupIdsByAgent(agentIds: number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (!agentIds.length) return result;
  for (const m of await AgentGroup.findAll({ where: { agentId: agentIds } })) {
    result.set(m.agentId, [...(result.get(m.agentId) ?? []), m.groupId]);
  }
  return result;
}
