import { z } from 'zod';
import { defineRoute } from '../http/route';
import { customerSegments } from '../models/Customer';
import { customerSchema, historyEntrySchema, presentCustomers, presentHistory } from '../presenters/customerPresenter';
import { listOf } from '../presenters/schemas';
import { listRoles, permissions, roleListSchema, roleViewSchema, saveRoles } from '../policies/roles';
import { mergeCustomers, undoMerge } from '../services/customerMergeService';
import { customerHistory, getCustomer, listCustomers, updateCustomer } from '../services/customerProfileService';
import { idParams, paging } from './common';

const text = (max: number) => z.string().trim().max(max).nullable().transform((v) => v || null);
const customerChanges = z
  .object({
    name: text(200),
    organisation: text(200),
    locale: z.enum(['en', 'zh-CN']).nullable(),
    notes: text(10_000),
    tags: z.array(z.string().trim().min(1).max(50)).max(50),
    customFields: z.record(z.string().trim().min(1).max(60), z.string().max(1000)).refine((fields) => Object.keys(fields).length <= 50, 'at most 50 custom fields'),
    restricted: z
      .object({
        homeAddress: text(500),
        income: text(100),
        householdSize: z.number().int().min(0).max(100).nullable(),
        birthday: z.iso.date().nullable().describe('YYYY-MM-DD'),
      })
      .partial()
      .strict()
      .describe('needs customers.restricted.write'),
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'nothing to change');

const rolesAnswer = z.object({ roles: z.array(roleViewSchema), permissions: z.array(z.enum(permissions)) });

export const customerRoutes = [
  defineRoute({
    method: 'get',
    path: '/customers',
    summary: 'Customers (`q`: name, email, phone or organisation; `email`: exact address; `segment`: value tier)',
    tag: 'customers',
    access: 'agent',
    query: z.object({ q: z.string().trim().max(200).optional(), email: z.string().trim().max(320).optional(), segment: z.enum(customerSegments).optional(), ...paging }),
    responses: { 200: { description: 'Customers, newest first (merged-away ones are left out)', schema: listOf(customerSchema) } },
    handler: async ({ ctx, actor, query }) => {
      const { rows, total } = await listCustomers(query);
      return { body: { data: await presentCustomers(ctx, actor, rows), total } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/customers/:id',
    summary: 'A customer profile; private fields only for roles allowed to see them (each such read is audited)',
    tag: 'customers',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'The customer', schema: customerSchema }, 404: { description: 'No such customer' } },
    handler: async ({ ctx, actor, params }) => ({ body: (await presentCustomers(ctx, actor, [await getCustomer(params.id)]))[0] }),
  }),
  defineRoute({
    method: 'patch',
    path: '/customers/:id',
    summary: 'Update a profile (private fields need customers.restricted.write)',
    tag: 'customers',
    access: 'agent',
    params: idParams,
    body: customerChanges,
    responses: { 200: { description: 'The customer', schema: customerSchema }, 403: { description: 'Your role may not write private fields' }, 404: { description: 'No such customer' } },
    handler: async ({ ctx, actor, params, body }) => ({ body: (await presentCustomers(ctx, actor, [await updateCustomer(ctx, actor, params.id, body)]))[0] }),
  }),
  defineRoute({
    method: 'get',
    path: '/customers/:id/history',
    summary: 'Every ticket and message of this customer on every channel, one timeline, oldest first',
    tag: 'customers',
    access: 'agent',
    params: idParams,
    query: z.object(paging),
    responses: { 200: { description: 'Timeline entries', schema: listOf(historyEntrySchema) }, 404: { description: 'No such customer' } },
    handler: async ({ ctx, actor, params, query }) => {
      const { entries, total } = await customerHistory(ctx, actor, params.id, query);
      return { body: { data: await presentHistory(entries), total } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/customers/:id/merge',
    summary: 'Fold another customer into this one (identities and tickets move here); undo with the returned mergeId',
    tag: 'customers',
    access: 'agent',
    params: idParams,
    body: z.object({ otherId: z.number().int().positive() }),
    responses: { 200: { description: 'The surviving customer', schema: z.object({ customer: customerSchema, mergeId: z.number().int() }) }, 404: { description: 'No such customer' }, 409: { description: 'Already merged' } },
    handler: async ({ ctx, actor, params, body }) => {
      const { survivor, merge } = await mergeCustomers(ctx, actor, params.id, body.otherId);
      return { body: { customer: (await presentCustomers(ctx, actor, [survivor]))[0], mergeId: merge.id } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/customers/merges/:id/undo',
    summary: 'Undo a merge: what moved goes back to the customer it came from',
    tag: 'customers',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'Both customers again', schema: z.object({ customer: customerSchema, restored: customerSchema }) }, 404: { description: 'No such merge' }, 409: { description: 'Already undone' } },
    handler: async ({ ctx, actor, params }) => {
      const { survivor, restored } = await undoMerge(ctx, actor, params.id);
      const [customer, other] = await presentCustomers(ctx, actor, [survivor, restored]);
      return { body: { customer, restored: other } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/settings/roles',
    summary: 'The roles besides admin (who may do everything) and what each may do beyond tickets',
    tag: 'customers',
    access: 'admin',
    responses: { 200: { description: 'Roles and the permissions there are', schema: rolesAnswer } },
    handler: async () => ({ body: { roles: await listRoles(), permissions: [...permissions] } }),
  }),
  defineRoute({
    method: 'put',
    path: '/settings/roles',
    summary: 'Replace the roles besides admin: add roles, rename them, set their permissions, delete unused ones (supervisor and agent stay)',
    tag: 'customers',
    access: 'admin',
    body: roleListSchema,
    responses: { 200: { description: 'Saved', schema: rolesAnswer }, 409: { description: 'A role left out is still given to agents' } },
    handler: async ({ ctx, actor, body }) => ({ body: { roles: await saveRoles(ctx, actor, body.roles), permissions: [...permissions] } }),
  }),
];
