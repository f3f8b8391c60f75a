import { z } from 'zod';
import { defineRoute } from '../http/route';
import { agentRoles } from '../models/Agent';
import { presentAgents, presentGroup, presentOneAgent } from '../presenters/agentPresenter';
import { agentSchema, groupSchema, listOf } from '../presenters/schemas';
import { createAgent, listAgents, updateAgent } from '../services/agentService';
import { createGroup, listGroups } from '../services/groupService';
import { idParams, paging } from './common';

const locale = z.enum(['en', 'zh-CN']);
const password = z.string().min(8, 'must be at least 8 characters').max(200);

const newAgentBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  password,
  role: z.enum(agentRoles).default('agent'),
  locale: locale.nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional().describe('for SMS alerts, in international format'),
  groupIds: z.array(z.number().int().positive()).optional(),
});

const agentChangesBody = newAgentBody.partial().extend({ active: z.boolean().optional(), role: z.enum(agentRoles).optional(), alertSound: z.boolean().optional() });

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
    body: z.object({ name: z.string().trim().min(1).max(200), email: z.email().nullable().optional() }),
    responses: { 201: { description: 'Created', schema: groupSchema }, 409: { description: 'Name already used' } },
    handler: async ({ ctx, actor, body }) => ({ status: 201, body: presentGroup(await createGroup(ctx, actor, body)) }),
  }),
];
