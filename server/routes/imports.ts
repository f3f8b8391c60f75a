import express from 'express';
import { z } from 'zod';
import { badRequest, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { writeCustomersCsv } from '../imports/customerExport';
import { IMPORT_MAX_BYTES } from '../imports/readImportFile';
import { customerSegments } from '../models/Customer';
import { recordAudit } from '../services/auditService';
import { importJobs, startImportJob, type ImportJob } from '../services/importJobs';
import type { ImportKind } from '../services/importService';
import { recomputeSegments, segmentCounts } from '../services/segmentService';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');
const uploadQuery = z.object({
  filename: z.string().trim().min(1).max(255).describe('the file name; .csv or .xlsx decides how it is read'),
  partial: flag.describe('true: write the valid rows and report the rejects (default: nothing is written if any row is rejected)'),
});
const purchaseQuery = uploadQuery.extend({ createMissing: flag.describe('true: create a customer for an email or phone nobody has') });

const reportSchema = z
  .object({
    kind: z.enum(['customers', 'purchases']),
    file: z.string(),
    total: z.number().int(),
    imported: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    customersCreated: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })).describe('the first 1000, by row number (the header is row 1)'),
    rejectedCount: z.number().int(),
    committed: z.boolean().describe('false: rows were rejected in all-or-nothing mode, nothing was written'),
    durationMs: z.number().int(),
  })
  .meta({ id: 'ImportReport' });
const jobSchema = z
  .object({
    jobId: z.string(),
    kind: z.enum(['customers', 'purchases']),
    file: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    processed: z.number().int(),
    total: z.number().int(),
    report: reportSchema.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });
const segmentCountsSchema = z.object({ counts: z.record(z.enum(customerSegments), z.number().int()), unscored: z.number().int().describe('customers not yet segmented') }).meta({ id: 'SegmentCounts' });

const presentJob = (job: ImportJob): z.infer<typeof jobSchema> => ({ jobId: job.id, kind: job.kind, file: job.file, state: job.state, processed: job.processed, total: job.total, report: job.report, error: job.error });

// The route's permission is checked before this reads the body (see registerRoutes).
const uploadMiddleware = [express.raw({ type: () => true, limit: IMPORT_MAX_BYTES })];
const uploadResponses = {
  202: { description: 'Import started; poll GET /api/imports/{jobId}', schema: jobSchema },
  413: { description: 'Larger than 20 MB or more than 250,000 rows' },
  415: { description: 'Not a .csv or .xlsx file (by name and content)' },
};

const uploadRoute = <K extends ImportKind>(kind: K) =>
  defineRoute({
    method: 'post',
    path: `/imports/${kind}`,
    summary: kind === 'customers' ? 'Import customers from CSV or .xlsx (matched by email, then phone; existing ones are filled in, not duplicated)' : 'Import purchase records from CSV or .xlsx (deduplicated by customer and order number); recomputes segments',
    tag: 'imports',
    access: 'agent',
    permission: 'customers.import',
    query: kind === 'customers' ? uploadQuery : purchaseQuery,
    rawBody: { contentType: 'application/octet-stream', description: 'the .csv or .xlsx file, at most 20 MB' },
    middleware: uploadMiddleware,
    responses: uploadResponses,
    handler: async ({ ctx, actor, query, req }) => {
      if (!Buffer.isBuffer(req.body) || !req.body.length) throw badRequest('Send the file as the request body');
      const options = { partial: query.partial, createMissing: 'createMissing' in query ? Boolean(query.createMissing) : false };
      const job = await startImportJob(ctx, actor, kind, { name: query.filename, data: req.body }, options);
      return { status: 202, body: presentJob(job) };
    },
  });

export const importRoutes = [
  uploadRoute('customers'),
  uploadRoute('purchases'),
  defineRoute({
    method: 'get',
    path: '/imports/:id',
    summary: 'Progress and, once done, the report of an import',
    tag: 'imports',
    access: 'agent',
    permission: 'customers.import',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'The import job', schema: jobSchema }, 404: { description: 'No such import (jobs are forgotten on restart)' } },
    handler: async ({ ctx, params }) => {
      const job = importJobs(ctx).get(params.id);
      if (!job) throw notFound('Import');
      return { body: presentJob(job) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/exports/customers.csv',
    summary: 'Every customer as CSV (emails, phones, organisation, tags, segment; never private fields), readable by the import',
    tag: 'imports',
    access: 'agent',
    permission: 'customers.export',
    responses: { 200: { description: 'text/csv, UTF-8 with BOM' } },
    handler: async ({ ctx, actor, res }) => {
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="customers-${ctx.now().toISOString().slice(0, 10)}.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      const count = await writeCustomersCsv(res);
      res.end();
      // Taking the whole customer list out is worth a line in the audit log.
      await ctx.transactions.run((transaction) => recordAudit(transaction, { actor, action: 'customers.exported', entityType: 'export', entityId: 0, changes: { customers: count } }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/segments',
    summary: 'Customers per value tier (high_value, regular, at_risk, never_bought)',
    tag: 'imports',
    access: 'agent',
    responses: { 200: { description: 'Counts per tier', schema: segmentCountsSchema } },
    handler: async () => ({ body: await segmentCounts() }),
  }),
  defineRoute({
    method: 'post',
    path: '/segments/recompute',
    summary: 'Recompute every customer’s value tier from purchases now (also done after each purchase import)',
    tag: 'imports',
    access: 'admin',
    responses: { 200: { description: 'Counts per tier', schema: segmentCountsSchema } },
    handler: async ({ ctx, actor }) => {
      await recomputeSegments(ctx, ctx.now(), actor);
      return { body: await segmentCounts() };
    },
  }),
];
