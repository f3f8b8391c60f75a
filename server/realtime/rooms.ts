/** Socket.IO room names. Events go to rooms (never to looped sockets), so this is who hears what. */
import type { Ticket } from '../models/Ticket';

export const rooms = {
  agent: (id: number) => `agent:${id}`,
  group: (id: number) => `group:${id}`,
  allAgents: 'agents',
  admins: 'admins',
  /** A chat visitor's sockets (/widget), all tabs of one customer. */
  customer: (id: number) => `customer:${id}`,
};

/** The rooms of the agents who may see a ticket (see policies/ticketPolicy.ts). */
export function ticketRooms(ticket: Pick<Ticket, 'groupId' | 'assigneeId'>): string[] {
  if (ticket.groupId === null) return [rooms.allAgents];
  return [rooms.group(ticket.groupId), rooms.admins, ...(ticket.assigneeId ? [rooms.agent(ticket.assigneeId)] : [])];
}
