/** The one way a ticket row is made, whatever the channel: stamped with the clock, numbered from its id. */
import type { CreationAttributes, Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { Ticket, TICKET_NUMBER_OFFSET } from '../models/Ticket';

type OpeningFields = Omit<CreationAttributes<Ticket>, 'number' | 'lastActivityAt' | 'createdAt' | 'updatedAt'>;

export async function openTicket(ctx: AppContext, transaction: Transaction, fields: OpeningFields): Promise<Ticket> {
  const now = ctx.now();
  const ticket = await Ticket.create({ ...fields, lastActivityAt: now, createdAt: now, updatedAt: now }, { transaction });
  await ticket.update({ number: ticket.id + TICKET_NUMBER_OFFSET }, { transaction });
  return ticket;
}
