/**
 * Makes the search index complete whatever happened: rows written while the event bus was not
 * listening (a crash between commit and the processor, another process, an import, a restore)
 * are found by their `updatedAt` beyond a watermark kept in the settings table, and indexed in
 * batches. Each source is read in (updatedAt, id) order from the watermark minus a safety margin
 * (transactions commit out of order, so a row can appear with an `updatedAt` a little older than
 * one already seen); rows whose indexed version is already current are skipped, so the overlap
 * and repeated runs cost a read, not a rewrite. The first run is the backfill of existing data.
 */
import { Op, type ModelStatic } from 'sequelize';
import type { AppContext } from '../context';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { Message } from '../models/Message';
import { SearchDoc, type SearchDocType } from '../models/SearchTerm';
import { Setting } from '../models/Setting';
import { Ticket } from '../models/Ticket';
import { loadDocs, type IndexDoc } from './documents';
import { writeDocs } from './indexWriter';

/** How far behind the watermark each run looks again, for transactions that committed late. */
export const OVERLAP_MS = 5 * 60_000;
/** Source rows read per batch. */
export const CATCH_UP_BATCH = 5000;
/**
 * Postings written per transaction: SQLite has one writer, and a backfill transaction holding the
 * lock for seconds would make the requests and jobs that write meanwhile time out (busy timeout).
 */
export const POSTINGS_PER_TRANSACTION = 25_000;

/**
 * Between two backfill transactions on SQLite, a pause longer than SQLite's busy-handler sleep
 * (100 ms at most): a writer waiting for the lock wakes inside the gap and gets its turn, instead
 * of losing every race to the next batch until its busy timeout fails it.
 */
const SQLITE_WRITER_GAP_MS = 150;

/** Writes documents in transactions of about POSTINGS_PER_TRANSACTION postings, each document whole. */
async function writeInSlices(ctx: AppContext, docs: IndexDoc[]): Promise<number> {
  let written = 0;
  let slice: IndexDoc[] = [];
  let postings = 0;
  const flush = async () => {
    if (!slice.length) return;
    written += await writeDocs(ctx, slice);
    slice = [];
    postings = 0;
    if (ctx.dialect === 'sqlite') await new Promise((resolve) => setTimeout(resolve, SQLITE_WRITER_GAP_MS));
  };
  for (const doc of docs) {
    slice.push(doc);
    postings += doc.terms?.size ?? 0;
    if (postings >= POSTINGS_PER_TRANSACTION) await flush();
  }
  await flush();
  return written;
}

interface Source {
  name: 'ticket' | 'message' | 'customer' | 'identity';
  docType: SearchDocType;
  model: ModelStatic<Ticket> | ModelStatic<Message> | ModelStatic<Customer> | ModelStatic<Identity>;
  /** The document a changed row belongs to. */
  docIdOf(row: SourceRow): number;
}

interface SourceRow {
  id: number;
  updatedAt: Date;
  customerId?: number;
}

const sources: Source[] = [
  { name: 'ticket', docType: 'ticket', model: Ticket, docIdOf: (row) => row.id },
  { name: 'message', docType: 'message', model: Message, docIdOf: (row) => row.id },
  { name: 'customer', docType: 'customer', model: Customer, docIdOf: (row) => row.id },
  // A new email address or phone belongs in its customer's document.
  { name: 'identity', docType: 'customer', model: Identity, docIdOf: (row) => row.customerId ?? 0 },
];

interface Watermark {
  at: number;
  id: number;
}

const settingKey = (source: Source['name']) => `search.watermark.${source}`;

async function readWatermark(source: Source['name']): Promise<Watermark | null> {
  const setting = await Setting.findByPk(settingKey(source));
  if (!setting) return null;
  const parsed = JSON.parse(setting.value) as Partial<Watermark>;
  return typeof parsed.at === 'number' && typeof parsed.id === 'number' ? { at: parsed.at, id: parsed.id } : null;
}

async function saveWatermark(ctx: AppContext, source: Source['name'], mark: Watermark): Promise<void> {
  const previous = await readWatermark(source);
  // Never move back: a run that started from the overlap must not undo a later run's progress.
  if (previous && (previous.at > mark.at || (previous.at === mark.at && previous.id >= mark.id))) return;
  await ctx.transactions.run((transaction) => Setting.upsert({ key: settingKey(source), value: JSON.stringify(mark) }, { transaction }));
}

/** Only the documents whose indexed version differs from the one just loaded (or that must leave the index). */
export async function staleDocs(docs: IndexDoc[]): Promise<IndexDoc[]> {
  if (!docs.length) return [];
  const stored = await SearchDoc.findAll({ where: { docType: docs[0].docType, docId: { [Op.in]: docs.map((d) => d.docId) } }, attributes: ['docId', 'version'] });
  const versions = new Map(stored.map((s) => [s.docId, s.version]));
  return docs.filter((doc) => (doc.terms === null ? versions.has(doc.docId) : versions.get(doc.docId) !== doc.version));
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface CatchUpReport {
  scanned: number;
  indexed: number;
  terms: number;
}

async function catchUpSource(ctx: AppContext, source: Source, report: CatchUpReport, shouldStop: () => boolean): Promise<void> {
  const mark = await readWatermark(source.name);
  let cursor: Watermark | null = mark ? { at: mark.at - OVERLAP_MS, id: 0 } : null;
  const attributes = source.name === 'identity' ? ['id', 'updatedAt', 'customerId'] : ['id', 'updatedAt'];
  while (!shouldStop()) {
    const after = cursor;
    const where = after ? { [Op.or]: [{ updatedAt: { [Op.gt]: new Date(after.at) } }, { updatedAt: new Date(after.at), id: { [Op.gt]: after.id } }] } : {};
    const found = await (source.model as ModelStatic<Ticket>).findAll({ attributes, where, order: [['updatedAt', 'ASC'], ['id', 'ASC']], limit: CATCH_UP_BATCH });
    // Through model instances, not raw rows: SQLite hands raw dates back as strings.
    const rows: SourceRow[] = found.map((row) => ({ id: row.get('id') as number, updatedAt: row.get('updatedAt') as Date, customerId: row.get('customerId') as number | undefined }));
    if (!rows.length) break;
    report.scanned += rows.length;
    const ids = [...new Set(rows.map((row) => source.docIdOf(row)).filter((id) => id > 0))];
    const docs = await staleDocs(await loadDocs(source.docType, ids));
    report.indexed += docs.length;
    report.terms += await writeInSlices(ctx, docs);
    const last = rows[rows.length - 1];
    cursor = { at: last.updatedAt.getTime(), id: last.id };
    await saveWatermark(ctx, source.name, cursor);
    // Give requests a turn between batches: the backfill must not hold the event loop.
    await pause();
    if (rows.length < CATCH_UP_BATCH) break;
  }
}

/** One catch-up over every source; safe to run again at any time (it only writes what changed). */
export async function catchUpSearchIndex(ctx: AppContext, options: { shouldStop?: () => boolean } = {}): Promise<CatchUpReport> {
  const report: CatchUpReport = { scanned: 0, indexed: 0, terms: 0 };
  for (const source of sources) await catchUpSource(ctx, source, report, options.shouldStop ?? (() => false));
  return report;
}
