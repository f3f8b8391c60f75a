/** Groups (teams) of agents: create, rename, delete (refused while tickets are in the group) and members. */
import { UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { badRequest, conflict, notFound } from '../http/errors';
import { Agent } from '../models/Agent';
import { AgentGroup } from '../models/AgentGroup';
import { Group } from '../models/Group';
import { Mailbox } from '../models/Mailbox';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { assertCanManageAgents } from '../policies/agentPolicy';
import { diffFields, recordAudit } from './auditService';

export interface GroupChanges {
  name?: string;
  email?: string | null;
}

function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof UniqueConstraintError) throw conflict('A group with this name already exists');
    throw error;
  });
}

export async function createGroup(ctx: AppContext, actor: Actor, input: { name: string; email?: string | null }): Promise<Group> {
  assertCanManageAgents(actor);
  return uniqueName(() =>
    ctx.transactions.run(async (transaction) => {
      const group = await Group.create({ name: input.name.trim(), email: input.email ?? null }, { transaction });
      await recordAudit(transaction, { actor, action: 'group.created', entityType: 'group', entityId: group.id, changes: { name: group.name } });
      return group;
    }),
  );
}

export async function updateGroup(ctx: AppContext, actor: Actor, id: number, changes: GroupChanges): Promise<Group> {
  assertCanManageAgents(actor);
  return uniqueName(() =>
    ctx.transactions.run(async (transaction) => {
      const group = await Group.findByPk(id, { transaction });
      if (!group) throw notFound('Group');
      const next = { ...changes, ...(changes.name !== undefined ? { name: changes.name.trim() } : {}) };
      const diff = diffFields(group.get({ plain: true }), next);
      await group.update(next, { transaction });
      if (diff) await recordAudit(transaction, { actor, action: 'group.updated', entityType: 'group', entityId: id, changes: diff });
      return group;
    }),
  );
}

/**
 * Deletes a group. Tickets in it would silently lose their team (and the agents who see them only
 * through it would lose them), so the admin must move them first: 409 while any ticket is in it.
 * Memberships go with the group; mailboxes routed to it route to no group from then on.
 */
export async function deleteGroup(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  assertCanManageAgents(actor);
  await ctx.transactions.run(async (transaction) => {
    const group = await Group.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!group) throw notFound('Group');
    const tickets = await Ticket.count({ where: { groupId: id }, transaction });
    if (tickets) throw conflict(`${tickets} ticket(s) are still in this group: move them to another group first`);
    await AgentGroup.destroy({ where: { groupId: id }, transaction });
    await Mailbox.update({ groupId: null }, { where: { groupId: id }, transaction });
    await group.destroy({ transaction });
    await recordAudit(transaction, { actor, action: 'group.deleted', entityType: 'group', entityId: id, changes: { name: group.name } });
  });
}

/** Replaces the members of a group; answers the member ids, sorted. */
export async function setGroupMembers(ctx: AppContext, actor: Actor, id: number, agentIds: number[]): Promise<number[]> {
  assertCanManageAgents(actor);
  const unique = [...new Set(agentIds)].sort((a, b) => a - b);
  return ctx.transactions.run(async (transaction) => {
    if (!(await Group.findByPk(id, { transaction }))) throw notFound('Group');
    if (unique.length && (await Agent.count({ where: { id: unique }, transaction })) !== unique.length) throw badRequest('Some agents do not exist');
    const before = (await AgentGroup.findAll({ where: { groupId: id }, transaction })).map((m) => m.agentId).sort((a, b) => a - b);
    await AgentGroup.destroy({ where: { groupId: id }, transaction });
    if (unique.length) await AgentGroup.bulkCreate(unique.map((agentId) => ({ agentId, groupId: id })), { transaction });
    await recordAudit(transaction, { actor, action: 'group.members', entityType: 'group', entityId: id, changes: { before, after: unique } });
    return unique;
  });
}

export async function groupMemberIds(id: number): Promise<number[]> {
  if (!(await Group.findByPk(id))) throw notFound('Group');
  return (await AgentGroup.findAll({ where: { groupId: id }, order: [['agentId', 'ASC']] })).map((m) => m.agentId);
}

export function listGroups(): Promise<Group[]> {
  return Group.findAll({ order: [['name', 'ASC']] });
}
