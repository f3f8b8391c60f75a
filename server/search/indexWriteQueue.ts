/**
 * The index writes that events cause, committed together. While one write runs, the documents
 * that arrive wait and then go in as one transaction: under a burst of chat messages the index
 * costs a commit per batch instead of a commit per message, and with nothing else waiting a
 * document is written at once. Each caller's promise settles when its documents are committed,
 * so waiting for the event processors still means waiting for the index.
 */
import type { AppContext } from '../context';
import type { IndexDoc } from './documents';
import { writeDocs } from './indexWriter';

/** Documents per transaction at most (a ticket with its messages counts as many). */
const MAX_DOCS_PER_WRITE = 500;

interface Waiting {
  docs: IndexDoc[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class IndexWriteQueue {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly ctx: AppContext) {}

  write(docs: IndexDoc[]): Promise<void> {
    if (!docs.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ docs, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.length) {
        const batch = this.takeBatch();
        try {
          await writeDocs(this.ctx, latestPerDocument(batch.flatMap((entry) => entry.docs)));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          // One failed transaction fails everyone in it; the catch-up indexes them later.
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private takeBatch(): Waiting[] {
    let count = 0;
    let take = 0;
    while (take < this.waiting.length && (take === 0 || count + this.waiting[take].docs.length <= MAX_DOCS_PER_WRITE)) {
      count += this.waiting[take].docs.length;
      take++;
    }
    return this.waiting.splice(0, take);
  }
}

/** A document queued twice in one batch is written once, as it was loaded last. */
function latestPerDocument(docs: IndexDoc[]): IndexDoc[] {
  const byKey = new Map<string, IndexDoc>();
  for (const doc of docs) {
    const key = `${doc.docType}:${doc.docId}`;
    byKey.delete(key);
    byKey.set(key, doc);
  }
  return [...byKey.values()];
}
