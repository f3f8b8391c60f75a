/**
 * Which column is which (by header name, any case, English or Chinese), and each row checked with
 * zod into a clean record or a reason it was rejected.
 */
import { z } from 'zod';
import { badRequest } from '../http/errors';
import { normalizeEmail } from '../util/normalize';
import { cellText, normalizePhone, parseAmount, parseCurrency, parseDate, parseLocale, parseTags, splitList } from './cellValues';
import type { Cell, ImportTable } from './readImportFile';

const customerColumns = {
  email: ['email', 'emails', 'e-mail', 'mail', 'emailaddress', '邮箱', '电子邮箱', '邮箱地址', '电子邮件'],
  phone: ['phone', 'phones', 'mobile', 'tel', 'telephone', 'phonenumber', '电话', '手机', '手机号', '手机号码', '联系电话'],
  name: ['name', 'fullname', 'customer', 'customername', '姓名', '名字', '客户', '客户名称'],
  organisation: ['organisation', 'organization', 'company', 'org', '公司', '单位', '公司名称'],
  locale: ['locale', 'language', 'lang', '语言'],
  tags: ['tags', 'tag', 'labels', '标签'],
  notes: ['notes', 'note', 'remark', 'remarks', 'comment', '备注', '说明'],
} as const;

const purchaseColumns = {
  email: customerColumns.email,
  phone: customerColumns.phone,
  orderRef: ['order', 'orderref', 'orderid', 'ordernumber', 'orderno', '订单号', '订单', '订单编号'],
  product: ['product', 'item', 'productname', 'sku', '商品', '产品', '商品名称'],
  amount: ['amount', 'total', 'price', 'sum', '金额', '总额', '订单金额', '实付金额'],
  currency: ['currency', '币种', '货币'],
  purchasedAt: ['date', 'purchasedat', 'orderdate', 'purchasedate', 'time', '日期', '购买日期', '下单日期', '下单时间', '时间'],
} as const;

type Columns = Record<string, readonly string[]>;
export type RawRow<C extends Columns> = Record<keyof C, Cell>;

const headerKey = (header: string) => header.trim().toLowerCase().replace(/[\s_\-.:：]/g, '');

/** Column index per field; a field named by two headers takes the first. */
function mapColumns<C extends Columns>(headers: string[], columns: C): Map<keyof C, number> {
  const found = new Map<keyof C, number>();
  headers.forEach((header, index) => {
    const key = headerKey(header);
    for (const [field, aliases] of Object.entries(columns)) {
      if (!found.has(field) && (aliases as readonly string[]).some((alias) => headerKey(alias) === key)) found.set(field, index);
    }
  });
  return found;
}

const requiredColumns = { customers: [['email', 'phone']], purchases: [['email', 'phone'], ['amount'], ['purchasedAt']] } as const;

function assertColumns<C extends Columns>(headers: string[], columns: C, required: ReadonlyArray<ReadonlyArray<keyof C>>): Map<keyof C, number> {
  const found = mapColumns(headers, columns);
  for (const anyOf of required) {
    if (!anyOf.some((field) => found.has(field))) {
      const names = anyOf.map((field) => `${String(field)} (${columns[field].filter((a) => /[^\x00-\x7f]/.test(a))[0]})`).join(' or ');
      throw badRequest(`The first row must name the columns; no ${names} column was found in: ${headers.filter(Boolean).join(', ') || '(empty)'}`);
    }
  }
  return found;
}

/** Throws a 400 naming the missing column when the header row lacks one the import needs. */
export function checkImportColumns(kind: 'customers' | 'purchases', table: ImportTable): void {
  if (kind === 'customers') assertColumns(table.headers, customerColumns, requiredColumns.customers);
  else assertColumns(table.headers, purchaseColumns, requiredColumns.purchases);
}

function rawRows<C extends Columns>(table: ImportTable, columns: C, required: ReadonlyArray<ReadonlyArray<keyof C>>): Array<{ row: number; raw: RawRow<C> }> {
  const found = assertColumns(table.headers, columns, required);
  return table.rows.map(({ row, cells }) => {
    const raw = {} as RawRow<C>;
    for (const field of Object.keys(columns) as Array<keyof C>) raw[field] = found.has(field) ? (cells[found.get(field) as number] ?? null) : null;
    return { row, raw };
  });
}

const cell = z.custom<Cell>();
const text = (max: number) => cell.transform((value, ctx) => {
  const result = cellText(value);
  if (result.length > max) ctx.addIssue({ code: 'custom', message: `longer than ${max} characters` });
  return result || null;
});
const emails = cell.transform((value, ctx) =>
  splitList(cellText(value)).map((email) => {
    if (!z.email().safeParse(email).success || email.length > 320) ctx.addIssue({ code: 'custom', message: `"${email}" is not an email address` });
    return normalizeEmail(email);
  }),
);
const phones = cell.transform((value, ctx) => {
  const raw = cellText(value);
  // A phone typed as a number in Excel arrives as one; several phones in one cell are split like emails.
  return (typeof value === 'number' ? [String(value)] : raw.split(/[,;，；、/]+/).map((p) => p.trim()).filter(Boolean)).map((phone) => {
    const normal = normalizePhone(phone);
    if (!normal) ctx.addIssue({ code: 'custom', message: `"${phone}" is not a phone number` });
    return normal ?? '';
  });
});
const needsIdentity = (row: { emails: string[]; phones: string[] }) => row.emails.length > 0 || row.phones.length > 0;

const customerRow = z
  .object({
    emails,
    phones,
    name: text(200),
    organisation: text(200),
    locale: cell.transform((value, ctx) => {
      const raw = cellText(value);
      const locale = raw ? parseLocale(raw) : null;
      if (raw && !locale) ctx.addIssue({ code: 'custom', message: `"${raw}" is not a language we know (en or zh-CN)` });
      return locale;
    }),
    tags: cell.transform((value, ctx) => {
      const tags = parseTags(cellText(value));
      if (tags.length > 50 || tags.some((tag) => tag.length > 50)) ctx.addIssue({ code: 'custom', message: 'at most 50 tags of 50 characters each' });
      return tags;
    }),
    notes: text(10_000),
  })
  .refine(needsIdentity, { message: 'needs an email or a phone', path: ['email'] });

const purchaseRow = z
  .object({
    emails,
    phones,
    orderRef: text(100),
    product: text(200),
    amount: cell.transform((value, ctx) => {
      const amount = parseAmount(value);
      if (amount === null) ctx.addIssue({ code: 'custom', message: value === null ? 'missing' : `"${cellText(value)}" is not an amount (a number, 0 or more, at most 2 decimals)` });
      return amount ?? '0.00';
    }),
    currency: cell.transform((value, ctx) => {
      const raw = cellText(value);
      const currency = raw ? parseCurrency(raw) : 'CNY';
      if (!currency) ctx.addIssue({ code: 'custom', message: `"${raw}" is not a currency code` });
      return currency ?? 'CNY';
    }),
    purchasedAt: cell.transform((value, ctx) => {
      const date = parseDate(value);
      if (!date) ctx.addIssue({ code: 'custom', message: value === null ? 'missing' : `"${cellText(value)}" is not a date (use YYYY-MM-DD or YYYY/MM/DD)` });
      return date ?? new Date(0);
    }),
  })
  .refine(needsIdentity, { message: 'needs an email or a phone', path: ['email'] });

export type CustomerRow = z.infer<typeof customerRow> & { row: number };
export type PurchaseRow = z.infer<typeof purchaseRow> & { row: number };
export interface Rejection {
  row: number;
  reason: string;
}

const fieldOfKey: Record<string, string> = { emails: 'email', phones: 'phone' };
/** Reasons name the column as the file's header does ("日期: …"), so the person who made the sheet recognises it. */
const reasonOf = (error: z.ZodError, headerOf: (field: string) => string | undefined) =>
  error.issues
    .map((issue) => {
      const field = fieldOfKey[String(issue.path[0])] ?? String(issue.path[0] ?? 'row');
      return `${headerOf(field)?.trim() || field}: ${issue.message}`;
    })
    .join('; ');

/** Checks row by row, giving the event loop a turn every few thousand rows (100,000 rows take about a second). */
async function validate<C extends Columns, T>(table: ImportTable, columns: C, required: ReadonlyArray<ReadonlyArray<keyof C>>, schema: z.ZodType<T>, fieldOf: (raw: RawRow<C>) => unknown) {
  const valid: Array<T & { row: number }> = [];
  const rejected: Rejection[] = [];
  let checked = 0;
  const found = mapColumns(table.headers, columns);
  const headerOf = (field: string) => (found.has(field) ? table.headers[found.get(field) as number] : undefined);
  for (const { row, raw } of rawRows(table, columns, required)) {
    const result = schema.safeParse(fieldOf(raw));
    if (result.success) valid.push({ ...result.data, row });
    else rejected.push({ row, reason: reasonOf(result.error, headerOf) });
    if (++checked % 5000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { valid, rejected };
}

export function validateCustomerRows(table: ImportTable): Promise<{ valid: CustomerRow[]; rejected: Rejection[] }> {
  return validate(table, customerColumns, requiredColumns.customers, customerRow, ({ email, phone, ...rest }) => ({ emails: email, phones: phone, ...rest }));
}

export function validatePurchaseRows(table: ImportTable): Promise<{ valid: PurchaseRow[]; rejected: Rejection[] }> {
  return validate(table, purchaseColumns, requiredColumns.purchases, purchaseRow, ({ email, phone, ...rest }) => ({ emails: email, phones: phone, ...rest }));
}
