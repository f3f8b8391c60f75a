import express from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import { badRequest } from '../http/errors';
import { defineRoute } from '../http/route';
import { presentMessage, presentMessages } from '../presenters/messagePresenter';
import { attachmentSchema, listOf, messageSchema } from '../presenters/schemas';
import { openAttachment, storeAgentUpload } from '../services/attachmentService';
import { addAgentMessage, listMessages } from '../services/messageService';
import { idParams } from './common';

const replyBody = z
  .object({
    body: z.string().max(100_000).default(''),
    html: z.string().max(500_000).nullable().optional().describe('sanitised before it is stored'),
    internal: z.boolean().default(false).describe('true: a note only agents see'),
    templateId: z.number().int().positive().nullable().optional().describe('the reply template this text came from'),
    attachmentIds: z.array(z.number().int().positive()).max(20).optional().describe('ids from POST /api/attachments'),
  })
  .refine((reply) => reply.body.trim() || reply.html?.trim(), 'body must not be empty');

export function messageRoutes(config: Config) {
  return [
    defineRoute({
      method: 'get',
      path: '/tickets/:id/messages',
      summary: 'Messages of a ticket, oldest first',
      tag: 'messages',
      access: 'agent',
      params: idParams,
      responses: { 200: { description: 'Messages', schema: listOf(messageSchema) }, 404: { description: 'No such ticket' } },
      handler: async ({ actor, params }) => {
        const messages = await listMessages(actor, params.id);
        return { body: { data: await presentMessages(messages), total: messages.length } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/tickets/:id/messages',
      summary: "Reply to the customer (sent on the ticket's channel) or add an internal note",
      tag: 'messages',
      access: 'agent',
      params: idParams,
      body: replyBody,
      responses: { 201: { description: 'The stored message', schema: messageSchema }, 404: { description: 'No such ticket' } },
      handler: async ({ ctx, actor, params, body }) => ({
        status: 201,
        body: await presentMessage(await addAgentMessage(ctx, actor, params.id, { ...body, body: body.body.trim() })),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/attachments',
      summary: 'Upload a file to attach to a reply (raw bytes; name in ?filename=)',
      tag: 'messages',
      access: 'agent',
      query: z.object({ filename: z.string().trim().min(1).max(255) }),
      rawBody: { contentType: 'application/octet-stream', description: 'the file; its Content-Type header is kept' },
      middleware: [express.raw({ type: () => true, limit: config.ATTACHMENT_MAX_BYTES })],
      responses: { 201: { description: 'Stored, not yet attached', schema: attachmentSchema }, 413: { description: 'Over ATTACHMENT_MAX_BYTES' }, 415: { description: 'A program or script (.exe, .bat, .js, …)' } },
      handler: async ({ ctx, actor, query, req }) => {
        if (!Buffer.isBuffer(req.body)) throw badRequest('Send the file as the request body');
        const contentType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim();
        const attachment = await storeAgentUpload(ctx, actor, { filename: query.filename, contentType, data: req.body });
        return { status: 201, body: { id: attachment.id, filename: attachment.filename, contentType: attachment.contentType, size: attachment.size } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/attachments/:id',
      summary: 'Download an attachment of a ticket you can see',
      tag: 'messages',
      access: 'agent',
      params: idParams,
      responses: { 200: { description: 'The file, as a download' }, 404: { description: 'No such attachment' } },
      handler: async ({ ctx, actor, params, res }) => {
        const { attachment, stream } = await openAttachment(ctx, actor, params.id);
        // Always a download, never rendered in our origin: an uploaded HTML file must not run as our page.
        res.setHeader('Content-Type', attachment.contentType || 'application/octet-stream');
        res.setHeader('Content-Length', String(attachment.size));
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        await new Promise<void>((resolve, reject) => {
          stream.on('error', reject);
          stream.pipe(res).on('finish', () => resolve());
        });
      },
    }),
  ];
}
