import type { Transaction } from 'sequelize';
import { notFound } from '../http/errors';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { canSeeTicket } from '../policies/ticketPolicy';

/** The ticket, if this agent may see it. An invisible ticket is reported as missing, so ids reveal nothing. */
export async function getVisibleTicket(actor: Actor, id: number, transaction?: Transaction): Promise<Ticket> {
  const ticket = await Ticket.findByPk(id, { transaction });
  if (!ticket || !canSeeTicket(actor, ticket)) throw notFound('Ticket');
  return ticket;
}
