/**
 * Writes documents into the search index: each batch replaces its documents' rows (delete, then
 * bulk insert) and records their versions, all in one transaction, so a document is never half
 * indexed and a crash leaves either the old or the new rows.
 */
import { Op } from 'sequelize';
import type { AppContext } from '../context';
import { SearchDoc, SearchTerm, type SearchDocType } from '../models/SearchTerm';
import type { IndexDoc } from './documents';

/** Rows per INSERT statement: big enough to be fast, small enough for any packet limit. */
const INSERT_CHUNK = 2000;

/**
 * Two writers replacing the same document at once (an event processor and the catch-up, or two
 * nodes) can wait on each other's rows. A deadlock victim is re-run by the transaction runner
 * itself (db/transaction.ts); what is left here is a writer that waited too long for a lock
 * (InnoDB's lock wait timeout, another process's SQLite write): it runs again too. Duplicate rows
 * cannot arise (INSERT IGNORE), and whichever transaction commits last holds a complete document.
 */
async function withLockWaitRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/lock wait timeout|SQLITE_BUSY/i.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

export async function writeDocs(ctx: AppContext, docs: IndexDoc[]): Promise<number> {
  if (!docs.length) return 0;
  const now = ctx.now();
  const termRows: Array<{ term: string; docType: SearchDocType; docId: number; ticketId: number | null; weight: number }> = [];
  const versionRows: Array<{ docType: SearchDocType; docId: number; ticketId: number | null; version: number; indexedAt: Date }> = [];
  for (const doc of docs) {
    if (!doc.terms) continue;
    for (const [term, weight] of doc.terms) termRows.push({ term, docType: doc.docType, docId: doc.docId, ticketId: doc.ticketId, weight: Math.round(weight * 100) / 100 });
    versionRows.push({ docType: doc.docType, docId: doc.docId, ticketId: doc.ticketId, version: doc.version, indexedAt: now });
  }
  // In key order: each B-tree page is then visited once per batch instead of once per posting,
  // which is what keeps a backfill of millions of postings fast once the index outgrows the cache.
  termRows.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.docType < b.docType ? -1 : a.docType > b.docType ? 1 : a.docId - b.docId));
  const byType = new Map<SearchDocType, number[]>();
  for (const doc of docs) byType.set(doc.docType, [...(byType.get(doc.docType) ?? []), doc.docId]);
  const q = ctx.sequelize.getQueryInterface();
  await withLockWaitRetry(() => ctx.transactions.run(async (transaction) => {
    for (const [docType, ids] of byType) {
      await SearchTerm.destroy({ where: { docType, docId: { [Op.in]: ids } }, transaction });
      await SearchDoc.destroy({ where: { docType, docId: { [Op.in]: ids } }, transaction });
    }
    // INSERT IGNORE / INSERT OR IGNORE: supported by bulkInsert though missing from its typings.
    const insertOptions = { transaction, ignoreDuplicates: true };
    // Raw bulk inserts: model instances for millions of index rows would cost more than the insert.
    for (let i = 0; i < termRows.length; i += INSERT_CHUNK) await q.bulkInsert('search_terms', termRows.slice(i, i + INSERT_CHUNK), insertOptions);
    for (let i = 0; i < versionRows.length; i += INSERT_CHUNK) await q.bulkInsert('search_docs', versionRows.slice(i, i + INSERT_CHUNK), insertOptions);
    // Read committed: under InnoDB's default, deleting a new document's (empty) range locks the gap
    // beside it, and concurrent new messages then deadlock on each other's gaps.
  }, { readCommitted: true }));
  return termRows.length;
}
