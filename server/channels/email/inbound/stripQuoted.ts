/**
 * Step 3: the text agents read. Quoted history (the earlier conversation the customer's client
 * pasted below the reply) and signatures are removed; the full text is kept beside it.
 */

/** Lines that start the quoted history: everything from here down is the old conversation. */
const REPLY_HEADERS: RegExp[] = [
  /^-{2,}\s*(original message|original|forwarded message|原始邮件|原始郵件|转发的邮件|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above "From: … Sent: …"
  /^(from|发件人|寄件者|von|de)\s*[:：].+$/i, // only counted when followed by a Sent/Date line, see below
  /^on\b.{0,200}\bwrote:\s*$/i,
  /^在\s?.{0,120}(写道|寫道)[:：]\s*$/,
  /^.{0,120}于\s?\d{4}年\d{1,2}月\d{1,2}日.{0,80}(写道|寫道)[:：]\s*$/,
  /^\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?.{0,120}(写道|寫道|wrote)[:：]\s*$/i,
  /^.{0,120}さんは書きました[:：]\s*$/,
  /^.{0,160}\d{4}年\d{1,2}月\d{1,2}日.{0,60}(書きました|のメッセージ)[:：]\s*$/,
  // Thunderbird and Japanese clients: "2026年11月23日(月) 10:00 Name <a@b>:" or "2026/11/23 10:00, Name <a@b>:".
  /^\d{4}[年/.-]\d{1,2}[月/.-]\d{1,2}.{0,120}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/,
  /^am .{0,160} schrieb .{0,120}:\s*$/i,
  /^le .{0,160} a écrit\s?:\s*$/i,
  /^el .{0,160} escribió:\s*$/i,
];
const SENT_LINE = /^(sent|date|发送时间|時間|日期|gesendet|envoyé|enviado)\s*[:：]/i;
const MOBILE_FOOTERS = /^(sent from my (iphone|ipad|android|mobile|phone|samsung.*)|sent from (outlook|mail) for (ios|android|windows)|get outlook for (ios|android)|发自我的\s?(iphone|ipad|手机|小米手机|华为手机)|从我的\s?(iphone|ipad)\s?发送|來自我的\s?iphone|iphoneから送信)\s*$/i;

function cutIndex(lines: string[]): number {
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].trim();
    if (line.startsWith('>')) {
      // A quote block at the end (or followed only by more quotes/blank lines) is history.
      if (lines.slice(i).every((l) => !l.trim() || l.trim().startsWith('>'))) return i;
      continue;
    }
    if (line === '-- ' || lines[i] === '-- ' || line === '--') return i;
    if (MOBILE_FOOTERS.test(line)) return i;
    for (const [index, pattern] of REPLY_HEADERS.entries()) {
      if (!pattern.test(line)) continue;
      // "From: …" alone is a normal sentence start; as a reply header it comes with a Sent/Date line.
      if (index === 2 && !lines.slice(i + 1, i + 4).some((l) => SENT_LINE.test(l.trim()))) continue;
      return i;
    }
    // "On Tue, 24 Nov 2026 at 09:00, Name <x@y>" + "wrote:" split over two lines.
    if (/^on\b/i.test(line) && i + 1 < lines.length && /^\S*.{0,120}wrote:\s*$/i.test(lines[i + 1].trim()) && line.length < 200) return i;
  }
  return lines.length;
}

export function stripQuotedText(text: string): { visible: string; stripped: boolean } {
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines = normalized.split('\n');
  const cut = cutIndex(lines);
  const visible = lines.slice(0, cut).join('\n').replace(/\s+$/, '').replace(/^\s*\n/, '');
  // Never hide everything: a mail that is all quote (or all signature) is shown whole.
  if (!visible.trim()) return { visible: normalized.trim(), stripped: false };
  return { visible, stripped: visible !== normalized.trim() };
}
