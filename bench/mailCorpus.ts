/**
 * `npm run mail:corpus [DIR …]`: runs every file under the given folders (default ../shared/mail)
 * through the whole inbound pipeline into a throw-away SQLite help desk, and prints what became
 * of them: stored as tickets, classified automatic (bounce / auto-reply / bulk), quarantined (with
 * the reasons), and any crash of the ingester (which must be zero).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestRawMail } from '../server/channels/email/inbound/ingest';
import { loadConfig } from '../server/config';
import { Message } from '../server/models/Message';
import { startServer } from '../server/server';

function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile() && !/^(LICENSE|README)/i.test(entry.name)) yield full;
  }
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [path.resolve(import.meta.dirname, '../../shared/mail')];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-corpus-'));
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dataDir}/corpus.sqlite`, DATA_DIR: dataDir, ADMIN_PASSWORD: 'corpus-password', LOG_LEVEL: 'error' }), { pollMailboxes: false });
  const counts = { files: 0, created: 0, appended: 0, duplicate: 0, quarantined: 0, crashed: 0 };
  const reasons = new Map<string, number>();
  const crashes: string[] = [];
  const started = performance.now();
  try {
    const threadSecret = server.ctx.channels.email?.threadSecret as string;
    for (const dir of dirs) {
      for (const file of filesUnder(dir)) {
        counts.files += 1;
        try {
          const result = await ingestRawMail(server.ctx, null, fs.readFileSync(file), { threadSecret });
          counts[result.outcome] += 1;
          if (result.outcome === 'quarantined') {
            const reason = result.reason.replace(/\d+/g, 'N').slice(0, 90);
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          }
        } catch (error) {
          counts.crashed += 1;
          crashes.push(`${path.relative(process.cwd(), file)}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    const automatic: Record<string, number> = {};
    for (const kind of ['bounce', 'auto-reply', 'bulk']) automatic[kind] = await Message.count({ where: { autoKind: kind } });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nMail corpus: ${dirs.join(', ')}`);
    console.table([{ ...counts, 'mails/s': (counts.files / seconds).toFixed(0) }]);
    console.log('Classified automatic (stored, never auto-answered):');
    console.table([automatic]);
    if (reasons.size) {
      console.log('Quarantine reasons:');
      console.table([...reasons].sort((a, b) => b[1] - a[1]).map(([reason, count]) => ({ reason, count })));
    }
    if (crashes.length) {
      console.log('Crashes (the ingester threw instead of storing or quarantining):');
      for (const crash of crashes) console.log(`  ${crash}`);
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(counts.crashed ? 1 : 0);
}

void main();
