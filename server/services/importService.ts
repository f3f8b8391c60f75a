/**
 * Importing customers and purchase records from CSV or .xlsx. Every row is checked first; by
 * default one rejected row means nothing is written (the report lists every rejected row), and
 * with `partial` the valid rows are written and the rejects reported. Writing happens in one
 * transaction, in bulk chunks, so a failure half-way leaves nothing behind. One audit entry per
 * import, whatever its outcome. A purchase import recomputes the value segments afterwards.
 */
import type { Transaction } from 'sequelize';
import type { AppContext } from '../context';
import { CustomerMatcher } from '../imports/customerMatcher';
import { validateCustomerRows, validatePurchaseRows, type Rejection } from '../imports/importRows';
import { readImportFile, type ImportFile, type ImportTable } from '../imports/readImportFile';
import { writeCustomerRows, type WriteCounts } from '../imports/writeCustomerRows';
import { resolvePurchaseCustomers, writePurchaseRows } from '../imports/writePurchaseRows';
import type { Actor } from '../policies/actor';
import { recordAudit } from './auditService';
import { recomputeSegments } from './segmentService';

export type ImportKind = 'customers' | 'purchases';

export interface ImportOptions {
  /** Write the valid rows even when others are rejected (default: all or nothing). */
  partial?: boolean;
  /** Purchases only: create a customer for an email or phone nobody has yet. */
  createMissing?: boolean;
  /** Called as rows are settled, for a progress bar. */
  onProgress?: (processed: number, total: number) => void;
}

export interface ImportReport {
  kind: ImportKind;
  file: string;
  /** Data rows in the file (the header not counted). */
  total: number;
  /** Rows that added a customer (customers) or a purchase (purchases). */
  imported: number;
  /** Rows that changed what was stored: filled fields, added tags or identities, a corrected purchase. */
  updated: number;
  /** Valid rows that matched what was stored and changed nothing. */
  unchanged: number;
  /** Purchases only: customers created for unknown emails or phones (createMissing). */
  customersCreated: number;
  /** The first MAX_REPORTED_REJECTS rejected rows, by row number; `rejectedCount` counts them all. */
  rejected: Rejection[];
  rejectedCount: number;
  /** False when rows were rejected in all-or-nothing mode, so nothing was written. */
  committed: boolean;
  durationMs: number;
}

export const MAX_REPORTED_REJECTS = 1000;

/** Thrown inside the transaction to roll back an all-or-nothing import that rejected rows; caught below. */
class RefusedImport extends Error {
  constructor(readonly rejected: Rejection[]) {
    super(`${rejected.length} rows rejected`);
  }
}

interface Outcome {
  counts: WriteCounts;
  rejected: Rejection[];
  customersCreated: number;
}

export async function importCustomers(ctx: AppContext, actor: Actor | null, file: ImportFile, options: ImportOptions = {}): Promise<ImportReport> {
  return importTable(ctx, actor, 'customers', file.name, await readImportFile(file), options);
}

export async function importPurchases(ctx: AppContext, actor: Actor | null, file: ImportFile, options: ImportOptions = {}): Promise<ImportReport> {
  return importTable(ctx, actor, 'purchases', file.name, await readImportFile(file), options);
}

/** What the two kinds of import share while they run. */
interface Run {
  ctx: AppContext;
  now: Date;
  partial: boolean;
  createMissing: boolean;
  progress(done: number): void;
  audit(transaction: Transaction, outcome: Outcome, committed: boolean): Promise<void>;
}

/** Rows are checked before the transaction opens: SQLite's single writer is held only for writing. */
async function writeCustomers(run: Run, table: ImportTable): Promise<Outcome> {
  const { valid, rejected } = await validateCustomerRows(table);
  run.progress(rejected.length);
  if (rejected.length && !run.partial) throw new RefusedImport(rejected);
  return run.ctx.transactions.run(async (transaction) => {
    const counts = await writeCustomerRows(transaction, valid, run.now, (done) => run.progress(rejected.length + done));
    const outcome = { counts, rejected, customersCreated: 0 };
    await run.audit(transaction, outcome, true);
    return outcome;
  });
}

/** Who each row belongs to is settled before anything is written, so all-or-nothing can still refuse the file. */
async function writePurchases(run: Run, table: ImportTable): Promise<Outcome> {
  const { valid, rejected: invalid } = await validatePurchaseRows(table);
  run.progress(invalid.length);
  // Even when rows are already rejected, the customers are looked up: the report lists every rejected row.
  return run.ctx.transactions.run(async (transaction) => {
    const matcher = new CustomerMatcher(transaction);
    const { resolved, rejected: unknown, created } = await resolvePurchaseCustomers(matcher, valid, run.createMissing);
    const rejected = [...invalid, ...unknown].sort((x, y) => x.row - y.row);
    if (rejected.length && !run.partial) throw new RefusedImport(rejected);
    run.progress(rejected.length);
    await matcher.flush(run.now);
    const counts = await writePurchaseRows(transaction, resolved, run.now, (done) => run.progress(rejected.length + done));
    const outcome = { counts, rejected, customersCreated: created };
    await run.audit(transaction, outcome, true);
    return outcome;
  });
}

/** The import of a file already read (the HTTP route reads it first, so file errors answer the upload itself). */
export async function importTable(ctx: AppContext, actor: Actor | null, kind: ImportKind, fileName: string, table: ImportTable, options: ImportOptions = {}): Promise<ImportReport> {
  const started = performance.now();
  const total = table.rows.length;
  const run: Run = {
    ctx,
    now: ctx.now(),
    partial: options.partial ?? false,
    createMissing: options.createMissing ?? false,
    progress: (done) => options.onProgress?.(done, total),
    audit: (transaction, outcome, committed) =>
      recordAudit(transaction, {
        actor,
        action: `${kind}.imported`,
        entityType: 'import',
        entityId: 0,
        changes: { file: fileName, total, ...outcome.counts, rejected: outcome.rejected.length, committed, partial: options.partial ?? false, createMissing: options.createMissing ?? false },
      }),
  };
  let outcome: Outcome;
  let committed = true;
  try {
    outcome = kind === 'customers' ? await writeCustomers(run, table) : await writePurchases(run, table);
  } catch (error) {
    if (!(error instanceof RefusedImport)) throw error;
    committed = false;
    outcome = { counts: { imported: 0, updated: 0, unchanged: 0 }, rejected: error.rejected, customersCreated: 0 };
    const refused = outcome;
    await ctx.transactions.run((transaction) => run.audit(transaction, refused, false));
  }
  run.progress(total);
  if (kind === 'purchases' && committed && outcome.counts.imported + outcome.counts.updated > 0) await recomputeSegments(ctx, run.now);
  return {
    kind,
    file: fileName,
    total,
    ...outcome.counts,
    customersCreated: outcome.customersCreated,
    rejected: outcome.rejected.slice(0, MAX_REPORTED_REJECTS),
    rejectedCount: outcome.rejected.length,
    committed,
    durationMs: Math.round(performance.now() - started),
  };
}
