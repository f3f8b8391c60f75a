/**
 * The inbound pipeline for one raw mail: keep the source, parse, run the filters (classify,
 * strip quoted text, forwarded sender, attachments), then hand the result to the ticket service.
 * Anything that fails because of the mail itself is quarantined with its reason; a failure of
 * our own infrastructure (database down, disk full) is thrown so the mail is fetched again later.
 */
import { createHash } from 'node:crypto';
import { ConnectionError, TimeoutError } from 'sequelize';
import type { AppContext } from '../../../context';
import type { Mailbox } from '../../../models/Mailbox';
import { writeAttachmentBytes } from '../../../services/attachmentService';
import { receiveEmail, type ReceiveResult } from '../../../services/emailInboundService';
import { quarantineMail } from '../../../services/quarantineService';
import { classifyMail } from './classify';
import { findForwardedSender } from './forwarded';
import { headerValues, parseMail, type ParsedMail } from './parse';
import { stripQuotedText } from './stripQuoted';
import type { Checkpoint, InboundEmail, StoredFile } from './types';

/** The shape of our outgoing Message-IDs (see messageIds.ts); signatures are checked later. */
const OUR_MESSAGE_ID = /<t\d+\.m[0-9a-z]+\.[0-9a-f]{16}@[^<>\s]+>/gi;

export type IngestResult = ReceiveResult | { outcome: 'quarantined'; quarantineId: number; reason: string };

/** Raised for a mail that cannot become a message; its text is the quarantine reason. */
export class UnprocessableMail extends Error {}

export function isInfrastructureError(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EROFS' || code === 'EACCES' || code === 'EMFILE';
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

async function storeAttachments(ctx: AppContext, parsed: ParsedMail): Promise<{ files: StoredFile[]; notes: string[] }> {
  const files: StoredFile[] = [];
  const notes: string[] = [];
  const limit = ctx.config.ATTACHMENT_MAX_BYTES;
  for (const attachment of parsed.attachments) {
    const filename = attachment.filename || 'attachment';
    // Over the limit: the mail is still stored, with a note; the file stays in the raw source.
    if (attachment.size > limit) {
      notes.push(`Attachment "${filename}" (${formatSize(attachment.size)}) is over the ${formatSize(limit)} limit and was not kept separately; it is in the original mail`);
      continue;
    }
    const { sha256, storageKey } = await writeAttachmentBytes(ctx, attachment.content);
    files.push({ filename: filename.slice(0, 255), contentType: attachment.contentType.slice(0, 255), size: attachment.size, sha256, storageKey, inline: attachment.inline, contentId: attachment.contentId });
  }
  return { files, notes };
}

/** The pipeline's filters, turning a parsed mail into what the ticket service stores. */
/**
 * Who to file the mail under: From, else Sender / Reply-To / Return-Path; a machine's mail with
 * none of them (a bounce from "MAILER-DAEMON <>") is filed under mailer-daemon@ its domain.
 */
function senderOf(parsed: ParsedMail, automatic: boolean): { address: string; name: string | null } | null {
  const candidates = [parsed.from?.address, headerValues(parsed, 'sender')[0], parsed.replyTo?.address, parsed.returnPath];
  for (const candidate of candidates) {
    const address = /[^\s<>"]+@[^\s<>"]+/.exec(candidate ?? '')?.[0];
    if (address) return { address, name: parsed.from?.name || null };
  }
  if (!automatic) return null;
  const domain = /@([^>\s]+)>?$/.exec(parsed.messageId ?? '')?.[1] ?? 'unknown.invalid';
  return { address: `mailer-daemon@${domain}`, name: parsed.from?.name || 'Mail Delivery System' };
}

export async function toInboundEmail(ctx: AppContext, parsed: ParsedMail, raw: Buffer, rawKey: string, mailbox: Mailbox | null = null): Promise<InboundEmail> {
  // When the support address is itself a list (e.g. a Google Group), list headers naming it
  // do not make a customer's mail bulk.
  const ownAddresses = [mailbox?.address, mailbox?.username, ctx.config.mailFrom].filter((a): a is string => Boolean(a && a.includes('@')));
  const classification = classifyMail(parsed, { ownAddresses });
  const sender = senderOf(parsed, classification.kind !== 'normal');
  if (!sender) throw new UnprocessableMail('The mail has no sender address (From, Sender, Reply-To or Return-Path)');
  const forwarded = findForwardedSender(parsed);
  // A forward's quoted part is the customer's request itself: keep it whole.
  const stripped = forwarded ? { visible: parsed.text, stripped: false } : stripQuotedText(parsed.text);
  const { files, notes } = await storeAttachments(ctx, parsed);
  // A bounce quotes the returned mail's headers; our Message-IDs there name the undelivered reply.
  const bouncedMessageIds = classification.kind === 'bounce' ? [...new Set(raw.toString('latin1').match(OUR_MESSAGE_ID) ?? [])].slice(0, 20) : [];
  return {
    messageId: parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@no-message-id.invalid>`,
    inReplyTo: parsed.inReplyTo,
    references: [...parsed.references, ...bouncedMessageIds],
    subject: parsed.subject,
    from: sender,
    to: parsed.to.map((a) => a.address).filter(Boolean),
    cc: parsed.cc.map((a) => a.address).filter(Boolean),
    text: stripped.visible,
    originalText: stripped.stripped ? parsed.text : null,
    html: parsed.html,
    attachments: files,
    notes,
    autoKind: classification.kind === 'normal' ? null : classification.kind,
    rawKey,
    forwardedFrom: forwarded ? { address: forwarded.address, name: forwarded.name } : null,
    bouncedMessageIds,
  };
}

export interface IngestOptions {
  threadSecret: string;
  checkpoint?: Checkpoint;
}

export async function ingestRawMail(ctx: AppContext, mailbox: Mailbox | null, raw: Buffer, options: IngestOptions): Promise<IngestResult> {
  const { storageKey: rawKey } = await writeAttachmentBytes(ctx, raw);
  let parsed: ParsedMail | null = null;
  try {
    parsed = await parseMail(raw);
    const mail = await toInboundEmail(ctx, parsed, raw, rawKey, mailbox);
    return await receiveEmail(ctx, mailbox, mail, options.threadSecret, options.checkpoint);
  } catch (error) {
    if (isInfrastructureError(error)) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    ctx.logger.warn('mail quarantined', { mailboxId: mailbox?.id, uid: options.checkpoint?.uid, reason });
    const row = await quarantineMail(
      ctx,
      {
        mailboxId: mailbox?.id ?? null,
        uid: options.checkpoint?.uid ?? null,
        rawKey,
        size: raw.length,
        reason,
        messageId: parsed?.messageId ?? null,
        subject: parsed?.subject ?? null,
        fromAddress: parsed?.from?.address ?? null,
      },
      options.checkpoint,
    );
    return { outcome: 'quarantined', quarantineId: row.id, reason };
  }
}
