/**
 * Customer import throughput: a generated CSV of N customers (100,000 by default; Chinese and
 * Latin names, emails, phones, tags) imported through the service into an empty database, the
 * same file again (every row matched, nothing changes), the same again as .xlsx, then N purchases (one per customer,
 * deduplicated by order number) with the segment recompute that follows. Reports rows per second
 * and the process's peak RSS while each step ran.
 *   npx tsx bench/customerImport.ts [rows]
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { dropMysqlDatabase } from '../server/db/database';
import { openStandaloneContext } from '../server/imports/standaloneContext';
import { importCustomers, importPurchases, type ImportReport } from '../server/services/importService';

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', 'Silva', 'Smith', 'Müller', 'Tanaka'];
const given = ['伟', '芳', '娜', '敏', '静', '磊', 'Ana', 'John', 'Mei', 'Kenji'];
const tags = ['vip', 'b2b', '老客户', 'wholesale', '杭州', 'newsletter'];

export function customersCsv(rows: number): Buffer {
  const lines = ['email,name,phone,company,tags,notes'];
  for (let i = 0; i < rows; i += 1) {
    const name = `${surnames[i % surnames.length]}${given[(i >> 3) % given.length]}`;
    lines.push(`customer${i}@bench.test,${name},+86 138 ${String(i).padStart(8, '0')},Company ${i % 5000},"${tags[i % tags.length]},${tags[(i >> 2) % tags.length]}",imported for the benchmark`);
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** The same customers as an .xlsx workbook (built with exceljs's streaming writer to keep memory flat). */
async function customersXlsx(csv: Buffer): Promise<Buffer> {
  const file = path.join(os.tmpdir(), `helpdesk-bench-${process.pid}.xlsx`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Customers');
  for (const line of csv.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n')) sheet.addRow(line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => cell.replace(/^"|"$/g, ''))).commit();
  sheet.commit();
  await workbook.commit();
  const data = fs.readFileSync(file);
  fs.rmSync(file);
  return data;
}

function purchasesCsv(rows: number): Buffer {
  const lines = ['email,order,product,amount,date'];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i += 1) lines.push(`customer${i}@bench.test,ORD-${i},Product ${i % 300},${((i * 37) % 5000) + 9.9},${new Date(start + (i % 365) * 86_400_000).toISOString().slice(0, 10)}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Runs `work` while sampling RSS every 20 ms; returns its result, seconds and the peak RSS in MiB. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakMiB: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, peakMiB: Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

export async function benchCustomerImport(label: string, databaseUrl: string, rows: number): Promise<Array<Record<string, string | number>>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-import-'));
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
  const { ctx, close } = await openStandaloneContext(config);
  const customers = { name: 'customers.csv', data: customersCsv(rows) };
  const purchases = { name: 'purchases.csv', data: purchasesCsv(rows) };
  const table: Array<Record<string, string | number>> = [];
  const row = (step: string, run: { result: ImportReport; seconds: number; peakMiB: number }) => {
    const { result } = run;
    if (!result.committed || result.rejectedCount) throw new Error(`${step}: ${result.rejectedCount} rows rejected, e.g. ${JSON.stringify(result.rejected[0])}`);
    table.push({ case: `[${label}] ${step}`, rows: result.total, imported: result.imported, updated: result.updated, unchanged: result.unchanged, seconds: run.seconds.toFixed(1), 'rows/s': Math.round(result.total / run.seconds), 'peak RSS MiB': run.peakMiB });
  };
  try {
    table.push({ case: `[${label}] baseline before import`, 'peak RSS MiB': Math.round(process.memoryUsage.rss() / 2 ** 20), 'file MB': (customers.data.length / 1e6).toFixed(1) });
    row(`${rows} new customers`, await measured(() => importCustomers(ctx, null, customers)));
    row('same file again (all matched)', await measured(() => importCustomers(ctx, null, customers)));
    const xlsx = { name: 'customers.xlsx', data: await customersXlsx(customers.data) };
    row('same customers from .xlsx (all matched)', await measured(() => importCustomers(ctx, null, xlsx)));
    row(`${rows} purchases + segment recompute`, await measured(() => importPurchases(ctx, null, purchases)));
    return table;
  } finally {
    await close();
    if (databaseUrl.startsWith('mysql')) await dropMysqlDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('customerImport.ts')) {
  const rows = Number(process.argv[2] ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  const result = await benchCustomerImport('sqlite', `sqlite:${path.join(dir, 'b.sqlite')}`, rows);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    result.push(...(await benchCustomerImport('mariadb', 'mysql://root@127.0.0.1:3306/helpdesk_bench_import', rows)));
  } catch (error) {
    console.log(`MariaDB: skipped (${(error as Error).message})`);
  }
  console.table(result);
  process.exit(0);
}
