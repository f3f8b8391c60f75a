/** The audit log: who changed what, written in the same transaction as the change. */
import type { Transaction } from 'sequelize';
import { AuditLog, type ActorType } from '../models/AuditLog';
import type { Actor } from '../policies/actor';

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  entityType: string;
  entityId: number;
  changes?: Record<string, unknown> | null;
}

export async function recordAudit(transaction: Transaction, entry: AuditEntry): Promise<void> {
  await recordAudits(transaction, [entry]);
}

/** Several entries in one INSERT (e.g. one per customer whose private fields a page returned). */
export async function recordAudits(transaction: Transaction, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await AuditLog.bulkCreate(
    entries.map((entry) => ({
      actorType: (entry.actor ? 'agent' : 'system') as ActorType,
      actorId: entry.actor?.agent.id ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      changes: entry.changes ?? null,
    })),
    { transaction },
  );
}

/** `{field: {from, to}}` for each field whose value differs, or null when nothing changed. */
export function diffFields<T extends object>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> | null {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    const from = before[key];
    const to = after[key];
    if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) changes[String(key)] = { from, to };
  }
  return Object.keys(changes).length ? changes : null;
}
