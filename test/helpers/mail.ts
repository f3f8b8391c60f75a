/** Builds raw test mails the way real clients do (nodemailer's MIME composer). */
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface TestMail {
  from: string;
  to?: string;
  cc?: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType?: string; cid?: string }>;
}

export function newMessageId(domain = 'customer.test'): string {
  return `<${randomBytes(8).toString('hex')}@${domain}>`;
}

export function buildMail(mail: TestMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to ?? 'support@shop.test',
    cc: mail.cc,
    subject: mail.subject ?? 'Question about my order',
    text: mail.text ?? 'Hello, where is my order?',
    html: mail.html,
    messageId: mail.messageId ?? newMessageId(),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: mail.headers,
    attachments: mail.attachments,
    date: new Date('2026-11-24T08:00:00Z'),
  });
  return composer.compile().build();
}
