/**
 * Builds the outgoing mail for a stored reply: threading headers so the customer's answer comes
 * back to the same ticket, the ticket number in the subject, text and HTML parts, attachments.
 */
import path from 'node:path';
import type { Attachment } from '../../../models/Attachment';
import type { Message } from '../../../models/Message';
import type { Ticket } from '../../../models/Ticket';
import { stripSubjectPrefixes } from '../inbound/forwarded';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: Array<{ filename: string; contentType: string; path: string; cid?: string }>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function replySubject(ticket: Pick<Ticket, 'subject' | 'number'>): string {
  const base = stripSubjectPrefixes(ticket.subject).replace(/\s*\[#\d+\]\s*/g, ' ').trim();
  return `Re: ${base} [#${ticket.number}]`;
}

export interface ComposeInput {
  ticket: Ticket;
  message: Message;
  /** Earlier messages' Message-IDs on this ticket, oldest first. */
  thread: Array<Pick<Message, 'externalId' | 'direction' | 'autoKind'>>;
  attachments: Attachment[];
  attachmentsDir: string;
  from: { name: string; address: string };
  to: string;
  messageId: string;
}

export function composeReply(input: ComposeInput): OutgoingMail {
  const ids = input.thread.map((m) => m.externalId).filter((id): id is string => Boolean(id));
  const lastInbound = [...input.thread].reverse().find((m) => m.direction === 'inbound' && m.externalId && !m.autoKind);
  const automatic = input.message.authorType === 'system';
  const html = input.message.html ?? `<div style="white-space:pre-wrap">${escapeHtml(input.message.body)}</div>`;
  return {
    from: input.from,
    to: input.to,
    subject: replySubject(input.ticket),
    messageId: input.messageId,
    inReplyTo: lastInbound?.externalId ?? ids[ids.length - 1],
    // The first id (the thread's root) and the most recent ones: enough for every client to thread.
    references: ids.length > 20 ? [ids[0], ...ids.slice(-19)] : ids,
    text: input.message.body,
    html,
    headers: {
      'X-Helpdesk-Ticket': String(input.ticket.number),
      // Mail we send by ourselves says so, so other systems don't auto-answer it (RFC 3834).
      ...(automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {}),
    },
    attachments: input.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      path: path.join(input.attachmentsDir, a.storageKey),
      ...(a.inline && a.contentId ? { cid: a.contentId.replace(/^<|>$/g, '') } : {}),
    })),
  };
}
