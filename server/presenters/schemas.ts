/**
 * What leaves the server, as zod schemas. Presenters return these types, and the OpenAPI
 * description is generated from the same schemas, so the two cannot drift apart.
 */
import { z } from 'zod';
import { customerSegments } from '../models/Customer';
import { channels, ticketPriorities, ticketStatuses } from '../models/Ticket';

const timestamp = z.string().describe('ISO 8601 time');

export const agentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    role: z.string().describe('admin, supervisor, agent or a role an admin defined'),
    locale: z.string().nullable(),
    phone: z.string().nullable(),
    active: z.boolean(),
    alertSound: z.boolean().describe('play a sound in the console for alerts'),
    groupIds: z.array(z.number().int()),
    createdAt: timestamp,
  })
  .meta({ id: 'Agent' });

export const groupSchema = z
  .object({ id: z.number().int(), name: z.string(), email: z.string().nullable(), createdAt: timestamp })
  .meta({ id: 'Group' });

export const attachmentSchema = z
  .object({ id: z.number().int(), filename: z.string(), contentType: z.string(), size: z.number().int() })
  .meta({ id: 'Attachment' });

export const messageSchema = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int(),
    direction: z.enum(['inbound', 'outbound']),
    channel: z.enum(channels),
    authorType: z.enum(['customer', 'agent', 'system']),
    authorId: z.number().int().nullable(),
    authorName: z.string().nullable(),
    body: z.string().describe('plain text'),
    html: z.string().nullable().describe('sanitised HTML, or null'),
    internal: z.boolean(),
    templateId: z.number().int().nullable(),
    deliveryState: z.enum(['queued', 'sending', 'sent', 'failed']).nullable().describe('for replies sent later by email or chat'),
    deliveryError: z.string().nullable(),
    fromAddress: z.string().nullable().describe('email: the sender address'),
    recipients: z.object({ to: z.array(z.string()), cc: z.array(z.string()) }).nullable(),
    originalBody: z.string().nullable().describe('the full text when quoted history or a signature was hidden from `body`'),
    autoKind: z.enum(['bounce', 'auto-reply', 'bulk']).nullable().describe('mail sent by a machine; never answered automatically'),
    automatic: z.boolean().describe('written by the system for the agents (an automatic first answer)'),
    hasRawSource: z.boolean().describe('the original .eml is available at GET /api/messages/{id}/raw'),
    attachments: z.array(attachmentSchema),
    createdAt: timestamp,
  })
  .meta({ id: 'Message' });

export const ticketSchema = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    subject: z.string(),
    status: z.enum(ticketStatuses),
    priority: z.enum(ticketPriorities),
    channel: z.enum(channels),
    customerId: z.number().int(),
    customer: z.object({ id: z.number().int(), name: z.string().nullable(), email: z.string().nullable(), segment: z.enum(customerSegments).nullable().describe('value tier from purchases') }).nullable(),
    assigneeId: z.number().int().nullable(),
    assignee: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    groupId: z.number().int().nullable(),
    tags: z.array(z.string()),
    category: z.string().nullable(),
    subcategory: z.string().nullable(),
    product: z.string().nullable(),
    waitingSince: timestamp.nullable().describe('when the customer started waiting for an answer; null when nobody waits'),
    alertDueAt: timestamp.nullable(),
    mergedIntoId: z.number().int().nullable().describe('the ticket this one was merged into (it is then closed); null if not merged'),
    lastActivityAt: timestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Ticket' });

export const ticketWithMessagesSchema = ticketSchema.extend({ messages: z.array(messageSchema) }).meta({ id: 'TicketWithMessages' });

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error' });

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), total: z.number().int() });

export type AgentJson = z.infer<typeof agentSchema>;
export type GroupJson = z.infer<typeof groupSchema>;
export type MessageJson = z.infer<typeof messageSchema>;
export type TicketJson = z.infer<typeof ticketSchema>;
