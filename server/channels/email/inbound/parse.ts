/**
 * Step 1 of the pipeline: raw bytes → our own ParsedMail, with every charset real mail uses
 * decoded. mailparser does the MIME work; this step fixes what real mail gets wrong before it
 * (mislabelled Chinese charsets, bare CR line endings) and refuses input that is not a mail.
 */
import { simpleParser, type AddressObject } from 'mailparser';

export interface Address {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: Address | null;
  replyTo: Address | null;
  to: Address[];
  cc: Address[];
  date: Date | null;
  text: string;
  html: string | null;
  /** Lower-cased header names → their values as text. */
  headers: Map<string, string[]>;
  attachments: ParsedAttachment[];
  /** '' when the header is `<>` (a bounce), null when absent. */
  returnPath: string | null;
  /** The top-level content type, lower-cased (e.g. multipart/report). */
  contentType: string;
  reportType: string | null;
}

export class MailParseError extends Error {
  constructor(public readonly reason: string) {
    super(reason);
    this.name = 'MailParseError';
  }
}

/**
 * Charset labels real mail uses wrongly: GB2312 and GBK mail routinely contains characters only
 * GB18030 has (a superset of both), and Outlook labels Korean as ks_c_5601-1987.
 */
const CHARSET_ALIASES: Array<[RegExp, string]> = [
  [/^(gb2312|gb_2312-80|gbk|x-gbk|cp936|euc-cn|x-euc-cn|chinese|csgb2312)$/i, 'gb18030'],
  [/^(ks_c_5601-1987|ks_c_5601|x-windows-949|cp949)$/i, 'euc-kr'],
  [/^(big5-hkscs|x-x-big5|cn-big5)$/i, 'big5'],
];

function canonicalCharset(label: string): string {
  for (const [pattern, replacement] of CHARSET_ALIASES) if (pattern.test(label)) return replacement;
  return label;
}

/** Rewrites charset labels in Content-Type parameters and RFC 2047 encoded words. Works on latin1 text so bytes survive. */
function fixCharsetLabels(source: string): string {
  return source
    .replace(/(charset\s*=\s*"?)([\w.:-]+)/gi, (_m, prefix: string, label: string) => prefix + canonicalCharset(label))
    .replace(/=\?([\w.:-]+)(\*[\w-]+)?\?([bq])\?/gi, (_m, label: string, lang: string | undefined, enc: string) => `=?${canonicalCharset(label)}${lang ?? ''}?${enc}?`);
}

function normalizeSource(raw: Buffer): Buffer {
  let text = raw.toString('latin1');
  // Classic Mac mail ends lines with CR alone; MIME parsing needs LF.
  if (/\r(?!\n)/.test(text)) text = text.replace(/\r\n?/g, '\r\n');
  return Buffer.from(fixCharsetLabels(text), 'latin1');
}

function looksLikeMail(raw: Buffer): boolean {
  const start = raw.subarray(0, 65536).toString('latin1');
  const headerEnd = start.search(/\r?\n\r?\n/);
  // A NUL byte in the header block means binary data, not a mail (bodies may carry them).
  if ((headerEnd < 0 ? start : start.slice(0, headerEnd)).includes('\u0000')) return false;
  const head = start.slice(0, 4096);
  // The first line of a mail is a header ("Name: value") or an mbox "From " line.
  return /^(From |[!-9;-~]+:)/.test(head.replace(/^\s+/, ''));
}

function addresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const result: Address[] = [];
  const visit = (entries: Array<{ address?: string; name?: string; group?: Array<{ address?: string; name?: string }> }>) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      // A name without an address ("MAILER-DAEMON <>") is kept: it still tells who sent it.
      else if (entry.address || entry.name) result.push({ address: (entry.address ?? '').trim(), name: (entry.name ?? '').trim() });
    }
  };
  for (const object of list) visit(object.value);
  return result;
}

function messageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return (text.match(/<[^<>\s]+>/g) ?? []).slice(0, 100);
}

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  if (!raw.length) throw new MailParseError('The mail is empty');
  if (!looksLikeMail(raw)) throw new MailParseError('The data does not start with mail headers');
  const parsed = await simpleParser(normalizeSource(raw), { skipImageLinks: true, skipTextToHtml: true, keepCidLinks: true });
  if (!parsed.headers.size) throw new MailParseError('The mail has no headers');

  const headers = new Map<string, string[]>();
  for (const line of parsed.headerLines) {
    const name = line.key.toLowerCase();
    const value = line.line.slice(line.line.indexOf(':') + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  const contentTypeHeader = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const returnPathRaw = headers.get('return-path')?.[0];
  const from = addresses(parsed.from)[0] ?? null;
  return {
    messageId: messageIds(parsed.messageId)[0] ?? null,
    inReplyTo: messageIds(parsed.inReplyTo),
    references: messageIds(parsed.references),
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    from,
    replyTo: addresses(parsed.replyTo)[0] ?? null,
    to: addresses(parsed.to).filter((a) => a.address),
    cc: addresses(parsed.cc).filter((a) => a.address),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text: (parsed.text ?? '').replace(/\r\n?/g, '\n').trim(),
    html: typeof parsed.html === 'string' && parsed.html.trim() ? parsed.html : null,
    headers,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? (a.contentType === 'message/rfc822' ? 'forwarded.eml' : 'attachment'),
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      size: a.size ?? a.content.length,
      content: a.content,
      contentId: a.contentId ?? null,
      inline: a.contentDisposition === 'inline' && Boolean(a.contentId),
    })),
    returnPath: returnPathRaw === undefined ? null : returnPathRaw.replace(/[<>\s]/g, ''),
    contentType: (contentTypeHeader?.value ?? 'text/plain').toLowerCase(),
    reportType: contentTypeHeader?.params?.['report-type']?.toLowerCase() ?? null,
  };
}

/** Header values for classification, decoded by mailparser (RFC 2047) where it knows the header. */
export function headerValues(mail: ParsedMail, name: string): string[] {
  return mail.headers.get(name.toLowerCase()) ?? [];
}

