/**
 * The domain events services publish after their transaction commits. Payloads carry ids and
 * the few facts processors route on; a processor loads anything else it needs.
 */
import type { AuthorType } from '../models/Message';
import type { Channel } from '../models/Ticket';

export interface DomainEvents {
  'ticket.created': { ticketId: number; actorId: number | null };
  'ticket.updated': { ticketId: number; actorId: number | null; changed: string[] };
  'message.created': {
    ticketId: number;
    messageId: number;
    channel: Channel;
    authorType: AuthorType;
    internal: boolean;
    templateId: number | null;
  };
  /** The scanner raised an alert (a warning, an overdue wait, an escalation). */
  'alert.raised': { alertId: number; ticketId: number; kind: 'warning' | 'overdue' | 'escalation' };
  /** An outgoing message's delivery state changed (sent, failed, queued for a retry). */
  'message.delivery': { ticketId: number; messageId: number; state: 'queued' | 'sent' | 'failed' };
}

export type EventName = keyof DomainEvents;
export type DomainEvent = { [K in EventName]: { name: K; payload: DomainEvents[K] } }[EventName];
