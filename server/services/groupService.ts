/** Groups (teams) of agents. */
import { UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { conflict } from '../http/errors';
import { Group } from '../models/Group';
import type { Actor } from '../policies/actor';
import { assertCanManageAgents } from '../policies/agentPolicy';
import { recordAudit } from './auditService';

export async function createGroup(ctx: AppContext, actor: Actor, input: { name: string; email?: string | null }): Promise<Group> {
  assertCanManageAgents(actor);
  try {
    return await ctx.transactions.run(async (transaction) => {
      const group = await Group.create({ name: input.name.trim(), email: input.email ?? null }, { transaction });
      await recordAudit(transaction, { actor, action: 'group.created', entityType: 'group', entityId: group.id, changes: { name: group.name } });
      return group;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict('A group with this name already exists');
    throw error;
  }
}

export function listGroups(): Promise<Group[]> {
  return Group.findAll({ order: [['name', 'ASC']] });
}
