/** Agents and groups: list, create, update (role, active, password reset, groups), group rename/delete/members. */
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { roleNameSchema } from '../policies/roles';
import { presentAgents, presentGroup, presentOneAgent } from '../presenters/agentPresenter';
import { agentSchema, groupSchema, listOf } from '../presenters/schemas';
import { createAgent, listAgents, updateAgent } from '../services/agentService';
import { createGroup, deleteGroup, groupMemberIds, listGroups, setGroupMembers, updateGroup } from '../services/groupService';
import { idParams, paging } from './common';

const locale = z.enum(['en', 'zh-CN']);
const groupBody = z.object({ name: z.string().trim().min(1, 'must not be empty').max(200), email: z.email().nullable().optional() });
const membersSchema = z.object({ groupId: z.number().int(), agentIds: z.array(z.number().int()) });
const password = z.string().min(8, 'must be at least 8 characters').max(200);

const newAgentBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  password,
  role: roleNameSchema.default('agent').describe('admin, supervisor, agent or a role an admin defined (GET /api/settings/roles)'),
  locale: locale.nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional().describe('for SMS alerts, in international format'),
  groupIds: z.array(z.number().int().positive()).optional(),
});

const agentChangesBody = newAgentBody.partial().extend({ active: z.boolean().optional(), role: roleNameSchema.optional(), alertSound: z.boolean().optional() });

export const agentRoutes = [
  defineRoute({
    method: 'get',
    path: '/agents',
    summary: 'All agents',
    tag: 'agents',
    access: 'agent',
    query: z.object(paging),
    responses: { 200: { description: 'Agents by name', schema: listOf(agentSchema) } },
    handler: async ({ query }) => {
      const { rows, total } = await listAgents(query);
      return { body: { data: await presentAgents(rows), total } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/agents',
    summary: 'Create an agent',
    tag: 'agents',
    access: 'admin',
    body: newAgentBody,
    responses: { 201: { description: 'Created', schema: agentSchema }, 409: { description: 'Email already used' } },
    handler: async ({ ctx, actor, body }) => ({ status: 201, body: await presentOneAgent(await createAgent(ctx, actor, body)) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/agents/:id',
    summary: 'Update an agent (yourself, or anyone as admin; role, active and groups: admins only)',
    tag: 'agents',
    access: 'agent',
    params: idParams,
    body: agentChangesBody,
    responses: { 200: { description: 'Updated', schema: agentSchema }, 403: { description: 'Not allowed' }, 404: { description: 'No such agent' } },
    handler: async ({ ctx, actor, params, body }) => ({ body: await presentOneAgent(await updateAgent(ctx, actor, params.id, body)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/groups',
    summary: 'All groups',
    tag: 'agents',
    access: 'agent',
    responses: { 200: { description: 'Groups by name', schema: listOf(groupSchema) } },
    handler: async () => {
      const groups = await listGroups();
      return { body: { data: groups.map(presentGroup), total: groups.length } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/groups',
    summary: 'Create a group',
    tag: 'agents',
    access: 'admin',
    body: groupBody,
    responses: { 201: { description: 'Created', schema: groupSchema }, 409: { description: 'Name already used' } },
    handler: async ({ ctx, actor, body }) => ({ status: 201, body: presentGroup(await createGroup(ctx, actor, body)) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/groups/:id',
    summary: 'Rename a group or change its email address',
    tag: 'agents',
    access: 'admin',
    params: idParams,
    body: groupBody.partial(),
    responses: { 200: { description: 'Updated', schema: groupSchema }, 404: { description: 'No such group' }, 409: { description: 'Name already used' } },
    handler: async ({ ctx, actor, params, body }) => ({ body: presentGroup(await updateGroup(ctx, actor, params.id, body)) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/groups/:id',
    summary: 'Delete a group (refused while tickets are in it; its mailboxes then route to no group)',
    tag: 'agents',
    access: 'admin',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such group' }, 409: { description: 'Tickets are still in the group' } },
    handler: async ({ ctx, actor, params }) => {
      await deleteGroup(ctx, actor, params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/groups/:id/members',
    summary: 'The agents in a group',
    tag: 'agents',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'Member ids', schema: membersSchema }, 404: { description: 'No such group' } },
    handler: async ({ params }) => ({ body: { groupId: params.id, agentIds: await groupMemberIds(params.id) } }),
  }),
  defineRoute({
    method: 'put',
    path: '/groups/:id/members',
    summary: 'Set the agents in a group (replaces the list)',
    tag: 'agents',
    access: 'admin',
    params: idParams,
    body: z.object({ agentIds: z.array(z.number().int().positive()).max(10_000) }),
    responses: { 200: { description: 'Member ids', schema: membersSchema }, 400: { description: 'Unknown agents' }, 404: { description: 'No such group' } },
    handler: async ({ ctx, actor, params, body }) => ({ body: { groupId: params.id, agentIds: await setGroupMembers(ctx, actor, params.id, body.agentIds) } }),
  }),
];
