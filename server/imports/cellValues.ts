/**
 * Reading one cell as the value a column means: phone numbers, money, dates (ISO, `YYYY/MM/DD`,
 * `2024年3月5日`, or a real Excel date cell), lists of tags. Each returns null for "cannot be
 * read", so the row can be rejected with a reason instead of being stored half right.
 */
import type { Cell } from './readImportFile';

/** A cell as trimmed text, or '' when empty. Strips the `'` a spreadsheet export puts before formula-like text. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  const text = String(cell).trim();
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

/** Emails and phones may come several to a cell (as exported): split on commas, semicolons and spaces. */
export function splitList(text: string): string[] {
  return text.split(/[,;，；、\s]+/).map((part) => part.trim()).filter(Boolean);
}

/** Phones as identities keep them: '+' and digits only (spaces, dashes and brackets dropped). Null when implausible. */
export function normalizePhone(text: string): string | null {
  const compact = text.replace(/^'/, '').replace(/[\s\-().]/g, '');
  if (!/^\+?\d{5,20}$/.test(compact)) return null;
  return compact;
}

const MAX_AMOUNT = 9_999_999_999.99; // DECIMAL(12,2)

/** Money as two-decimal text ("1299.00"); currency signs and thousands separators are allowed. Null when garbled or negative. */
export function parseAmount(cell: Cell): string | null {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell >= 0 && cell <= MAX_AMOUNT ? cell.toFixed(2) : null;
  const text = cellText(cell).replace(/^(?:[¥￥$€£]|CNY|RMB|USD|EUR)\s*/i, '').replace(/\s*(?:元|CNY|RMB)$/i, '');
  if (!/^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$|^\d+(?:\.\d{1,2})?$/.test(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  return value <= MAX_AMOUNT ? value.toFixed(2) : null;
}

/** Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function utcDate(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2024-02-30 over to March: a date that does not round-trip does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return date;
}

/**
 * A purchase date. Dates without a zone are read as UTC, as Excel date cells are. Serial numbers
 * are accepted only from .xlsx number cells, where they are what a date cell holds.
 */
export function parseDate(cell: Cell): Date | null {
  let date: Date | null = null;
  if (cell instanceof Date) date = cell;
  else if (typeof cell === 'number') date = cell > 0 && cell < 2_958_466 ? new Date(EXCEL_EPOCH_MS + Math.round(cell * 86_400_000)) : null;
  else {
    const text = cellText(cell);
    const local = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text);
    if (local) {
      const [year, month, day, hour, minute, second] = local.slice(1).map((part) => Number(part ?? 0));
      date = utcDate(year, month, day, hour, minute, second);
    } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
      date = new Date(text);
    }
  }
  if (!date || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1900 && year <= 2200 ? date : null;
}

/** Tags as the console keeps them: lower-cased, without blanks or repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,;，；、]/).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

const localeAliases: Record<string, 'en' | 'zh-CN'> = { en: 'en', english: 'en', 'en-us': 'en', 'en-gb': 'en', 英文: 'en', 英语: 'en', zh: 'zh-CN', 'zh-cn': 'zh-CN', 'zh-hans': 'zh-CN', chinese: 'zh-CN', 中文: 'zh-CN', 简体中文: 'zh-CN', 汉语: 'zh-CN' };

/** The console's two languages, from the ways a sheet may name them; null when unknown. */
export function parseLocale(text: string): 'en' | 'zh-CN' | null {
  return localeAliases[text.trim().toLowerCase().replace(/_/g, '-')] ?? null;
}

const currencyAliases: Record<string, string> = { rmb: 'CNY', 人民币: 'CNY', 元: 'CNY', '¥': 'CNY', '￥': 'CNY', $: 'USD', 美元: 'USD', '€': 'EUR', 欧元: 'EUR' };

/** ISO 4217 code (three letters) or a common name for one; null when neither. */
export function parseCurrency(text: string): string | null {
  const alias = currencyAliases[text.trim().toLowerCase()];
  if (alias) return alias;
  return /^[a-z]{3}$/i.test(text.trim()) ? text.trim().toUpperCase() : null;
}
