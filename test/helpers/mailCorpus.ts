/**
 * A generated mailbox of every kind of mail the ingester meets: plain and HTML, each charset real
 * mail uses, replies threading onto earlier mails, attachments, auto-replies, bounces, mails
 * sent twice, and mails that must be quarantined. Used by the restart test and the benchmark.
 */
import iconv from 'iconv-lite';

export type CorpusKind = 'new' | 'reply' | 'auto-reply' | 'bounce' | 'duplicate' | 'unprocessable';

export interface CorpusMail {
  raw: Buffer;
  kind: CorpusKind;
  /** The Message-ID (absent for unprocessable mail without one). */
  messageId: string | null;
}

const ISO_2022_JP_KONNICHIWA = Buffer.from([0x1b, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x24, 0x4b, 0x24, 0x41, 0x24, 0x4f, 0x1b, 0x28, 0x42]);

const charsetBodies: Array<{ charset: string; text: string; encode(text: string): Buffer }> = [
  { charset: 'utf-8', text: 'Hello, my order has not arrived. 你好，订单没到。', encode: (t) => Buffer.from(t, 'utf8') },
  { charset: 'gb2312', text: '您好，我的快递三天没有更新了。', encode: (t) => iconv.encode(t, 'gb2312') },
  { charset: 'gbk', text: '请帮我查一下订单，谢谢！', encode: (t) => iconv.encode(t, 'gbk') },
  { charset: 'gb18030', text: '发票抬头写错了，能重开吗？', encode: (t) => iconv.encode(t, 'gb18030') },
  { charset: 'big5', text: '您好，請問退貨要多久？', encode: (t) => iconv.encode(t, 'big5') },
  { charset: 'iso-2022-jp', text: 'こんにちは', encode: () => ISO_2022_JP_KONNICHIWA },
  { charset: 'shift_jis', text: '注文がまだ届きません。', encode: (t) => iconv.encode(t, 'shift_jis') },
  { charset: 'windows-1252', text: 'Café order – “urgent”, €50 refund', encode: (t) => iconv.encode(t, 'windows-1252') },
  { charset: 'iso-8859-2', text: 'Dzień dobry, zamówienie nie dotarło.', encode: (t) => iconv.encode(t, 'iso-8859-2') },
  { charset: 'koi8-r', text: 'Здравствуйте, где мой заказ?', encode: (t) => iconv.encode(t, 'koi8-r') },
];

/** An RFC 2047 encoded-word for a header, in the given charset. */
function encodedWord(text: string, charset: string, bytes: Buffer): string {
  return `=?${charset}?B?${bytes.toString('base64')}?=`;
}

function headers(lines: Record<string, string>): string {
  return Object.entries(lines).map(([k, v]) => `${k}: ${v}`).join('\r\n');
}

function wrap(base64: string): string {
  return base64.replace(/.{1,76}/g, '$&\r\n');
}

export function generateCorpus(count: number, seed = 'run'): CorpusMail[] {
  const mails: CorpusMail[] = [];
  const sent: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const messageId = `<corpus-${seed}-${i}@customer.test>`;
    const from = `customer${i % 97}@customer.test`;
    const date = 'Tue, 24 Nov 2026 08:00:00 +0000';
    const slot = i % 20;
    if (slot === 7 && sent.length) {
      // The same mail delivered twice (a client retry, two recipients): stored once.
      const original = mails.find((m) => m.messageId === sent[(i * 7) % sent.length]) as CorpusMail;
      mails.push({ raw: original.raw, kind: 'duplicate', messageId: original.messageId });
      continue;
    }
    if (slot === 13) {
      mails.push({ raw: Buffer.from(`\u0000\u0001\u0002 not a mail ${i}`), kind: 'unprocessable', messageId: null });
      continue;
    }
    if (slot === 17) {
      const raw = `${headers({ 'Message-ID': messageId, Subject: `No sender ${i}`, Date: date })}\r\n\r\nThere is no From header.\r\n`;
      mails.push({ raw: Buffer.from(raw), kind: 'unprocessable', messageId });
      continue;
    }
    if (slot === 11) {
      const raw = [
        headers({ From: 'MAILER-DAEMON@mx.customer.test', To: 'support@shop.test', Subject: 'Undelivered Mail Returned to Sender', 'Message-ID': messageId, Date: date, 'Return-Path': '<>', 'MIME-Version': '1.0', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"' }),
        '',
        '--b1',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        `Delivery to customer${i}@gone.test failed permanently.`,
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.customer.test',
        '',
        `Final-Recipient: rfc822; customer${i}@gone.test`,
        'Action: failed',
        'Status: 5.1.1',
        '--b1--',
        '',
      ].join('\r\n');
      mails.push({ raw: Buffer.from(raw), kind: 'bounce', messageId });
      sent.push(messageId);
      continue;
    }
    if (slot === 5) {
      const raw = `${headers({ From: from, To: 'support@shop.test', Subject: 'Automatic reply: Out of Office', 'Message-ID': messageId, Date: date, 'Auto-Submitted': 'auto-replied', 'Content-Type': 'text/plain; charset=utf-8' })}\r\n\r\nI am away until Monday.\r\n`;
      mails.push({ raw: Buffer.from(raw), kind: 'auto-reply', messageId });
      sent.push(messageId);
      continue;
    }
    const body = charsetBodies[i % charsetBodies.length];
    const subjectWord = encodedWord(body.text, body.charset, body.encode(body.text));
    const isReply = slot % 3 === 0 && sent.length > 0;
    const parent = isReply ? sent[(i * 13) % sent.length] : null;
    const common: Record<string, string> = {
      From: `${encodedWord('客户', 'utf-8', Buffer.from('客户'))} ${i} <${from}>`,
      To: 'support@shop.test',
      Subject: `${isReply ? 'Re: ' : ''}${subjectWord} #${i}`,
      'Message-ID': messageId,
      Date: date,
      'MIME-Version': '1.0',
      ...(parent ? { 'In-Reply-To': parent, References: parent } : {}),
    };
    let raw: string;
    if (slot === 9) {
      // With an attachment and an HTML part.
      raw = [
        headers({ ...common, 'Content-Type': 'multipart/mixed; boundary="m1"' }),
        '',
        '--m1',
        `Content-Type: text/html; charset=${body.charset}`,
        'Content-Transfer-Encoding: base64',
        '',
        wrap(body.encode(`<p>${body.text}</p>`).toString('base64')),
        '--m1',
        'Content-Type: application/pdf; name="receipt.pdf"',
        'Content-Disposition: attachment; filename="receipt.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        wrap(Buffer.from(`%PDF-1.4 receipt ${i}`).toString('base64')),
        '--m1--',
        '',
      ].join('\r\n');
    } else {
      raw = [headers({ ...common, 'Content-Type': `text/plain; charset=${body.charset}`, 'Content-Transfer-Encoding': 'base64' }), '', wrap(body.encode(body.text).toString('base64'))].join('\r\n');
    }
    mails.push({ raw: Buffer.from(raw, 'latin1'), kind: isReply ? 'reply' : 'new', messageId });
    sent.push(messageId);
  }
  return mails;
}

/** The Message-IDs that must end up stored exactly once as messages. */
export function expectedStoredIds(corpus: CorpusMail[]): Set<string> {
  return new Set(corpus.filter((m) => m.kind !== 'unprocessable' && m.kind !== 'duplicate').map((m) => m.messageId as string));
}

export function expectedQuarantined(corpus: CorpusMail[]): number {
  return corpus.filter((m) => m.kind === 'unprocessable').length;
}

export { charsetBodies };
