import fs from 'node:fs/promises';
import path from 'node:path';
import type { Response } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { Mailbox } from '../models/Mailbox';
import { Message } from '../models/Message';
import type { AppContext } from '../context';
import { mailboxSchema, presentMailbox, presentQuarantinedMail, quarantinedMailSchema } from '../presenters/mailPresenter';
import { listOf } from '../presenters/schemas';
import { createMailbox, deleteMailbox, updateMailbox } from '../services/mailboxService';
import { configuredSmtp, testMailboxConnection } from '../services/mailboxConnectionTest';
import { listQuarantine, readQuarantinedRaw } from '../services/quarantineService';
import { getVisibleTicket } from '../services/ticketAccess';
import { retryQuarantined } from '../channels/email/inbound/retry';
import type { EmailChannel } from '../channels/email/emailChannel';
import { idParams, paging } from './common';

const mailboxBody = z.object({
  name: z.string().trim().min(1).max(200),
  address: z.email().nullable().optional().describe('the support address replies are sent from'),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(500),
  folder: z.string().trim().min(1).max(255).default('INBOX'),
  groupId: z.number().int().positive().nullable().optional().describe('new tickets from this mailbox go to this group'),
  active: z.boolean().default(true),
});

/** SMTP to try instead of the server's SMTP_* one (e.g. before changing the environment). */
const smtpBody = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  username: z.string().trim().max(320).nullable().optional(),
  password: z.string().max(500).nullable().optional(),
});
const connectionTestBody = mailboxBody.partial({ name: true }).extend({ smtp: smtpBody.optional() });
const connectionReportSchema = z.object({
  imap: z.object({ ok: z.boolean(), error: z.string().optional(), mailboxes: z.number().int().optional().describe('folders in the account'), messages: z.number().int().optional().describe('messages in the folder') }),
  smtp: z.object({ ok: z.boolean(), error: z.string().optional() }),
});

function emailChannel(ctx: AppContext): EmailChannel {
  if (!ctx.channels.email) throw new AppError(503, 'unavailable', 'The email channel is not running');
  return ctx.channels.email;
}

function sendEml(res: Response, raw: Buffer, name: string): void {
  res.setHeader('Content-Type', 'message/rfc822');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.eml"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(raw);
}

export const mailRoutes = [
  defineRoute({
    method: 'get',
    path: '/mailboxes',
    summary: 'Mailboxes read by the help desk, with their sync state',
    tag: 'email',
    access: 'admin',
    responses: { 200: { description: 'Mailboxes', schema: listOf(mailboxSchema) } },
    handler: async () => {
      const rows = await Mailbox.findAll({ order: [['id', 'ASC']] });
      return { body: { data: rows.map(presentMailbox), total: rows.length } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/mailboxes',
    summary: 'Add a mailbox (IMAP); it is polled at once',
    tag: 'email',
    access: 'admin',
    body: mailboxBody,
    responses: { 201: { description: 'Created', schema: mailboxSchema }, 409: { description: 'Already configured' } },
    handler: async ({ ctx, actor, body }) => {
      const mailbox = await createMailbox(ctx, actor, body);
      emailChannel(ctx).startPoller(mailbox.id);
      return { status: 201, body: presentMailbox(mailbox) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/mailboxes/test',
    summary: 'Test IMAP (log in, open the folder) and SMTP (verify) settings before saving them; each within 10 s',
    tag: 'email',
    access: 'admin',
    body: connectionTestBody,
    responses: { 200: { description: 'Per protocol: ok, or a readable error (never the password)', schema: connectionReportSchema } },
    handler: async ({ ctx, body }) => ({ body: await testMailboxConnection(body, body.smtp ?? configuredSmtp(ctx.config)) }),
  }),
  defineRoute({
    method: 'post',
    path: '/mailboxes/:id/test',
    summary: "Test a stored mailbox's IMAP login and folder, and the SMTP server replies go out through",
    tag: 'email',
    access: 'admin',
    params: idParams,
    body: z.object({ smtp: smtpBody.optional() }),
    responses: { 200: { description: 'Per protocol: ok, or a readable error', schema: connectionReportSchema }, 404: { description: 'No such mailbox' } },
    handler: async ({ ctx, params, body }) => {
      const mailbox = await Mailbox.findByPk(params.id);
      if (!mailbox) throw notFound('Mailbox');
      return { body: await testMailboxConnection(mailbox, body.smtp ?? configuredSmtp(ctx.config)) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/mailboxes/:id',
    summary: 'Change a mailbox (moving it to another server or folder restarts its checkpoint)',
    tag: 'email',
    access: 'admin',
    params: idParams,
    body: mailboxBody.partial(),
    responses: { 200: { description: 'Updated', schema: mailboxSchema } },
    handler: async ({ ctx, actor, params, body }) => {
      const mailbox = await updateMailbox(ctx, actor, params.id, body);
      await emailChannel(ctx).reloadPoller(mailbox.id);
      return { body: presentMailbox(mailbox) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/mailboxes/:id',
    summary: 'Stop reading a mailbox (its tickets stay)',
    tag: 'email',
    access: 'admin',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ ctx, actor, params }) => {
      await emailChannel(ctx).stopPoller(params.id);
      await deleteMailbox(ctx, actor, params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/mailboxes/:id/sync',
    summary: 'Fetch new mail now',
    tag: 'email',
    access: 'admin',
    params: idParams,
    responses: { 200: { description: 'What was fetched', schema: z.object({ fetched: z.number(), created: z.number(), appended: z.number(), duplicate: z.number(), quarantined: z.number() }) } },
    handler: async ({ ctx, params }) => {
      const report = await emailChannel(ctx).syncMailbox(params.id);
      if (!report) throw notFound('Active mailbox');
      return { body: report };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/mail/quarantine',
    summary: 'Mail that could not be processed, newest first',
    tag: 'email',
    access: 'admin',
    query: z.object({ status: z.enum(['quarantined', 'resolved']).optional(), ...paging }),
    responses: { 200: { description: 'Quarantined mail', schema: listOf(quarantinedMailSchema) } },
    handler: async ({ query }) => {
      const { rows, total } = await listQuarantine(query);
      return { body: { data: rows.map(presentQuarantinedMail), total } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/mail/quarantine/:id/raw',
    summary: 'The raw source of a quarantined mail (.eml)',
    tag: 'email',
    access: 'admin',
    params: idParams,
    responses: { 200: { description: 'message/rfc822' } },
    handler: async ({ ctx, params, res }) => {
      const { raw } = await readQuarantinedRaw(ctx, params.id);
      sendEml(res, raw, `quarantined-${params.id}`);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/mail/quarantine/:id/retry',
    summary: 'Run a quarantined mail through the pipeline again',
    tag: 'email',
    access: 'admin',
    params: idParams,
    responses: {
      200: { description: 'Processed, or the new reason it failed', schema: z.object({ ok: z.boolean(), reason: z.string().optional(), ticketId: z.number().nullable().optional(), quarantined: quarantinedMailSchema }) },
      409: { description: 'Already processed' },
    },
    handler: async ({ ctx, params }) => {
      const outcome = await retryQuarantined(ctx, params.id, emailChannel(ctx).threadSecret);
      return {
        body: outcome.ok
          ? { ok: true, ticketId: outcome.result.ticketId, quarantined: presentQuarantinedMail(outcome.row) }
          : { ok: false, reason: outcome.reason, quarantined: presentQuarantinedMail(outcome.row) },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/messages/:id/raw',
    summary: 'The original source (.eml) of an email message on a ticket you can see',
    tag: 'messages',
    access: 'agent',
    params: idParams,
    responses: { 200: { description: 'message/rfc822' }, 404: { description: 'No such message or no source' } },
    handler: async ({ ctx, actor, params, res }) => {
      const message = await Message.findByPk(params.id);
      if (!message || !message.rawKey) throw notFound('Message source');
      await getVisibleTicket(actor, message.ticketId);
      sendEml(res, await fs.readFile(path.resolve(ctx.config.DATA_DIR, 'attachments', message.rawKey)), `message-${message.id}`);
    },
  }),
];
