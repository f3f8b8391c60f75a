/** A ticket's history from the audit log, newest first, for agents who may see the ticket. */
import type { Transaction } from 'sequelize';
import { AuditLog } from '../models/AuditLog';
import type { Actor } from '../policies/actor';
import { getVisibleTicket } from './ticketAccess';

export async function listTicketAudit(actor: Actor, ticketId: number, page: { limit: number; offset: number }, transaction?: Transaction): Promise<{ rows: AuditLog[]; total: number }> {
  await getVisibleTicket(actor, ticketId, transaction);
  // Served by the audit_entity index (entityType, entityId, createdAt).
  const where = { entityType: 'ticket', entityId: ticketId };
  const [rows, total] = await Promise.all([
    AuditLog.findAll({ where, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: page.limit, offset: page.offset, transaction }),
    AuditLog.count({ where, transaction }),
  ]);
  return { rows, total };
}
