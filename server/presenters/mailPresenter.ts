/** Mailboxes (never their password) and quarantined mail as JSON. */
import { z } from 'zod';
import type { Mailbox } from '../models/Mailbox';
import type { QuarantinedMail } from '../models/QuarantinedMail';

export const mailboxSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    address: z.string().nullable(),
    host: z.string(),
    port: z.number().int(),
    secure: z.boolean(),
    username: z.string(),
    folder: z.string(),
    groupId: z.number().int().nullable(),
    active: z.boolean(),
    uidValidity: z.number().nullable(),
    lastUid: z.number(),
    lastSyncedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'Mailbox' });

export const quarantinedMailSchema = z
  .object({
    id: z.number().int(),
    mailboxId: z.number().int().nullable(),
    uid: z.number().nullable(),
    messageId: z.string().nullable(),
    subject: z.string().nullable(),
    fromAddress: z.string().nullable(),
    reason: z.string(),
    size: z.number().int(),
    status: z.enum(['quarantined', 'resolved']),
    attempts: z.number().int(),
    resolvedMessageId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'QuarantinedMail' });

export function presentMailbox(mailbox: Mailbox): z.infer<typeof mailboxSchema> {
  return {
    id: mailbox.id,
    name: mailbox.name,
    address: mailbox.address,
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    username: mailbox.username,
    folder: mailbox.folder,
    groupId: mailbox.groupId,
    active: mailbox.active,
    uidValidity: mailbox.uidValidity,
    lastUid: mailbox.lastUid,
    lastSyncedAt: mailbox.lastSyncedAt?.toISOString() ?? null,
    lastError: mailbox.lastError,
  };
}

export function presentQuarantinedMail(row: QuarantinedMail): z.infer<typeof quarantinedMailSchema> {
  return {
    id: row.id,
    mailboxId: row.mailboxId,
    uid: row.uid,
    messageId: row.messageId,
    subject: row.subject,
    fromAddress: row.fromAddress,
    reason: row.reason,
    size: row.size,
    status: row.status,
    attempts: row.attempts,
    resolvedMessageId: row.resolvedMessageId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
