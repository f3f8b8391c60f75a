/**
 * Subjects and forwarded mail: reply/forward prefixes in many languages, `[#number]` ticket
 * references, and the original sender of a mail an agent forwarded to the help desk.
 */
import type { ParsedMail } from './parse';

const PREFIX = /^\s*(re|fw|fwd|aw|wg|sv|vs|tr|rif|r|回复|回覆|答复|答覆|转发|轉寄|转寄|转|返信|転送)\s*(\[\d+\])?\s*[:：]\s*/i;
const FORWARD_PREFIX = /^\s*(fw|fwd|wg|tr|转发|轉寄|转寄|転送)\s*[:：]/i;
const FORWARD_MARKERS = /^(-{2,}\s*(forwarded message|original message|转发的邮件|原始邮件|原始郵件|weitergeleitete nachricht|message transféré)\s*-{2,}|begin forwarded message:|-{5,}\s*$)/im;
const FROM_LINE = /^\s*\*?(from|发件人|寄件者|寄件人|von|de|差出人)\*?\s*[:：]\s*(.+)$/im;

export function stripSubjectPrefixes(subject: string): string {
  let result = subject.trim();
  for (let guard = 0; guard < 20 && PREFIX.test(result); guard += 1) result = result.replace(PREFIX, '');
  return result.trim();
}

export function findTicketNumberInSubject(subject: string): number | null {
  const match = /\[#(\d{1,10})\]/.exec(subject);
  return match ? Number(match[1]) : null;
}

function parseAddress(text: string): { address: string; name: string | null } | null {
  const angle = /^(.*?)<\s*([^<>\s@]+@[^<>\s]+)\s*>/.exec(text);
  if (angle) {
    const name = angle[1].replace(/["']/g, '').trim();
    return { address: angle[2].toLowerCase(), name: name || null };
  }
  // "Name [mailto:x@y]" (Outlook) or a bare address.
  const bare = /([^\s<>"'[\]:]+@[^\s<>"'[\]]+\.[a-z]{2,})/i.exec(text);
  if (!bare) return null;
  const name = text.slice(0, bare.index).replace(/\[mailto:?$|["'[\]]/gi, '').trim();
  return { address: bare[1].toLowerCase(), name: name || null };
}

/** The original sender of a forwarded mail, or null when the mail is not a forward. */
export function findForwardedSender(mail: ParsedMail): { address: string; name: string | null } | null {
  const isForward = FORWARD_PREFIX.test(mail.subject) || FORWARD_MARKERS.test(mail.text);
  if (!isForward) return null;
  const marker = FORWARD_MARKERS.exec(mail.text);
  const block = marker ? mail.text.slice(marker.index) : mail.text;
  const from = FROM_LINE.exec(block);
  if (from) {
    const sender = parseAddress(from[2]);
    if (sender && sender.address !== mail.from?.address.toLowerCase()) return sender;
  }
  return null;
}
