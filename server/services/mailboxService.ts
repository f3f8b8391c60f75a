/** Mailboxes the help desk reads: configured from IMAP_* at start and managed by admins. */
import { UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { badRequest, conflict, notFound } from '../http/errors';
import { Group } from '../models/Group';
import { Mailbox } from '../models/Mailbox';
import type { Actor } from '../policies/actor';
import { recordAudit } from './auditService';

export interface MailboxInput {
  name: string;
  address?: string | null;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder?: string;
  groupId?: number | null;
  active?: boolean;
}

async function assertGroup(groupId: number | null | undefined): Promise<void> {
  if (groupId !== undefined && groupId !== null && !(await Group.findByPk(groupId))) throw badRequest(`No group with id ${groupId}`);
}

export async function createMailbox(ctx: AppContext, actor: Actor | null, input: MailboxInput): Promise<Mailbox> {
  await assertGroup(input.groupId);
  try {
    return await ctx.transactions.run(async (transaction) => {
      const mailbox = await Mailbox.create({ ...input, address: input.address ?? null, groupId: input.groupId ?? null }, { transaction });
      await recordAudit(transaction, { actor, action: 'mailbox.created', entityType: 'mailbox', entityId: mailbox.id, changes: { host: input.host, username: input.username, folder: mailbox.folder } });
      return mailbox;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw conflict('This mailbox (host, user, folder) is already configured');
    throw error;
  }
}

export async function updateMailbox(ctx: AppContext, actor: Actor, id: number, changes: Partial<MailboxInput>): Promise<Mailbox> {
  await assertGroup(changes.groupId);
  return ctx.transactions.run(async (transaction) => {
    const mailbox = await Mailbox.findByPk(id, { transaction });
    if (!mailbox) throw notFound('Mailbox');
    // Another server or folder is another UID space: start its checkpoint afresh.
    const moved = (changes.host && changes.host !== mailbox.host) || (changes.folder && changes.folder !== mailbox.folder) || (changes.username && changes.username !== mailbox.username);
    await mailbox.update({ ...changes, ...(moved ? { uidValidity: null, lastUid: 0 } : {}) }, { transaction });
    const { password: _hidden, ...logged } = changes;
    await recordAudit(transaction, { actor, action: 'mailbox.updated', entityType: 'mailbox', entityId: id, changes: { ...logged, ...(changes.password ? { password: 'changed' } : {}) } });
    return mailbox;
  });
}

export async function deleteMailbox(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await ctx.transactions.run(async (transaction) => {
    const mailbox = await Mailbox.findByPk(id, { transaction });
    if (!mailbox) throw notFound('Mailbox');
    await mailbox.destroy({ transaction });
    await recordAudit(transaction, { actor, action: 'mailbox.deleted', entityType: 'mailbox', entityId: id, changes: { host: mailbox.host, username: mailbox.username } });
  });
}

/** The IMAP_* mailbox from the environment, created or brought up to date at start. */
export async function upsertEnvironmentMailbox(ctx: AppContext): Promise<Mailbox | null> {
  const { config } = ctx;
  if (!config.IMAP_HOST) return null;
  if (!config.IMAP_USER) throw new Error('IMAP_HOST is set but IMAP_USER is not');
  const existing = await Mailbox.findOne({ where: { host: config.IMAP_HOST, username: config.IMAP_USER, folder: config.IMAP_MAILBOX } });
  const values = { port: config.IMAP_PORT, secure: config.IMAP_SECURE, password: config.IMAP_PASSWORD ?? '', address: config.mailFrom ?? config.IMAP_USER };
  if (existing) {
    await ctx.transactions.run((transaction) => existing.update(values, { transaction }));
    return existing;
  }
  return createMailbox(ctx, null, { name: config.IMAP_USER, host: config.IMAP_HOST, username: config.IMAP_USER, folder: config.IMAP_MAILBOX, ...values });
}
