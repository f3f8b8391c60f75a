/** Reading alerts: only those on tickets the agent may see. */
import { Op, literal, type WhereOptions } from 'sequelize';
import { notFound } from '../http/errors';
import { Alert, type AlertKind, type AlertState } from '../models/Alert';
import { Ticket } from '../models/Ticket';
import { isAdmin, type Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';

/** SQL for the ids of tickets this agent may see (ids are integers we produced, so inlining them is safe). */
function visibleTicketIds(actor: Actor) {
  const groups = actor.groupIds.map((id) => Math.trunc(id)).join(',');
  const agentId = Math.trunc(actor.agent.id);
  return literal(`(SELECT id FROM tickets WHERE groupId IS NULL${groups ? ` OR groupId IN (${groups})` : ''} OR assigneeId = ${agentId})`);
}

export async function listAlerts(actor: Actor, filters: { state?: AlertState; kind?: AlertKind; ticketId?: number; limit: number; offset: number }) {
  const conditions: WhereOptions<Alert>[] = [];
  if (filters.state) conditions.push({ state: filters.state });
  if (filters.kind) conditions.push({ kind: filters.kind });
  if (filters.ticketId) conditions.push({ ticketId: filters.ticketId });
  if (!isAdmin(actor)) conditions.push({ ticketId: { [Op.in]: visibleTicketIds(actor) } });
  const where = conditions.length ? { [Op.and]: conditions } : {};
  const [rows, total] = await Promise.all([
    Alert.findAll({ where, order: [['raisedAt', 'DESC'], ['id', 'DESC']], limit: filters.limit, offset: filters.offset }),
    Alert.count({ where }),
  ]);
  return { rows, total };
}

export async function getVisibleAlert(actor: Actor, id: number): Promise<Alert> {
  const alert = await Alert.findByPk(id);
  const ticket = alert ? await Ticket.findByPk(alert.ticketId) : null;
  if (!alert || !ticket || !canSeeTicket(actor, ticket)) throw notFound('Alert');
  return alert;
}
