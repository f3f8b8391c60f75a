/**
 * Mail that could not be processed is kept aside with its reason and raw source: visible to
 * admins, retryable, and never fetched again (the checkpoint moves past it in the same transaction).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { QuarantinedMail } from '../models/QuarantinedMail';
import type { Checkpoint } from '../channels/email/inbound/types';
import { advanceCheckpoint } from './emailInboundService';

export interface QuarantineEntry {
  mailboxId: number | null;
  uid: number | null;
  rawKey: string;
  size: number;
  reason: string;
  messageId?: string | null;
  subject?: string | null;
  fromAddress?: string | null;
}

export async function quarantineMail(ctx: AppContext, entry: QuarantineEntry, checkpoint?: Checkpoint): Promise<QuarantinedMail> {
  return ctx.transactions.run(async (transaction) => {
    // The same source failing again (e.g. after a UIDVALIDITY reset) is one entry with more attempts.
    const existing = await QuarantinedMail.findOne({ where: { rawKey: entry.rawKey, status: 'quarantined' }, transaction });
    const row = existing
      ? await existing.update({ attempts: existing.attempts + 1, reason: entry.reason.slice(0, 10_000) }, { transaction })
      : await QuarantinedMail.create(
          {
            mailboxId: entry.mailboxId,
            uid: entry.uid,
            rawKey: entry.rawKey,
            size: entry.size,
            reason: entry.reason.slice(0, 10_000),
            messageId: entry.messageId?.slice(0, 500) ?? null,
            subject: entry.subject?.slice(0, 500) ?? null,
            fromAddress: entry.fromAddress?.slice(0, 320) ?? null,
          },
          { transaction },
        );
    if (checkpoint) await advanceCheckpoint(ctx, transaction, checkpoint);
    return row;
  });
}

export async function listQuarantine(options: { status?: 'quarantined' | 'resolved'; limit: number; offset: number }) {
  const where = options.status ? { status: options.status } : {};
  const [rows, total] = await Promise.all([
    QuarantinedMail.findAll({ where, order: [['id', 'DESC']], limit: options.limit, offset: options.offset }),
    QuarantinedMail.count({ where }),
  ]);
  return { rows, total };
}

export async function readQuarantinedRaw(ctx: AppContext, id: number): Promise<{ row: QuarantinedMail; raw: Buffer }> {
  const row = await QuarantinedMail.findByPk(id);
  if (!row) throw notFound('Quarantined mail');
  const raw = await fs.readFile(path.resolve(ctx.config.DATA_DIR, 'attachments', row.rawKey));
  return { row, raw };
}
