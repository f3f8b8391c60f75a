/** An admin's retry of a quarantined mail: the same pipeline on the kept source, without a checkpoint. */
import type { AppContext } from '../../../context';
import { conflict } from '../../../http/errors';
import { Mailbox } from '../../../models/Mailbox';
import type { QuarantinedMail } from '../../../models/QuarantinedMail';
import { receiveEmail, type ReceiveResult } from '../../../services/emailInboundService';
import { readQuarantinedRaw } from '../../../services/quarantineService';
import { isInfrastructureError, toInboundEmail } from './ingest';
import { parseMail } from './parse';

export type RetryResult = { ok: true; row: QuarantinedMail; result: ReceiveResult } | { ok: false; row: QuarantinedMail; reason: string };

export async function retryQuarantined(ctx: AppContext, id: number, threadSecret: string): Promise<RetryResult> {
  const { row, raw } = await readQuarantinedRaw(ctx, id);
  if (row.status === 'resolved') throw conflict('This mail was already processed');
  const mailbox = row.mailboxId ? await Mailbox.findByPk(row.mailboxId) : null;
  try {
    const parsed = await parseMail(raw);
    const result = await receiveEmail(ctx, mailbox, await toInboundEmail(ctx, parsed, raw, row.rawKey, mailbox), threadSecret);
    await row.update({ status: 'resolved', resolvedMessageId: result.messageId, attempts: row.attempts + 1 });
    return { ok: true, row, result };
  } catch (error) {
    if (isInfrastructureError(error)) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await row.update({ attempts: row.attempts + 1, reason: reason.slice(0, 10_000) });
    return { ok: false, row, reason };
  }
}
