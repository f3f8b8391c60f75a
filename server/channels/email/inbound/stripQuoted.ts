/**
 * Step 3: the text agents read. Quoted history (the earlier conversation the customer's client
 * pasted below the reply), signatures and mobile footers are removed; the caller keeps the full
 * text beside it. When in doubt a line stays: hiding what a customer wrote is worse than showing
 * an old quote.
 */

/** A reply header on one line: everything from here down is the old conversation. */
const REPLY_HEADERS: RegExp[] = [
  // "-----Original Message-----", QQ Mail's "------------------ 原始邮件 ------------------".
  // Forwarded-message markers are not here: in a forward, the forwarded mail is the content.
  /^-{2,}\s*(original message|原始邮件|原始郵件|邮件原件|ursprüngliche nachricht|message d'origine|mensaje original|元のメッセージ)\s*-{2,}\s*$/i,
  // "On Tue, 24 Nov 2026 at 09:00, Name <x@y> wrote:" (Gmail, Apple Mail, Thunderbird, Yahoo).
  /^on\b.{0,200}\d.{0,200}\bwrote\s?:\s*$/i,
  // "在 2026年11月24日 10:00，客服 <s@x> 写道：" (Apple Mail, Foxmail, NetEase in Chinese).
  /^在\s?.{0,160}(写道|寫道)\s?[:：]\s*$/,
  // Gmail in Chinese: "客服 <s@x> 于2026年11月24日周二 10:00写道：".
  /^.{0,160}于\s?\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日.{0,80}(写道|寫道)\s?[:：]\s*$/,
  /^\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?.{0,160}(写道|寫道|wrote)\s?[:：]\s*$/i,
  // Japanese: "山田さんは書きました:", "2026年11月23日(月) 10:00 山田 <y@x>:".
  /^.{0,160}さんは書きました\s?[:：]\s*$/,
  /^.{0,160}\d{4}年\d{1,2}月\d{1,2}日.{0,80}(書きました|のメッセージ)\s?[:：]\s*$/,
  /^\d{4}[年/.-]\d{1,2}[月/.-]\d{1,2}.{0,160}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/,
  /^am .{0,160}\d.{0,160} schrieb .{0,160}:\s*$/i,
  /^le .{0,160}\d.{0,160} a écrit\s?:\s*$/i,
  /^el .{0,160}\d.{0,160} escribió\s?:\s*$/i,
];

/**
 * Outlook's header block: "From:" then "Sent:"/"Date:" then "To:"/"Subject:" within a few lines,
 * in the client's language. "From:" alone starts ordinary sentences and shipping details.
 */
const BLOCK_FROM = /^\*?(from|发件人|寄件者|寄件人|差出人|von|de|da)\*?\s*[:：]/i;
const BLOCK_SENT = /^\*?(sent|date|发送时间|發送時間|寄件日期|日期|時間|送信日時|gesendet|datum|envoyé|enviado|inviato|data)\*?\s*[:：]/i;
const BLOCK_OTHER = /^\*?(to|cc|subject|收件人|收件者|抄送|主题|主題|主旨|宛先|件名|an|betreff|à|a|objet|para|asunto|oggetto)\*?\s*[:：]/i;
/** The rule Outlook draws above its header block. */
const OUTLOOK_RULE = /^_{10,}\s*$/;

/**
 * Mobile mail apps' default footers ("Sent from my iPhone", "发自我的iPhone", "从我的 iPhone 发送",
 * "发自网易邮箱大师"). Only device and app names: "sent from my home address" is the customer's.
 */
const DEVICE = String.raw`(iphone|ipad|ipod|android[\w ]{0,15}|mobile( device| phone)?|(smart)?phone|blackberry|windows phone|samsung[\w -]{0,25}|galaxy[\w -]{0,20}|huawei[\w -]{0,20}|honor[\w -]{0,20}|xiaomi[\w -]{0,20}|redmi[\w -]{0,20}|oppo[\w -]{0,20}|vivo[\w -]{0,20}|pixel[\w -]{0,10}|手机|移动设备|.{1,8}手机|华为.{0,12}|荣耀.{0,12}|小米.{0,12}|红米.{0,12}|一加.{0,12}|魅族.{0,12})`;
const MOBILE_FOOTER = new RegExp(
  String.raw`^(sent from my ${DEVICE}|sent from (outlook|mail|yahoo mail|gmail) (for|on) [\w ]{2,20}|get outlook for (ios|android)|` +
    String.raw`(发自|来自|來自|寄自)我的\s?${DEVICE}|从我的\s?${DEVICE}\s?发送|發自我的\s?${DEVICE}|` +
    String.raw`(发自|来自)(网易邮箱大师|网易邮箱|qq邮箱|qq 邮箱|foxmail|钉钉|企业微信|阿里邮箱|outlook)[\w ]{0,20}|${DEVICE}から送信)[.。]?\s*$`,
  'i',
);

const isQuote = (line: string) => line.trimStart().startsWith('>');
const isSignatureMark = (line: string) => line.trim() === '--';

function matchesHeader(line: string): boolean {
  return REPLY_HEADERS.some((pattern) => pattern.test(line));
}

function isOutlookBlock(lines: string[], start: number): boolean {
  if (!BLOCK_FROM.test(lines[start]?.trim() ?? '')) return false;
  const next = lines.slice(start + 1, start + 6).map((line) => line.trim());
  return next.some((line) => BLOCK_SENT.test(line)) && next.some((line) => BLOCK_OTHER.test(line));
}

/** The index of the first line of quoted history, signature or footer; lines.length for none. */
function cutIndex(lines: string[]): number {
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].trim();
    if (isQuote(line)) {
      // A quote block is history when nothing but a signature or footer follows it; quotes with
      // answers between them (inline replies) stay, the answers need them.
      let end = i;
      while (end < lines.length && (isQuote(lines[end]) || !lines[end].trim())) end += 1;
      if (end === lines.length || isSignatureMark(lines[end]) || MOBILE_FOOTER.test(lines[end].trim())) return i;
      i = end - 1;
      continue;
    }
    if (isSignatureMark(line) || MOBILE_FOOTER.test(line)) return i;
    if (matchesHeader(line)) return i;
    if (isOutlookBlock(lines, i)) return i;
    if (OUTLOOK_RULE.test(line) && lines.slice(i + 1, i + 3).some((_, k) => isOutlookBlock(lines, i + 1 + k))) return i;
    // A long header wrapped over two lines ("On …, Name" / "<x@y> wrote:"). Only when neither
    // line is a header alone, so the customer's last line before a header is never taken with it.
    const next = lines[i + 1]?.trim();
    if (next && line.length < 200 && !matchesHeader(next) && matchesHeader(`${line} ${next}`)) return i;
  }
  return lines.length;
}

export function stripQuotedText(text: string): { visible: string; stripped: boolean } {
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines = normalized.split('\n');
  const visible = lines
    .slice(0, cutIndex(lines))
    .join('\n')
    .replace(/^(\s*\n)+/, '')
    .replace(/\s+$/, '');
  // Never hide everything: a mail that is all quote (or all signature) is shown whole.
  if (!visible.trim()) return { visible: normalized.replace(/^(\s*\n)+/, '').replace(/\s+$/, ''), stripped: false };
  return { visible, stripped: visible !== normalized.replace(/^(\s*\n)+/, '').replace(/\s+$/, '') };
}
