/**
 * Turns an uploaded spreadsheet into rows of cells: CSV (UTF-8 with or without BOM, UTF-16 from
 * Excel's "Unicode text", or GB18030/GBK from a Chinese Excel's plain "CSV") or the first sheet
 * of an .xlsx workbook. The file's name and its first bytes must agree on the type, so a renamed
 * binary is refused before anything parses it.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { AppError, badRequest, payloadTooLarge } from '../http/errors';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** About what 20 MB of CSV holds; a compressed .xlsx could unpack to far more rows than memory allows. */
export const IMPORT_MAX_ROWS = 250_000;

export interface ImportFile {
  name: string;
  data: Buffer;
}

/** A cell as read: text from CSV; text, number, boolean or Date from .xlsx; null when empty. */
export type Cell = string | number | boolean | Date | null;

export interface ImportTable {
  headers: string[];
  /** `row` is the line (CSV) or sheet row (.xlsx) the record starts on; the header is row 1 usually. */
  rows: Array<{ row: number; cells: Cell[] }>;
}

const unsupportedType = (message: string) => new AppError(415, 'unsupported_media_type', message);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function readImportFile(file: ImportFile): Promise<ImportTable> {
  if (file.data.length > IMPORT_MAX_BYTES) throw payloadTooLarge(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files`);
  if (!file.data.length) throw badRequest('The file is empty');
  const extension = /\.([a-z0-9]+)$/i.exec(file.name.trim())?.[1]?.toLowerCase();
  const zipped = file.data.subarray(0, 4).equals(ZIP_MAGIC);
  if (extension === 'xlsx') {
    if (!zipped) throw unsupportedType('This file is named .xlsx but is not an Excel workbook');
    return readXlsx(file.data);
  }
  if (extension === 'csv') {
    if (zipped) throw unsupportedType('This file is named .csv but is a zip archive (an .xlsx workbook?); name it .xlsx or save it as CSV');
    return readCsv(file.data);
  }
  if (extension === 'xls' || file.data.subarray(0, 4).equals(OLE_MAGIC)) throw unsupportedType('Old .xls workbooks are not supported; save the sheet as .xlsx or .csv');
  throw unsupportedType('Only .csv and .xlsx files can be imported');
}

/** Excel's CSV on a Chinese Windows is GB18030/GBK, not UTF-8: anything that is not valid UTF-8 is read as GB18030. */
export function decodeText(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString('utf8');
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return iconv.decode(data, 'gb18030');
  }
}

/** Excel writes `;` in locales where `,` is the decimal mark and tabs for "Unicode text": take what the header uses most. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Parsed as a stream that yields every few thousand records, so a big file does not stall the server. */
async function readCsv(data: Buffer): Promise<ImportTable> {
  const text = decodeText(data);
  if (text.slice(0, 8192).includes('\u0000')) throw unsupportedType('This file is named .csv but is not text');
  const parser = parse({ info: true, delimiter: detectDelimiter(text), skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: true });
  const slices = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => text.slice(i * 65_536, (i + 1) * 65_536));
  Readable.from(slices).pipe(parser);
  const rows: ImportTable['rows'] = [];
  try {
    // With `info` each record comes as {record, info}; csv-parse counts the line a record ends
    // on, and a quoted value may span lines, so step back over those to the line it starts on.
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (rows.length > IMPORT_MAX_ROWS) throw payloadTooLarge(`The file has more than ${IMPORT_MAX_ROWS} rows; split it into smaller files`);
      rows.push({ row: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0), cells: record.map((cell) => cell || null) });
      if (rows.length % 5000 === 0) await yieldToEventLoop();
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof AppError) throw error;
    throw badRequest(`The CSV could not be read: ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  return { headers: (header?.cells ?? []).map((cell) => String(cell ?? '')), rows: body };
}

/** Rich text, formulas and hyperlinks arrive as objects; keep what the sheet shows. */
function cellValue(value: unknown): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (object.richText) return cellValue(object.richText.map((part) => part.text).join(''));
    if ('result' in object) return cellValue(object.result);
    if ('text' in object) return cellValue(object.text);
    if (object.error) return null;
  }
  return cellValue(String(value));
}

async function readXlsx(data: Buffer): Promise<ImportTable> {
  const rows: ImportTable['rows'] = [];
  try {
    // The streaming reader keeps only our rows in memory, not the whole workbook model.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as unknown[]).slice(1).map(cellValue);
        if (cells.every((cell) => cell === null)) continue;
        if (rows.length > IMPORT_MAX_ROWS) throw payloadTooLarge(`The sheet has more than ${IMPORT_MAX_ROWS} rows; split it into smaller files`);
        rows.push({ row: row.number, cells });
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unsupportedType(`The .xlsx workbook could not be read: ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  return { headers: (header?.cells ?? []).map((cell) => String(cell ?? '')), rows: body };
}
