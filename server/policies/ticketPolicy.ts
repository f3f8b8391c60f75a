/**
 * Which tickets an agent may see and change. Admins see everything; an agent sees tickets of
 * groups they belong to, tickets in no group, and tickets assigned to them.
 */
import { Op, type WhereOptions } from 'sequelize';
import type { Ticket } from '../models/Ticket';
import { forbidden } from '../http/errors';
import { isAdmin, type Actor } from './actor';

export function visibleTicketsWhere(actor: Actor): WhereOptions<Ticket> | undefined {
  if (isAdmin(actor)) return undefined;
  return {
    [Op.or]: [
      { groupId: null },
      ...(actor.groupIds.length ? [{ groupId: { [Op.in]: actor.groupIds } }] : []),
      { assigneeId: actor.agent.id },
    ],
  };
}

export function canSeeTicket(actor: Actor, ticket: Pick<Ticket, 'groupId' | 'assigneeId'>): boolean {
  return (
    isAdmin(actor) ||
    ticket.groupId === null ||
    actor.groupIds.includes(ticket.groupId) ||
    ticket.assigneeId === actor.agent.id
  );
}

/** Agents may move a ticket only into groups they belong to; admins anywhere. */
export function assertCanRouteToGroup(actor: Actor, groupId: number | null): void {
  if (groupId !== null && !isAdmin(actor) && !actor.groupIds.includes(groupId)) {
    throw forbidden('You can only move tickets to your own groups');
  }
}
