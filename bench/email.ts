/**
 * Email ingestion benchmark: a Dovecot mailbox of BENCH_MAILS generated mails of every kind is
 * read end to end (IMAP fetch, parse, filters, store, thread) by the help desk on SQLite; the
 * baseline is mailparser's own parse rate on the same mails in the same run. Peak memory (RSS)
 * is sampled while ingesting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { QueryTypes } from 'sequelize';
import { loadConfig } from '../server/config';
import { startServer } from '../server/server';
import { startDovecot } from '../test/helpers/dovecot';
import { generateCorpus } from '../test/helpers/mailCorpus';

export async function benchEmail(mails: number): Promise<Record<string, string | number>[]> {
  const corpus = generateCorpus(mails, `bench-${Date.now()}`);
  const bytes = corpus.reduce((sum, m) => sum + m.raw.length, 0);

  // Baseline: mailparser alone on the same mails.
  const parseStart = performance.now();
  for (const mail of corpus) await simpleParser(mail.raw).catch(() => undefined);
  const parseRate = mails / ((performance.now() - parseStart) / 1000);

  const dovecot = await startDovecot();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-mail-'));
  try {
    const appendStart = performance.now();
    await dovecot.appendMany(corpus.map((m) => m.raw));
    console.log(`[email] appended ${mails} mails (${(bytes / 1024 / 1024).toFixed(1)} MB) to Dovecot in ${((performance.now() - appendStart) / 1000).toFixed(1)} s`);

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const start = performance.now();
    const server = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${dataDir}/bench.sqlite`,
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: 'bench-password',
        LOG_LEVEL: 'error',
        IMAP_HOST: dovecot.host,
        IMAP_PORT: String(dovecot.port),
        IMAP_SECURE: 'false',
        IMAP_USER: dovecot.user,
        IMAP_PASSWORD: dovecot.password,
      }),
    );
    try {
      for (;;) {
        const [row] = await server.ctx.sequelize.query<{ n: number | string | null }>('SELECT MAX(lastUid) AS n FROM mailboxes', { type: QueryTypes.SELECT });
        if (Number(row?.n ?? 0) >= mails) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      const rate = mails / seconds;
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
      return [
        { case: 'baseline: mailparser simpleParser alone', mails, 'mails/s': parseRate.toFixed(0), 'vs baseline': '1.00', 'peak RSS': '' },
        { case: 'help desk end to end: IMAP fetch, parse, filters, store, thread (SQLite)', mails, 'mails/s': rate.toFixed(0), 'vs baseline': (rate / parseRate).toFixed(2), 'peak RSS': `${mb(peakRss)} (${mb(rssBefore)} before)` },
      ];
    } finally {
      clearInterval(sampler);
      await server.close();
    }
  } finally {
    await dovecot.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
