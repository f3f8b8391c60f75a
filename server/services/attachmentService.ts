/**
 * Attachment bytes live on disk under DATA_DIR/attachments, content-addressed by SHA-256 (the
 * same file sent twice is stored once); rows in `attachments` hold the metadata. Files are
 * written before the row, so a row never points at missing bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createReadStream, type ReadStream } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import { AppError, badRequest, notFound, payloadTooLarge } from '../http/errors';
import { Attachment } from '../models/Attachment';
import { Message } from '../models/Message';
import type { Actor } from '../policies/actor';
import { getVisibleTicket } from './ticketAccess';

export interface Upload {
  filename: string;
  contentType: string;
  data: Buffer;
}

function attachmentsDir(ctx: AppContext): string {
  return path.resolve(ctx.config.DATA_DIR, 'attachments');
}

/** Keeps a file name displayable and harmless in a Content-Disposition header. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return cleaned || 'attachment';
}

/**
 * Programs and scripts: how malware travels, refused by the big mail providers (a reply carrying
 * one would bounce), and nothing a customer and support need to exchange (issue #9).
 */
const EXECUTABLE_NAME = /\.(exe|com|bat|cmd|scr|pif|msi|msp|cpl|dll|jar|js|jse|vbs|vbe|wsf|wsh|ps1|psm1|hta|lnk|reg|sh|app|apk)$/i;

export function isExecutableName(name: string): boolean {
  return EXECUTABLE_NAME.test(name.trim());
}

export const refuseExecutable = (name: string) => new AppError(415, 'unsupported_type', `Programs and scripts (${name}) cannot be sent`);

export async function writeAttachmentBytes(ctx: AppContext, data: Buffer): Promise<{ sha256: string; storageKey: string }> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
  const file = path.join(attachmentsDir(ctx), storageKey);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Write to a temporary name and rename, so a crash never leaves a half file under the final name.
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, file);
  return { sha256, storageKey };
}

/** An agent's upload, waiting to be attached to the reply they are writing. */
export async function storeAgentUpload(ctx: AppContext, actor: Actor, upload: Upload): Promise<Attachment> {
  if (upload.data.length === 0) throw badRequest('The file is empty');
  if (isExecutableName(upload.filename)) throw refuseExecutable(cleanFilename(upload.filename));
  if (upload.data.length > ctx.config.ATTACHMENT_MAX_BYTES) {
    throw payloadTooLarge(`Attachments are limited to ${ctx.config.ATTACHMENT_MAX_BYTES} bytes`);
  }
  const { sha256, storageKey } = await writeAttachmentBytes(ctx, upload.data);
  return ctx.transactions.run((transaction) =>
    Attachment.create(
      {
        messageId: null,
        uploadedById: actor.agent.id,
        filename: cleanFilename(upload.filename),
        contentType: upload.contentType.slice(0, 255),
        size: upload.data.length,
        sha256,
        storageKey,
      },
      { transaction },
    ),
  );
}

/** Opens an attachment the agent may see: one on a visible ticket, or their own pending upload. */
export async function openAttachment(ctx: AppContext, actor: Actor, id: number): Promise<{ attachment: Attachment; stream: ReadStream }> {
  const attachment = await Attachment.findByPk(id);
  if (!attachment) throw notFound('Attachment');
  if (attachment.messageId === null) {
    if (attachment.uploadedById !== actor.agent.id) throw notFound('Attachment');
  } else {
    const message = await Message.findByPk(attachment.messageId);
    if (!message) throw notFound('Attachment');
    await getVisibleTicket(actor, message.ticketId);
  }
  const stream = createReadStream(path.join(attachmentsDir(ctx), attachment.storageKey));
  return { attachment, stream };
}

export async function attachmentsByMessage(messageIds: number[]): Promise<Map<number, Attachment[]>> {
  const result = new Map<number, Attachment[]>();
  if (!messageIds.length) return result;
  for (const attachment of await Attachment.findAll({ where: { messageId: messageIds }, order: [['id', 'ASC']] })) {
    const id = attachment.messageId as number;
    result.set(id, [...(result.get(id) ?? []), attachment]);
  }
  return result;
}
