/**
 * `npm run import -- customers path/to/file.xlsx [--partial]`
 * `npm run import -- purchases path/to/file.csv [--partial] [--create-missing]`
 * Imports into DATABASE_URL (as `npm start` would use it), drawing a progress bar on stderr and
 * printing the report as JSON on stdout. Exits 1 when rows were rejected and nothing was written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../http/errors';
import { importCustomers, importPurchases, type ImportReport } from '../services/importService';
import { openStandaloneContext } from './standaloneContext';

const usage = 'usage: npm run import -- customers|purchases FILE [--partial] [--create-missing]';

function progressBar(): (processed: number, total: number) => void {
  const width = 30;
  let lastDrawn = -1;
  return (processed, total) => {
    const share = total ? processed / total : 1;
    const percent = Math.floor(share * 100);
    // On a terminal the bar redraws in place; in a log, one line per 10 %.
    if (process.stderr.isTTY) {
      if (percent === lastDrawn) return;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${processed.toLocaleString('en')}/${total.toLocaleString('en')} rows ${percent}%`);
      if (processed >= total) process.stderr.write('\n');
    } else {
      if (Math.floor(percent / 10) === Math.floor(lastDrawn / 10)) return;
      process.stderr.write(`${processed}/${total} rows (${percent}%)\n`);
    }
    lastDrawn = percent;
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const [kind, file] = args.filter((arg) => !arg.startsWith('--'));
  const flags = new Set(args.filter((arg) => arg.startsWith('--')));
  const unknown = [...flags].filter((flag) => !['--partial', '--create-missing'].includes(flag));
  if ((kind !== 'customers' && kind !== 'purchases') || !file || unknown.length) {
    console.error(unknown.length ? `unknown option ${unknown.join(', ')}\n${usage}` : usage);
    return 2;
  }
  const input = { name: path.basename(file), data: fs.readFileSync(file) };
  const config = loadConfig();
  // Info lines go to stdout, where the report is printed: keep them out unless asked for debug.
  const { ctx, close } = await openStandaloneContext({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  try {
    const options = { partial: flags.has('--partial'), createMissing: flags.has('--create-missing'), onProgress: progressBar() };
    const report: ImportReport = kind === 'customers' ? await importCustomers(ctx, null, input, options) : await importPurchases(ctx, null, input, options);
    console.log(JSON.stringify(report, null, 2));
    if (!report.committed) console.error(`${report.rejectedCount} rows rejected; nothing was written (use --partial to import the valid rows)`);
    return report.committed ? 0 : 1;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Expected failures (a bad file, a missing path, bad settings) read as one line; anything else with its stack.
    const expected = error instanceof AppError || error instanceof ConfigError || typeof (error as NodeJS.ErrnoException)?.code === 'string';
    console.error(expected ? (error as Error).message : error);
    process.exit(1);
  },
);
