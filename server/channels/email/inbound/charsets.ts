/**
 * Charsets for the inbound pipeline: labels real mail uses wrongly, decoding that never throws,
 * and the guess for unlabelled or mislabelled legacy bytes. Used by parse.ts.
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

/**
 * Labels that mean something else in practice. GB2312 and GBK mail routinely contains characters
 * only GB18030 has (a superset of both, so decoding as GB18030 loses nothing). The Latin-1/ASCII
 * labels mean Windows-1252 as in browsers (Outlook sends “smart quotes” as 0x93/0x94 under
 * iso-8859-1); mailparser's own table (libmime) maps them the same way.
 */
export const CHARSET_ALIASES: Array<[RegExp, string]> = [
  [/^(gb2312|gb_2312(-80)?|gbk|x-gbk|cp936|ms936|windows-936|euc-cn|x-euc-cn|chinese|csgb2312|csiso58gb231280|iso-ir-58|gb18030)$/, 'gb18030'],
  [/^(ks_c_5601(-198[79])?|ksc5601|ksc_5601|euc-kr|x-euc-kr|windows-949|x-windows-949|cp949|ms949|korean|csksc56011987)$/, 'cp949'],
  [/^(big5|big-5|x-big5|x-x-big5|cn-big5|csbig5|big5-hkscs|cp950|windows-950)$/, 'big5hkscs'],
  [/^(iso[-_]?8859-1(:1987)?|iso8859-?1|latin-?1|l1|cp819|ibm819|csisolatin1|us-ascii|ascii|ansi_x3\.4-1968|iso646-us|us)$/, 'windows-1252'],
  [/^(iso[-_]?8859-9(:1989)?|iso8859-?9|latin-?5|l5)$/, 'windows-1254'],
  [/^(iso[-_]?8859-11|tis-?620|dos-874)$/, 'windows-874'],
];
/** ISO-2022-JP and its Microsoft variants; iconv-lite does not have them, encoding-japanese does. */
export const JIS_LABEL = /^(iso-2022-jp(-[123]|-ms)?|csiso2022jp|jis|cp5022[012])$/;
export const UTF8_LABEL = /^(utf-?8|unicode-1-1-utf-8|x-unicode20utf8)$/;
/** Put on text parts in the second pass (see parseMail): "decide from the bytes". */
export const GUESS_LABEL = 'x-helpdesk-guess';

export function cleanLabel(label: string): string {
  // RFC 2231 adds a language ("utf-8*en"); some senders quote the label twice.
  return label.trim().replace(/^["']+|["']+$/g, '').replace(/\*.*$/, '').toLowerCase();
}

export function canonicalCharset(label: string): string {
  const name = cleanLabel(label);
  for (const [pattern, replacement] of CHARSET_ALIASES) if (pattern.test(name)) return replacement;
  return name;
}

/** Whether `decodeCharset` knows the label (as opposed to guessing from the bytes). */
export function isKnownCharset(label: string): boolean {
  const name = canonicalCharset(label);
  return UTF8_LABEL.test(name) || JIS_LABEL.test(name) || iconv.encodingExists(name);
}

/** A UTF-8 text with a damaged byte or two is still UTF-8; legacy text is mostly invalid as UTF-8. */
export function mostlyUtf8(bytes: Buffer): boolean {
  if (isUtf8(bytes)) return true;
  let invalid = 0;
  let valid = 0;
  for (const char of bytes.toString('utf8')) {
    if (char === '\uFFFD') invalid += 1;
    else if (char > '\u007f') valid += 1;
  }
  return valid >= invalid * 4;
}

export function decodeJapanese(bytes: Buffer): string {
  // ISO-2022-JP is 7-bit: 8-bit bytes under that label are EUC-JP or Shift_JIS mislabelled.
  const has8bit = bytes.some((byte) => byte >= 0x80);
  const from = has8bit ? Encoding.detect(bytes, ['UTF8', 'EUCJP', 'SJIS']) || 'EUCJP' : 'JIS';
  return Encoding.convert(bytes, { to: 'UNICODE', from, type: 'string' });
}

/**
 * Decodes text from a charset label, never throwing. `fallback` (a known label) is used for bytes
 * that are not UTF-8 when the label is unknown, or is UTF-8/"guess" but the bytes say otherwise.
 */
export function decodeCharset(bytes: Buffer, label: string, fallback = 'windows-1252'): string {
  const name = canonicalCharset(label);
  try {
    if (UTF8_LABEL.test(name) || name === GUESS_LABEL) {
      return mostlyUtf8(bytes) ? bytes.toString('utf8') : decodeCharset(bytes, fallback, 'windows-1252');
    }
    if (JIS_LABEL.test(name)) return decodeJapanese(bytes);
    if (iconv.encodingExists(name)) return iconv.decode(bytes, name);
  } catch {
    // A decoder failing on odd bytes is no reason to lose the mail: guess below instead.
  }
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return fallback === 'windows-1252' || !isKnownCharset(fallback) ? iconv.decode(bytes, 'windows-1252') : decodeCharset(bytes, fallback, 'windows-1252');
}

/**
 * mailparser hands the bytes of each text part to a node-iconv style class when it is given one
 * (`new Iconv(charset, target)`, used as a stream); this one decodes with decodeCharset, so body
 * text gets the same repairs as headers. It collects the whole part first, as mailparser's own
 * Japanese decoder does: a multi-byte character may straddle two chunks.
 */
export function charsetDecoderClass(fallback: string) {
  return class CharsetDecoder extends Transform {
    private readonly label: string;
    private readonly chunks: Buffer[] = [];

    constructor(label: string) {
      super();
      this.label = label;
    }

    override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
      this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
      done();
    }

    override _flush(done: TransformCallback): void {
      this.push(Buffer.from(decodeCharset(Buffer.concat(this.chunks), this.label, fallback), 'utf8'));
      done();
    }
  };
}

/**
 * The charset to read unlabelled or mislabelled legacy bytes with: the first real legacy label the
 * mail names anywhere (a part's charset, an encoded word, an HTML meta tag), else Windows-1252.
 */
export function fallbackCharset(source: string): string {
  const labels = /charset\s*=\s*["']?([\w.:-]+)|=\?([\w.:-]+)(?:\*[\w-]+)?\?[bq]\?/gi;
  let checked = 0;
  for (let match = labels.exec(source); match && checked < 50; match = labels.exec(source), checked += 1) {
    const label = canonicalCharset(match[1] ?? match[2] ?? '');
    if (!UTF8_LABEL.test(label) && isKnownCharset(label) && !/^(utf-?(16|32|7)|ucs-?2)/.test(label)) return label;
  }
  return 'windows-1252';
}
