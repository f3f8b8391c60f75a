/** Messages as JSON, with author names and attachment metadata loaded per batch. */
import { Agent } from '../models/Agent';
import { Customer } from '../models/Customer';
import type { Message } from '../models/Message';
import { attachmentsByMessage } from '../services/attachmentService';
import type { MessageJson } from './schemas';

export async function presentMessages(messages: Message[]): Promise<MessageJson[]> {
  const idsOf = (type: string) => [...new Set(messages.filter((m) => m.authorType === type && m.authorId !== null).map((m) => m.authorId as number))];
  const agentIds = idsOf('agent');
  const customerIds = idsOf('customer');
  const [agents, customers, attachments] = await Promise.all([
    agentIds.length ? Agent.findAll({ where: { id: agentIds }, attributes: ['id', 'name'] }) : [],
    customerIds.length ? Customer.findAll({ where: { id: customerIds }, attributes: ['id', 'name'] }) : [],
    attachmentsByMessage(messages.map((m) => m.id)),
  ]);
  const agentNames = new Map(agents.map((a) => [a.id, a.name]));
  const customerNames = new Map(customers.map((c) => [c.id, c.name]));
  return messages.map((message) => ({
    id: message.id,
    ticketId: message.ticketId,
    direction: message.direction,
    channel: message.channel,
    authorType: message.authorType,
    authorId: message.authorId,
    authorName:
      message.authorId === null
        ? null
        : ((message.authorType === 'agent' ? agentNames : customerNames).get(message.authorId) ?? null),
    body: message.body,
    html: message.html,
    internal: message.internal,
    templateId: message.templateId,
    deliveryState: message.deliveryState,
    deliveryError: message.deliveryError,
    fromAddress: message.fromAddress,
    recipients: message.recipients,
    originalBody: message.originalBody,
    autoKind: message.autoKind,
    automatic: message.automatic,
    hasRawSource: message.rawKey !== null,
    attachments: (attachments.get(message.id) ?? []).map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size })),
    createdAt: message.createdAt.toISOString(),
  }));
}

export async function presentMessage(message: Message): Promise<MessageJson> {
  return (await presentMessages([message]))[0];
}
