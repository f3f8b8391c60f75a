/**
 * Imports started over HTTP run as jobs, so the upload answers at once (202 with a job id) and
 * the console polls the job for a progress bar. Jobs live in memory, one registry per running
 * server: a restart forgets them (the import itself is one transaction, so it either landed or
 * left nothing). Imports run one after another, never two writing the same customers at once.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { checkImportColumns } from '../imports/importRows';
import { readImportFile, type ImportFile } from '../imports/readImportFile';
import type { Actor } from '../policies/actor';
import { importTable, type ImportKind, type ImportOptions, type ImportReport } from './importService';

export type ImportJobState = 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  kind: ImportKind;
  file: string;
  state: ImportJobState;
  processed: number;
  total: number;
  report: ImportReport | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Finished jobs are kept this long, for a console that polls late. */
const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;
const KEEP_FINISHED_MAX = 200;

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {}

  start(kind: ImportKind, file: string, total: number, run: (onProgress: (processed: number) => void) => Promise<ImportReport>): ImportJob {
    this.prune();
    const job: ImportJob = { id: randomUUID(), kind, file, state: 'running', processed: 0, total, report: null, error: null, startedAt: new Date(), finishedAt: null };
    this.jobs.set(job.id, job);
    this.queue = this.queue.then(async () => {
      try {
        job.report = await run((processed) => (job.processed = processed));
        job.processed = job.total;
        job.state = 'done';
      } catch (error) {
        job.state = 'failed';
        job.error = error instanceof Error ? error.message : String(error);
        this.ctx.logger.error('import failed', { jobId: job.id, kind, file, error });
      } finally {
        job.finishedAt = new Date();
      }
    });
    return job;
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves once every job started so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => job.finishedAt);
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    finished.forEach((job, index) => {
      if ((job.finishedAt as Date).getTime() < cutoff || index < finished.length - KEEP_FINISHED_MAX) this.jobs.delete(job.id);
    });
  }
}

const registries = new WeakMap<AppContext, ImportJobs>();

/** The job registry of this running server. */
export function importJobs(ctx: AppContext): ImportJobs {
  let jobs = registries.get(ctx);
  if (!jobs) registries.set(ctx, (jobs = new ImportJobs(ctx)));
  return jobs;
}

/**
 * Reads the file now, so a wrong type, size or header answers the upload itself, then queues
 * the import as a job.
 */
export async function startImportJob(ctx: AppContext, actor: Actor, kind: ImportKind, file: ImportFile, options: Omit<ImportOptions, 'onProgress'>): Promise<ImportJob> {
  const table = await readImportFile(file);
  checkImportColumns(kind, table);
  return importJobs(ctx).start(kind, file.name, table.rows.length, (onProgress) => importTable(ctx, actor, kind, file.name, table, { ...options, onProgress }));
}
