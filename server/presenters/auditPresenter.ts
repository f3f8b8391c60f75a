/** Audit entries as JSON: who (with a name, loaded in one query per kind of actor), what, when. */
import { z } from 'zod';
import { Agent } from '../models/Agent';
import type { AuditLog } from '../models/AuditLog';
import { Customer } from '../models/Customer';

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    action: z.string().describe('e.g. ticket.created, ticket.updated, ticket.merged'),
    actor: z.object({ type: z.enum(['agent', 'customer', 'system']), id: z.number().int().nullable(), name: z.string().nullable() }).nullable().describe('null for the system'),
    changes: z.record(z.string(), z.unknown()).nullable().describe('for updates `{field: {from, to}}`'),
    createdAt: z.string().describe('ISO 8601 time'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryJson = z.infer<typeof auditEntrySchema>;

export async function presentAuditEntries(rows: AuditLog[]): Promise<AuditEntryJson[]> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.actorType === type && r.actorId !== null).map((r) => r.actorId as number))];
  const agentIds = idsOf('agent');
  const customerIds = idsOf('customer');
  const [agents, customers] = await Promise.all([
    agentIds.length ? Agent.findAll({ where: { id: agentIds }, attributes: ['id', 'name'] }) : [],
    customerIds.length ? Customer.findAll({ where: { id: customerIds }, attributes: ['id', 'name'] }) : [],
  ]);
  const names = new Map<string, string | null>([...agents.map((a) => [`agent:${a.id}`, a.name] as const), ...customers.map((c) => [`customer:${c.id}`, c.name] as const)]);
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    actor: row.actorType === 'system' ? null : { type: row.actorType, id: row.actorId, name: names.get(`${row.actorType}:${row.actorId}`) ?? null },
    changes: row.changes,
    createdAt: row.createdAt.toISOString(),
  }));
}
