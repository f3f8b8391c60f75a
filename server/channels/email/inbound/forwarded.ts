/**
 * Step 4: subjects and forwarded mail. Reply/forward prefixes in many languages (so a reply's
 * subject matches its ticket's), `[#number]` ticket references, and the original sender of a mail
 * an agent or colleague forwarded to the help desk, who becomes the ticket's customer.
 */
import { isUtf8 } from 'node:buffer';
import { decodeHeaderWords, type ParsedMail } from './parse';

export interface ForwardedSender {
  address: string;
  name: string | null;
}

/** One reply/forward prefix: "Re:", "RE[2]:", "Fwd:", "回复：", "AW:", "WG:", "SV:", "TR:"… */
const PREFIX = /^\s*(re|fw|fwd|aw|wg|sv|vs|tr|rif|r|antw|odp|rv|res|enc|回复|回覆|答复|答覆|转发|轉寄|转寄|转|轉|返信|転送)\s*(\[\d+\])?\s*[:：]\s*/i;
const FORWARD_PREFIX = /^\s*(fw|fwd|wg|tr|rv|enc|转发|轉寄|转寄|转|轉|転送)\s*[:：]/i;

/** Markers that say "a forwarded mail follows", whatever the subject. */
const FORWARD_MARKER = /^(-{2,}\s*(forwarded message|转发的邮件|转发邮件信息|轉寄郵件|weitergeleitete nachricht|message transféré|mensaje reenviado|mensagem encaminhada|messaggio inoltrato|転送されたメッセージ|転送メッセージ)\s*-{2,}|begin forwarded message:)\s*$/im;
/**
 * Markers shared by replies and forwards (Outlook forwards with "-----Original Message-----" or
 * its rule and header block): only read as a forward when the subject says so, since in a reply
 * the block names us, not a new customer.
 */
const QUOTE_MARKER = /^(-{2,}\s*(original message|原始邮件|原始郵件|邮件原件|ursprüngliche nachricht|message d'origine|mensaje original|元のメッセージ)\s*-{2,}|_{10,})\s*$/im;
const FROM_LINE = /^[ \t>]*\*?(from|发件人|寄件者|寄件人|差出人|von|de)\*?\s*[:：][ \t]*(.+)$/gim;

export function stripSubjectPrefixes(subject: string): string {
  let result = subject.trim();
  for (let guard = 0; guard < 50 && PREFIX.test(result); guard += 1) result = result.replace(PREFIX, '');
  return result.trim();
}

/** The ticket number of a `[#12345]` tag (the one our replies put in their subject). */
export function findTicketNumberInSubject(subject: string): number | null {
  const match = /\[#(\d{1,12})\]/.exec(subject);
  return match ? Number(match[1]) : null;
}

/** "Name <x@y>", "\"王芳\"<x@y>;", "Name [mailto:x@y]" (Outlook), or a bare address. */
function parseAddress(text: string): ForwardedSender | null {
  const angle = /^(.*?)<\s*(?:mailto:)?([^<>\s@]+@[^<>\s]+?)\s*>/i.exec(text);
  if (angle) {
    const name = angle[1].replace(/["'*]/g, '').trim();
    return { address: angle[2].toLowerCase(), name: name || null };
  }
  const bare = /([^\s<>"'[\]:;,]+@[^\s<>"'[\]:;,]+\.[a-z]{2,})/i.exec(text);
  if (!bare) return null;
  const name = text.slice(0, bare.index).replace(/\[mailto:?$|["'[\]*]/gi, '').trim();
  return { address: bare[1].toLowerCase(), name: name || null };
}

/** The From header of an attached message/rfc822 part (Outlook's "forward as attachment"). */
function senderOfAttachedMessage(content: Buffer): ForwardedSender | null {
  const head = content.subarray(0, 65536).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = /^from[ \t]*:([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(end < 0 ? head : head.slice(0, end));
  if (!header) return null;
  const bytes = Buffer.from(header[1].replace(/\r?\n[ \t]+/g, ' '), 'latin1');
  return parseAddress(decodeHeaderWords(isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1')));
}

/** The original sender of a forwarded mail, or null when the mail is not a forward (or names none). */
export function findForwardedSender(mail: ParsedMail): ForwardedSender | null {
  const forwardSubject = FORWARD_PREFIX.test(mail.subject);
  const marker = FORWARD_MARKER.exec(mail.text) ?? (forwardSubject ? QUOTE_MARKER.exec(mail.text) : null);
  if (!forwardSubject && !marker) return null;
  const own = mail.from?.address.toLowerCase();
  const acceptable = (sender: ForwardedSender | null) => (sender && sender.address !== own ? sender : null);

  // The first From line of the forwarded block that names someone other than the forwarder.
  const block = marker ? mail.text.slice(marker.index) : mail.text;
  for (const [, , value] of block.matchAll(FROM_LINE)) {
    const sender = acceptable(parseAddress(value));
    if (sender) return sender;
  }
  for (const attachment of mail.attachments) {
    if (attachment.contentType !== 'message/rfc822') continue;
    const sender = acceptable(senderOfAttachedMessage(attachment.content));
    if (sender) return sender;
  }
  return null;
}
