/** Tickets as JSON, with the customer and assignee summaries loaded in one query each per page. */
import { Agent } from '../models/Agent';
import { Customer } from '../models/Customer';
import type { Ticket } from '../models/Ticket';
import { emailsByCustomer } from '../services/customerService';
import type { TicketJson } from './schemas';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export async function presentTickets(tickets: Ticket[]): Promise<TicketJson[]> {
  const customerIds = [...new Set(tickets.map((t) => t.customerId))];
  const assigneeIds = [...new Set(tickets.map((t) => t.assigneeId).filter((id): id is number => id !== null))];
  const [customers, emails, assignees] = await Promise.all([
    customerIds.length ? Customer.findAll({ where: { id: customerIds }, attributes: ['id', 'name', 'segment'] }) : [],
    emailsByCustomer(customerIds),
    assigneeIds.length ? Agent.findAll({ where: { id: assigneeIds }, attributes: ['id', 'name'] }) : [],
  ]);
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const assigneeById = new Map(assignees.map((a) => [a.id, a]));
  return tickets.map((ticket) => {
    const customer = customerById.get(ticket.customerId);
    const assignee = ticket.assigneeId !== null ? assigneeById.get(ticket.assigneeId) : undefined;
    return {
      id: ticket.id,
      number: ticket.number ?? ticket.id,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      channel: ticket.channel,
      customerId: ticket.customerId,
      customer: customer ? { id: customer.id, name: customer.name, email: emails.get(customer.id)?.[0] ?? null, segment: customer.segment ?? null } : null,
      assigneeId: ticket.assigneeId,
      assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
      groupId: ticket.groupId,
      tags: ticket.tags,
      category: ticket.category ?? null,
      subcategory: ticket.subcategory ?? null,
      product: ticket.product ?? null,
      waitingSince: iso(ticket.waitingSince),
      alertDueAt: iso(ticket.alertDueAt),
      mergedIntoId: ticket.mergedIntoId ?? null,
      lastActivityAt: ticket.lastActivityAt.toISOString(),
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
    };
  });
}

export async function presentTicket(ticket: Ticket): Promise<TicketJson> {
  return (await presentTickets([ticket]))[0];
}
