/**
 * What the chat widget calls over HTTP from the company's site (cross-origin): file uploads.
 * The visitor proves who they are with their visitor token; the route is rate-limited per address.
 */
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import { AppError, badRequest } from '../http/errors';
import { perMinuteLimit } from '../http/rateLimit';
import { defineRoute } from '../http/route';
import { cleanFilename, isExecutableName, refuseExecutable } from '../services/attachmentService';
import { CHAT_UPLOAD_TYPES, findVisitor, receiveVisitorFile } from '../services/chatService';

/**
 * The file name must fit the type the visitor declared: a "photo" sent as image/png but named
 * invoice.exe would reach the agent's disk as a program (issue #9). No extension is fine.
 */
const EXTENSIONS: Record<string, string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'log', 'csv'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
};

function nameFitsType(filename: string, contentType: string): boolean {
  const extension = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase();
  return !extension || (EXTENSIONS[contentType] ?? []).includes(extension);
}

/** Any site may embed the widget; the token header (not a cookie) authenticates, so CORS may be open. */
export const widgetCors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Visitor-Token');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (req.method === 'OPTIONS') return void res.status(204).end();
  next();
};

export function widgetRoutes(config: Config) {
  return [
    defineRoute({
      method: 'post',
      path: '/widget/uploads',
      summary: "A chat visitor's file (raw body, ?filename=&clientId=), posted as a message in their chat",
      tag: 'chat',
      access: 'public',
      query: z.object({ filename: z.string().trim().min(1).max(255), clientId: z.string().regex(/^[\w-]{1,100}$/) }),
      rawBody: { contentType: 'application/octet-stream', description: 'the file; images, PDF, text or office documents; header X-Visitor-Token' },
      middleware: [
        widgetCors,
        perMinuteLimit(20, 'Too many uploads: wait a moment'),
        express.raw({ type: () => true, limit: config.CHAT_UPLOAD_MAX_BYTES }),
      ],
      responses: { 201: { description: 'Stored', schema: z.object({ ok: z.literal(true), id: z.number(), ticketId: z.number() }) }, 401: { description: 'Unknown visitor' }, 413: { description: 'Too large' }, 415: { description: 'Type not allowed' } },
      handler: async ({ ctx, query, req }) => {
        const session = await findVisitor(ctx, String(req.headers['x-visitor-token'] ?? ''));
        if (!session) throw new AppError(401, 'unauthorized', 'Unknown visitor token');
        if (!Buffer.isBuffer(req.body) || !req.body.length) throw badRequest('Send the file as the request body');
        const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!CHAT_UPLOAD_TYPES.includes(contentType)) throw new AppError(415, 'unsupported_type', `Files of type ${contentType || 'unknown'} cannot be sent here`);
        const filename = cleanFilename(query.filename);
        if (isExecutableName(filename)) throw refuseExecutable(filename);
        if (!nameFitsType(filename, contentType)) throw new AppError(415, 'unsupported_type', `The name ${filename} does not fit a file of type ${contentType}`);
        const { message } = await receiveVisitorFile(ctx, session, { filename, contentType, data: req.body }, query.clientId);
        return { status: 201, body: { ok: true, id: message.id, ticketId: message.ticketId } };
      },
    }),
  ];
}
