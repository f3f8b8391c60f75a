/**
 * Step 1 of the inbound pipeline: raw bytes → our own ParsedMail (not mailparser's type, so the
 * rest of the pipeline does not depend on mailparser's shapes).
 *
 * mailparser does the MIME work. Around it, this file repairs what real mail gets wrong and
 * mailparser takes at its word (each case is measured in test/server/email/parse.test.ts):
 *  - text labelled GB2312/GBK that uses GB18030's four-byte characters (decoded as GB18030);
 *  - unknown or bogus charset labels (UTF-8 when the bytes are valid UTF-8, else a legacy guess);
 *  - ISO-2022-JP labels on 8-bit Japanese text (Japanese carriers' bounces send EUC-JP so);
 *  - text labelled UTF-8 or US-ASCII, or not labelled at all, that is really in a legacy charset;
 *  - unencoded 8-bit header values in a legacy charset (RFC 2047 says encode them; many don't);
 *  - CR-only line endings (classic Mac mail), which mailparser reads as one endless header line.
 * Input that is not a mail is refused with a MailParseError, so the caller can quarantine it.
 */
import { isUtf8 } from 'node:buffer';
import { GUESS_LABEL, UTF8_LABEL, canonicalCharset, charsetDecoderClass, cleanLabel, decodeCharset, decodeJapanese, fallbackCharset, isKnownCharset, mostlyUtf8 } from './charsets';
import { simpleParser, type AddressObject, type ParsedMail as MailparserMail, type SimpleParserOptions } from 'mailparser';

export interface Address {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** As in the header, with its angle brackets: `<logo@x>`. */
  contentId: string | null;
  /** Shown inside the HTML body (a `cid:` image) rather than listed as a file. */
  inline: boolean;
}

export interface ParsedMail {
  /** `<id@host>`; null when the mail has none. */
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
  /** Lower-cased header names → every value of that header, unfolded, RFC 2047 words decoded. */
  headers: Map<string, string[]>;
  attachments: ParsedAttachment[];
  /** '' when the header is `<>` (a bounce), null when absent. */
  returnPath: string | null;
  /** The top-level content type, lower-cased (e.g. multipart/report). */
  contentType: string;
  /** The report-type parameter of a multipart/report, lower-cased; else null. */
  reportType: string | null;
}

/** A mail that cannot be read at all; `reason` says why, for the quarantine list. */
export class MailParseError extends Error {
  constructor(public readonly reason: string) {
    super(reason);
    this.name = 'MailParseError';
  }
}

/** mailparser works on streams; a bug or a stalled stream must not hold the mailbox up forever. */
const PARSE_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Repairs to the raw source, done on a latin1 string so that every byte survives unchanged

/**
 * Calls `fix` on each header block (the mail's own and each MIME part's) and leaves every body
 * byte for byte alone, so the repairs below never touch what the customer wrote.
 */
function rewriteHeaderBlocks(source: string, fix: (block: string, topLevel: boolean) => string): string {
  const boundaries = new Set<string>();
  for (const match of source.matchAll(/boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi)) boundaries.add(`--${match[1] ?? match[2]}`);
  const out: string[] = [];
  let copied = 0;
  let blockStart = 0; // start of the header block being read; -1 while in a body
  let topLevel = true;
  for (let lineStart = 0; lineStart < source.length; ) {
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? source.length : newline;
    if (blockStart >= 0) {
      if (source.slice(lineStart, lineEnd).replace(/\r$/, '') === '') {
        out.push(source.slice(copied, blockStart), fix(source.slice(blockStart, lineStart), topLevel));
        copied = lineStart;
        blockStart = -1;
        topLevel = false;
      }
    } else if (source.startsWith('--', lineStart) && boundaries.has(source.slice(lineStart, lineEnd).trimEnd())) {
      blockStart = lineEnd + 1;
    }
    lineStart = lineEnd + 1;
  }
  // A mail (or a part) that is all headers, with no blank line after them.
  if (blockStart >= 0 && blockStart < source.length) {
    out.push(source.slice(copied, blockStart), fix(source.slice(blockStart), topLevel));
    copied = source.length;
  }
  out.push(source.slice(copied));
  return out.join('');
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

function encodedWordBytes(encoding: string, payload: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(payload, 'base64');
  const bytes: number[] = [];
  const text = payload.replace(/_/g, ' ');
  for (let i = 0; i < text.length; i += 1) {
    const hex = text[i] === '=' ? /^[0-9a-f]{2}/i.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/**
 * Gives each encoded word of one header a label mailparser decodes right: GB2312/GBK → GB18030;
 * an unknown label, or UTF-8 on bytes that are not, → UTF-8 when the words' bytes (taken together:
 * senders split characters across words) are UTF-8, else the fallback charset.
 */
function relabelEncodedWords(header: string, fallback: string): string {
  if (!header.includes('=?')) return header;
  const bytesByLabel = new Map<string, Buffer[]>();
  for (const [, label, encoding, payload] of header.matchAll(ENCODED_WORD)) {
    const key = cleanLabel(label);
    if (isKnownCharset(key) && !UTF8_LABEL.test(key)) continue;
    const parts = bytesByLabel.get(key) ?? [];
    parts.push(encodedWordBytes(encoding, payload));
    bytesByLabel.set(key, parts);
  }
  const unknown = new Map<string, string>();
  for (const [label, parts] of bytesByLabel) {
    const utf8 = mostlyUtf8(Buffer.concat(parts));
    if (!UTF8_LABEL.test(label) || !utf8) unknown.set(label, utf8 ? 'utf-8' : fallback);
  }
  return header.replace(ENCODED_WORD, (word, label: string, encoding: string, payload: string) => {
    const key = cleanLabel(label);
    const replacement = unknown.get(key) ?? (canonicalCharset(key) === 'gb18030' ? 'gb18030' : null);
    return replacement ? `=?${replacement}?${encoding}?${payload}?=` : word;
  });
}

/**
 * mailparser reads raw (unencoded) header text as UTF-8; lines in a legacy charset, and raw
 * ISO-2022-JP lines (7-bit, with escape sequences), are converted to UTF-8 for it.
 */
function transcodeRawHeaderLines(block: string, fallback: string): string {
  if (!/[\x80-\xff\x1b]/.test(block)) return block;
  return block.replace(/[^\r\n]*[\x80-\xff\x1b][^\r\n]*/g, (line) => {
    const bytes = Buffer.from(line, 'latin1');
    if (/\x1b[$(]/.test(line) && !/[\x80-\xff]/.test(line)) return Buffer.from(decodeJapanese(bytes), 'utf8').toString('latin1');
    return isUtf8(bytes) ? line : Buffer.from(decodeCharset(bytes, fallback), 'utf8').toString('latin1');
  });
}

/**
 * Second pass only: mailparser never re-decodes text labelled UTF-8 or US-ASCII (nor unlabelled
 * text), so such parts are relabelled for the decoder above to decide from their bytes.
 */
function relabelTextPart(block: string, topLevel: boolean): string {
  const header = /^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im.exec(block);
  if (!header) {
    if (!topLevel) return block; // a part without Content-Type may be a digest's message/rfc822
    const eol = block.includes('\r\n') ? '\r\n' : '\n';
    return `${block}${/\n$/.test(block) || !block ? '' : eol}Content-Type: text/plain; charset=${GUESS_LABEL}${eol}`;
  }
  if (!/^content-type:\s*text\/(plain|html)\b/i.test(header[0])) return block;
  const charset = /(charset\s*=\s*)("?)([^";\s]*)\2/i.exec(header[0]);
  // Any other label was decoded by CharsetDecoder in the first pass already.
  if (charset && !UTF8_LABEL.test(cleanLabel(charset[3])) && !/^(us-?)?ascii$/.test(cleanLabel(charset[3]))) return block;
  const fixed = charset ? header[0].replace(charset[0], `${charset[1]}${GUESS_LABEL}`) : `${header[0]}; charset=${GUESS_LABEL}`;
  return block.slice(0, header.index) + fixed + block.slice(header.index + header[0].length);
}

function repairSource(source: string, fallback: string, guessTextParts: boolean): Buffer {
  const repaired = rewriteHeaderBlocks(source, (block, topLevel) => {
    // Each header with its folded continuation lines, so one header's words never sway another's.
    const relabelled = block.replace(/^[^ \t\r\n][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gm, (header) => relabelEncodedWords(header, fallback));
    const fixed = transcodeRawHeaderLines(relabelled, fallback);
    return guessTextParts ? relabelTextPart(fixed, topLevel) : fixed;
  });
  return Buffer.from(repaired, 'latin1');
}

/** Classic Mac mail ends lines with CR alone; to a MIME parser that is one endless header line. */
function normaliseLineEndings(source: string): string {
  const firstBreak = source.search(/[\r\n]/);
  if (firstBreak < 0 || source[firstBreak] !== '\r' || source[firstBreak + 1] === '\n') return source;
  return source.replace(/\r\n?/g, '\r\n');
}

// ---------------------------------------------------------------------------------------------
// Telling mail from other data

/** Headers a mail has; a block without any of them is not a mail (or has lost its headers). */
const MAIL_HEADERS = new Set(['from', 'sender', 'reply-to', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'return-path', 'mime-version', 'content-type', 'delivered-to', 'in-reply-to', 'references']);

function checkLooksLikeMail(source: string): void {
  if (!source.trim()) throw new MailParseError('The mail is empty');
  const headerEnd = source.search(/\r?\n\r?\n/);
  const head = (headerEnd < 0 ? source : source.slice(0, headerEnd)).slice(0, 65536);
  // The first line of a mail is a header ("Name: value") or an mbox "From " line.
  if (!/^(From |[!-9;-~]+[ \t]*:)/.test(head)) throw new MailParseError('The data does not start with mail headers');
  // Control characters in the header block mean binary data (ESC is ISO-2022-JP, allowed).
  const controls = head.match(/[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g)?.length ?? 0;
  if (head.includes('\u0000') || controls > head.length / 100) throw new MailParseError('The header block contains binary data');
}

async function runParser(source: Buffer, fallback: string): Promise<MailparserMail> {
  const options: SimpleParserOptions = {
    skipImageLinks: true,
    skipTextToHtml: true,
    keepCidLinks: true,
    // The types say an iconv-lite stream; mailparser really takes a node-iconv style class.
    Iconv: charsetDecoderClass(fallback) as unknown as SimpleParserOptions['Iconv'],
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new MailParseError(`Parsing took longer than ${PARSE_TIMEOUT_MS / 1000} s`)), PARSE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([simpleParser(source, options), timeout]);
  } catch (error) {
    if (error instanceof MailParseError) throw error;
    throw new MailParseError(`The MIME structure cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// mailparser's result → ours

/** Decodes RFC 2047 words in a header value; adjacent words' bytes are joined before decoding. */
function decodeHeaderValue(value: string, fallback: string): string {
  return value.replace(/(?:=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=[ \t]*)+/g, (run) => {
    const words = [...run.matchAll(ENCODED_WORD)];
    let text = '';
    for (let i = 0; i < words.length; ) {
      const label = cleanLabel(words[i][1]);
      const parts: Buffer[] = [];
      for (; i < words.length && cleanLabel(words[i][1]) === label; i += 1) parts.push(encodedWordBytes(words[i][2], words[i][3]));
      text += decodeCharset(Buffer.concat(parts), label, fallback);
    }
    return text + (/[ \t]+$/.exec(run)?.[0] ?? '');
  });
}

/** Decodes RFC 2047 words in a header value read from elsewhere (e.g. an attached message). */
/** Re-exported for the tests of charset handling. */
export { decodeCharset };

export function decodeHeaderWords(value: string): string {
  return decodeHeaderValue(value, 'windows-1252');
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

/** `<id>` tokens of Message-ID/In-Reply-To/References; bare `id@host` (no brackets) is wrapped. */
function messageIds(values: string[] | undefined): string[] {
  const text = (values ?? []).join(' ');
  let ids: string[] = text.match(/<[^<>\s]+>/g) ?? [];
  if (!ids.length) ids = text.split(/[\s,;]+/).filter((token) => /^[^\s<>@"]+@[^\s<>@"]+$/.test(token)).map((token) => `<${token}>`);
  // Runaway References headers: the root and the latest ids are the ones threading needs.
  return ids.length > 100 ? [ids[0], ...ids.slice(-99)] : ids;
}

function countReplacementChars(text: string): number {
  return text.match(/\uFFFD/g)?.length ?? 0;
}

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  if (!raw.length) throw new MailParseError('The mail is empty');
  // latin1 keeps every byte as one character, so the repairs cannot damage binary parts.
  const source = normaliseLineEndings(raw.toString('latin1').replace(/^(\xef\xbb\xbf)?[\r\n\t ]+|^\xef\xbb\xbf/, ''));
  checkLooksLikeMail(source);
  const fallback = fallbackCharset(source);

  const parsed = await runParser(repairSource(source, fallback, false), fallback);
  if (!parsed.headerLines.some((line) => MAIL_HEADERS.has(line.key.toLowerCase()))) {
    throw new MailParseError('The mail has none of the usual headers (From, To, Subject, Date, Message-ID, Received)');
  }
  let text = parsed.text ?? '';
  let html = typeof parsed.html === 'string' ? parsed.html : '';
  // U+FFFD in the text: a part labelled UTF-8/US-ASCII (or unlabelled) was in a legacy charset.
  // Parse once more with those parts decided from their bytes, and keep whichever reads better.
  const damage = countReplacementChars(text) + countReplacementChars(html);
  if (damage) {
    const second = await runParser(repairSource(source, fallback, true), fallback);
    const secondText = second.text ?? '';
    const secondHtml = typeof second.html === 'string' ? second.html : '';
    if (countReplacementChars(secondText) + countReplacementChars(secondHtml) < damage) {
      text = secondText;
      html = secondHtml;
    }
  }

  const headers = new Map<string, string[]>();
  for (const line of parsed.headerLines) {
    const name = line.key.toLowerCase();
    const value = decodeHeaderValue(line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim(), fallback);
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  // mailparser puts the current time in place of a missing or unreadable Date; we say null.
  const dateValue = new Date(headers.get('date')?.[0] ?? Number.NaN);
  const date = Number.isNaN(dateValue.getTime()) ? null : dateValue;
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const returnPath = headers.get('return-path')?.[0];
  const cids = new Set((html.match(/cid:[^"'\s)>]+/gi) ?? []).map((url) => url.slice(4).toLowerCase()));
  return {
    messageId: messageIds(headers.get('message-id'))[0] ?? null,
    inReplyTo: messageIds(headers.get('in-reply-to')),
    references: messageIds(headers.get('references')),
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    from: addresses(parsed.from)[0] ?? null,
    replyTo: addresses(parsed.replyTo)[0] ?? null,
    to: addresses(parsed.to).filter((a) => a.address),
    cc: addresses(parsed.cc).filter((a) => a.address),
    date,
    text: text.replace(/\r\n?/g, '\n').trim(),
    html: html.trim() ? html : null,
    headers,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? (a.contentType === 'message/rfc822' ? 'forwarded.eml' : 'attachment'),
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      size: a.size ?? a.content.length,
      content: a.content,
      contentId: a.contentId ?? null,
      // Inline: an image the HTML shows by cid, or one marked inline with a Content-ID
      // (Outlook often sends related images without a Content-Disposition).
      inline: Boolean(a.contentId) && (a.contentDisposition === 'inline' || a.related === true || cids.has((a.cid ?? '').toLowerCase())),
    })),
    // `<>` (a bounce's null sender) → ''; `<a@b>` → 'a@b'.
    returnPath: returnPath === undefined ? null : (/<([^<>]*)>/.exec(returnPath)?.[1] ?? returnPath).trim(),
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
  };
}

/** All values of a header (name in any case); [] when the mail does not have it. */
export function headerValues(mail: ParsedMail, name: string): string[] {
  return mail.headers.get(name.toLowerCase()) ?? [];
}
