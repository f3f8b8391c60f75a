/**
 * `npm run bench`: every benchmark, figures printed as tables. Not part of the tests.
 *   BENCH_TICKETS (default 100000)   tickets seeded before measuring the list
 *   BENCH_SAMPLES (default 300)      requests per latency case
 *   BENCH_CREATES (default 1000)     tickets created through the API
 *   BENCH_MAILS (default 10000)      mails in the Dovecot mailbox for the email benchmark (0 skips it)
 *   BENCH_SCAN_TICKETS (default 1000000) tickets on MariaDB for the alert-scanner benchmark (0 skips it)
 *   BENCH_CHAT_VISITORS (default 1,100,1000) concurrent chat visitors; BENCH_CHAT_MESSAGES (default 5) each
 *   BENCH_SUGGEST_CANDIDATES (default 10000) templates + articles for the suggestion latency (0 skips it)
 *   BENCH_HISTORY_MESSAGES (default 10000) messages of one customer for the history latency (0 skips it)
 *   BENCH_IMPORT_ROWS (default 100000) rows of the customer/purchase import throughput benchmark (0 skips it)
 *   BENCH_TTI_SAMPLES (default 20)   cold loads of the console inbox (headless Chromium, BENCH_TICKETS tickets; 0 skips it)
 *   BENCH_SEARCH_TICKETS (default 100000) tickets (3 messages each) indexed for the search benchmark (0 skips it); BENCH_SEARCH_SAMPLES (default 200)
 *   BENCH_WEBHOOKS (default 2000) webhook deliveries drained by the deliverer; BENCH_WEBHOOK_SAMPLES (default 50) end-to-end (0 skips it)
 *   BENCH_REPORT_TICKETS (default 100000) tickets over 90 days for the overview report latency (0 skips it)
 *   BENCH_MYSQL_URL                  MariaDB/MySQL server to measure (default mysql://root@127.0.0.1:3306/helpdesk_bench; "off" skips)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { benchAlertScanner } from './alertScanner';
import { benchChat } from './chat';
import { benchConsoleInbox } from './consoleInbox';
import { benchCustomerHistory } from './customerHistory';
import { benchCustomerImport } from './customerImport';
import { benchEmail } from './email';
import { benchSearch, searchBenchMysqlUrl } from './search';
import { benchReports } from './reports';
import { benchSuggestions } from './suggestions';
import { benchTickets } from './tickets';
import { benchWebhooks } from './webhooks';

const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function mysqlReachable(url: string): Promise<boolean> {
  try {
    const parsed = new URL(url);
    const connection = await mysql.createConnection({ host: parsed.hostname, port: Number(parsed.port || 3306), user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password), connectTimeout: 3000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const common = { tickets: number('BENCH_TICKETS', 100_000), samples: number('BENCH_SAMPLES', 300), creates: number('BENCH_CREATES', 1000), concurrency: 8 };
  console.log(`Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const rows = [];
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-sqlite-'));
  try {
    rows.push(...(await benchTickets({ label: 'sqlite', databaseUrl: `sqlite:${path.join(sqliteDir, 'bench.sqlite')}`, ...common })));
  } finally {
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
  const mysqlUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/helpdesk_bench';
  if (mysqlUrl === 'off') console.log('MariaDB: skipped (BENCH_MYSQL_URL=off)');
  else if (!(await mysqlReachable(mysqlUrl))) console.log(`MariaDB: skipped, nothing answers at ${new URL(mysqlUrl).host}`);
  else rows.push(...(await benchTickets({ label: 'mariadb', databaseUrl: mysqlUrl, ...common })));
  console.log('\nTickets');
  console.table(rows);
  const ttiSamples = number('BENCH_TTI_SAMPLES', 20);
  if (ttiSamples > 0) {
    console.log('\nConsole inbox, time to interactive (headless Chromium)');
    const ttiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-tti-'));
    const ttiRows = await benchConsoleInbox('sqlite', `sqlite:${path.join(ttiDir, 'bench.sqlite')}`, common.tickets, ttiSamples);
    if (mysqlUrl !== 'off' && (await mysqlReachable(mysqlUrl))) ttiRows.push(...(await benchConsoleInbox('mariadb', mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_tti'), common.tickets, ttiSamples)));
    fs.rmSync(ttiDir, { recursive: true, force: true });
    console.table(ttiRows);
  }
  const scanTickets = number('BENCH_SCAN_TICKETS', 1_000_000);
  if (scanTickets > 0 && mysqlUrl !== 'off' && (await mysqlReachable(mysqlUrl))) {
    console.log('\nAlert scanner (MariaDB)');
    console.table(await benchAlertScanner(mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_scan'), scanTickets));
  }
  const chatVisitors = (process.env.BENCH_CHAT_VISITORS ?? '1,100,1000').split(',').map(Number).filter((n) => n > 0);
  if (chatVisitors.length) {
    console.log('\nLive chat');
    console.table(await benchChat(chatVisitors, number('BENCH_CHAT_MESSAGES', 5)));
  }
  const historyMessages = number('BENCH_HISTORY_MESSAGES', 10_000);
  if (historyMessages > 0) {
    console.log('\nCustomer history');
    const historyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-history-'));
    const rows = await benchCustomerHistory('sqlite', `sqlite:${path.join(historyDir, 'bench.sqlite')}`, historyMessages, common.samples);
    if (mysqlUrl !== 'off' && (await mysqlReachable(mysqlUrl))) rows.push(...(await benchCustomerHistory('mariadb', mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_history'), historyMessages, common.samples)));
    fs.rmSync(historyDir, { recursive: true, force: true });
    console.table(rows);
  }
  const importRows = number('BENCH_IMPORT_ROWS', 100_000);
  if (importRows > 0) {
    console.log('\nCustomer import');
    const importDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-import-'));
    const rows = await benchCustomerImport('sqlite', `sqlite:${path.join(importDir, 'bench.sqlite')}`, importRows);
    if (mysqlUrl !== 'off' && (await mysqlReachable(mysqlUrl))) rows.push(...(await benchCustomerImport('mariadb', mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_import'), importRows)));
    fs.rmSync(importDir, { recursive: true, force: true });
    console.table(rows);
  }
  const reportTickets = number('BENCH_REPORT_TICKETS', 100_000);
  if (reportTickets > 0) {
    console.log('\nOverview report');
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-reports-'));
    const rows = await benchReports('sqlite', `sqlite:${path.join(reportDir, 'bench.sqlite')}`, reportTickets, 20);
    if (mysqlUrl !== 'off' && (await mysqlReachable(mysqlUrl))) rows.push(...(await benchReports('mariadb', mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_reports'), reportTickets, 20)));
    fs.rmSync(reportDir, { recursive: true, force: true });
    console.table(rows);
  }
  const searchTickets = number('BENCH_SEARCH_TICKETS', 100_000);
  if (searchTickets > 0) {
    console.log('\nSearch (index vs LIKE)');
    const searchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-search-'));
    const rows = await benchSearch('sqlite', `sqlite:${path.join(searchDir, 'bench.sqlite')}`, searchTickets, number('BENCH_SEARCH_SAMPLES', 200));
    fs.rmSync(searchDir, { recursive: true, force: true });
    // BENCH_DATABASE_URL / TEST_DATABASE_URL as the task asks, else the MariaDB the other benchmarks use.
    const searchMysql = searchBenchMysqlUrl() ?? (mysqlUrl !== 'off' && (await mysqlReachable(mysqlUrl)) ? mysqlUrl.replace(/\/[^/]*$/, '/helpdesk_bench_search') : null);
    if (searchMysql) rows.push(...(await benchSearch('mariadb', searchMysql, searchTickets, number('BENCH_SEARCH_SAMPLES', 200))));
    console.table(rows);
  }
  const suggestCandidates = number('BENCH_SUGGEST_CANDIDATES', 10_000);
  if (suggestCandidates > 0) {
    console.log('\nSuggested answers');
    console.table(await benchSuggestions(suggestCandidates, common.samples));
  }
  const webhookDeliveries = number('BENCH_WEBHOOKS', 2000);
  if (webhookDeliveries > 0) {
    console.log('\nWebhooks');
    console.table(await benchWebhooks(webhookDeliveries, number('BENCH_WEBHOOK_SAMPLES', 50)));
  }
  const mails = number('BENCH_MAILS', 10_000);
  if (mails > 0) {
    console.log('\nEmail ingestion');
    console.table(await benchEmail(mails));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
