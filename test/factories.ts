/**
 * Builders for test data with sensible defaults, through the same services the API uses. Each
 * test makes its own data; nothing depends on another test's leftovers.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../server/context';
import { Agent } from '../server/models/Agent';
import type { Actor } from '../server/policies/actor';
import { createAgent } from '../server/services/agentService';
import { createGroup } from '../server/services/groupService';
import { createTicketForCustomer, type NewTicket } from '../server/services/ticketService';

const unique = () => randomBytes(4).toString('hex');

export async function systemAdmin(): Promise<Actor> {
  const agent = await Agent.findOne({ where: { role: 'admin' }, order: [['id', 'ASC']], rejectOnEmpty: true });
  return { agent, groupIds: [] };
}

export interface BuiltAgent {
  actor: Actor;
  email: string;
  password: string;
}

export async function buildAgent(ctx: AppContext, options: { role?: string; name?: string; groupIds?: number[] } = {}): Promise<BuiltAgent> {
  const email = `agent-${unique()}@example.test`;
  const password = `pw-${unique()}-secret`;
  const agent = await createAgent(ctx, await systemAdmin(), {
    name: options.name ?? `Agent ${unique()}`,
    email,
    password,
    role: options.role ?? 'agent',
    groupIds: options.groupIds,
  });
  return { actor: { agent, groupIds: options.groupIds ?? [] }, email, password };
}

export async function buildGroup(ctx: AppContext, name = `Group ${unique()}`) {
  return createGroup(ctx, await systemAdmin(), { name });
}

export async function buildTicket(ctx: AppContext, overrides: Partial<NewTicket> & { by?: Actor } = {}) {
  const { by, ...input } = overrides;
  return createTicketForCustomer(ctx, by ?? (await systemAdmin()), {
    subject: `Order ${unique()} has not arrived`,
    body: 'Hello, my parcel is late. Can you check?',
    customer: { email: `customer-${unique()}@example.test`, name: 'Test Customer' },
    ...input,
  });
}
