/**
 * parseMail: every charset real mail uses, RFC 2047 headers, line endings, attachments, and
 * input that is not a mail. Fixtures are built here, byte by byte, with iconv-lite and
 * encoding-japanese (ISO-2022-JP), so each test states exactly what the sender put on the wire.
 */
import { expect } from 'chai';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import MailComposer from 'nodemailer/lib/mail-composer';
import { decodeCharset, MailParseError, parseMail, type ParsedMail } from '../../../server/channels/email/inbound/parse';

const CRLF = '\r\n';

/** A raw mail: header lines (UTF-8 where not ASCII), a blank line, then the body bytes as they are. */
function rawMail(headers: string[], body: Buffer | string = 'body'): Buffer {
  return Buffer.concat([Buffer.from(headers.join(CRLF) + CRLF + CRLF, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

/** RFC 2047 words: B (base64) or Q (quoted-printable, `_` for space). */
const bWord = (charset: string, bytes: Buffer) => `=?${charset}?B?${bytes.toString('base64')}?=`;
const qWord = (charset: string, bytes: Buffer) => `=?${charset}?Q?${[...bytes].map((b) => (b === 0x20 ? '_' : /[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}?=`;

function jis(text: string): Buffer {
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' }));
}

async function parseError(input: Buffer): Promise<MailParseError> {
  try {
    await parseMail(input);
  } catch (error) {
    if (error instanceof MailParseError) return error;
    throw error;
  }
  throw new Error('parseMail accepted input that is not a mail');
}

interface CharsetCase {
  label: string;
  /** Subject and display name; names may differ (short) to show both decode. */
  subject: string;
  name: string;
  body: string;
  encode(text: string): Buffer;
}

const iconvCase = (label: string, encoding: string, subject: string, name: string, body: string): CharsetCase => ({ label, subject, name, body, encode: (text) => iconv.encode(text, encoding) });

/** One fixture per charset; texts use the characters each charset exists for. */
const CHARSETS: CharsetCase[] = [
  { label: 'UTF-8', subject: '订单 #42 还没到 — naïve café ✓', name: '张伟', body: '你好，订单没到。\nGrüße, ☃ and 😀', encode: (t) => Buffer.from(t, 'utf8') },
  // 镕 and 喆 are GBK-only, 𠀀 is a four-byte GB18030 character: mail labelled GB2312 has them.
  iconvCase('GB2312', 'gb18030', '朱镕基 陶喆 的订单 𠀀', '陶喆', '您好，我的快递三天没有更新了。镕 𠀀'),
  iconvCase('GBK', 'gb18030', '请帮我查一下订单 𠮷', '王芳', '请帮我查一下订单，谢谢！𠮷'),
  iconvCase('GB18030', 'gb18030', '发票抬头写错了，能重开吗？€', '李娜', '发票抬头写错了 𠀀 €'),
  iconvCase('Big5', 'big5', '請問退貨要多久？', '陳美玲', '您好，請問退貨要多久？謝謝。'),
  { label: 'ISO-2022-JP', subject: '注文について①', name: '山田太郎', body: 'こんにちは、注文はまだ届いていません。ｶﾀｶﾅ', encode: jis },
  iconvCase('Shift_JIS', 'shift_jis', '注文がまだ届きません①', '鈴木', '注文がまだ届きません。よろしくお願いします。'),
  iconvCase('EUC-KR', 'euc-kr', '주문이 아직 도착하지 않았습니다', '김민수', '안녕하세요, 주문이 아직 도착하지 않았습니다.'),
  // Outlook's label for Korean; 똠 is only in CP949, the superset Windows really sends.
  iconvCase('ks_c_5601-1987', 'cp949', '주문 똠방각하', '박지은', '주문 확인 부탁드립니다. 똠'),
  iconvCase('windows-1250', 'windows-1250', 'Objednávka č. 42 – „doručení“', 'Jiří Dvořák', 'Dobrý den, objednávka ještě nepřišla. Łódź'),
  iconvCase('windows-1251', 'windows-1251', 'Где мой заказ № 42 — «срочно»', 'Иван Петров', 'Здравствуйте! Заказ так и не пришёл.'),
  iconvCase('windows-1252', 'windows-1252', 'Café order – “urgent”, €50 refund…', 'José Müller', 'Bonjour, où est ma commande ? Œuvre ™'),
  iconvCase('windows-1253', 'windows-1253', 'Πού είναι η παραγγελία μου; €', 'Γιώργος', 'Καλημέρα, η παραγγελία δεν έφτασε.'),
  iconvCase('windows-1254', 'windows-1254', 'Siparişim nerede? Teşekkürler', 'Ayşe Yılmaz', 'Merhaba, ĞğİıŞş – sipariş gelmedi.'),
  iconvCase('windows-1255', 'windows-1255', 'איפה ההזמנה שלי? ₪50', 'דוד', 'שלום, ההזמנה לא הגיעה.'),
  iconvCase('windows-1256', 'windows-1256', 'أين طلبي؟', 'محمد', 'مرحبا، لم يصل طلبي بعد.'),
  iconvCase('windows-1257', 'windows-1257', 'Kur ir mans pasūtījums? „Ačiū“', 'Jānis Bērziņš', 'Labdien, pasūtījums vēl nav saņemts.'),
  // Windows-1258 writes most Vietnamese tone marks as combining characters; these are precomposed.
  iconvCase('windows-1258', 'windows-1258', 'Xin chào, đơn hàng', 'Đào Văn Ân', 'Xin chào, tôi chưa có hàng. ₫ – Ơ ư'),
  iconvCase('ISO-8859-1', 'iso-8859-1', 'Grüße aus Köln, ¿dónde está?', 'Søren Ærø', 'Où est ma commande? Ça va. ½ £ ©'),
  iconvCase('ISO-8859-2', 'iso-8859-2', 'Gdzie jest moje zamówienie?', 'Łukasz Żółć', 'Dzień dobry, zamówienie nie dotarło. Ťť Őő'),
  iconvCase('ISO-8859-3', 'iso-8859-3', 'Ĉu vi ricevis mian mendon?', 'Ĝoĝo', 'Saluton, ĉu ĝi alvenis? Ħħ Ġġ'),
  iconvCase('ISO-8859-4', 'iso-8859-4', 'Kur ir mans pasūtījums?', 'Ģirts', 'Labdien, ŗ ŧ ū ī č - nav saņemts.'),
  iconvCase('ISO-8859-5', 'iso-8859-5', 'Где мой заказ?', 'Ђорђе', 'Здравствуйте, заказ не пришёл. Љ Њ'),
  iconvCase('ISO-8859-6', 'iso-8859-6', 'أين طلبي؟', 'علي', 'مرحبا، لم يصل الطلب.'),
  iconvCase('ISO-8859-7', 'iso-8859-7', 'Πού είναι η παραγγελία μου;', 'Νίκος', 'Καλημέρα, δεν έφτασε ακόμα.'),
  iconvCase('ISO-8859-8', 'iso-8859-8', 'איפה ההזמנה שלי?', 'שרה', 'שלום, ההזמנה לא הגיעה.'),
  iconvCase('ISO-8859-9', 'iso-8859-9', 'Siparişim nerede?', 'Çağrı Işık', 'Merhaba, ĞğİıŞş sipariş gelmedi.'),
  iconvCase('ISO-8859-10', 'iso-8859-10', 'Hvar er pöntunin mín?', 'Þórður Ŋ', 'Góðan dag, pöntunin er ekki komin. ŧ'),
  iconvCase('ISO-8859-11', 'iso-8859-11', 'คำสั่งซื้อของฉันอยู่ที่ไหน', 'สมชาย', 'สวัสดีครับ ยังไม่ได้รับสินค้า'),
  iconvCase('ISO-8859-13', 'iso-8859-13', 'Kur ir mans pasūtījums? „Ačiū“', 'Jānis', 'Labdien, vēl nav saņemts.'),
  iconvCase('ISO-8859-14', 'iso-8859-14', 'Ble mae fy archeb?', 'Ŵyn Ŷ', 'Dia dhuit, ẁ ẃ ŵ - heb gyrraedd.'),
  iconvCase('ISO-8859-15', 'iso-8859-15', 'Prix : 50 €, œuvre', 'Šárka Žák', 'Bonjour, Ÿ œ Œ € - commande perdue.'),
  iconvCase('KOI8-R', 'koi8-r', 'Где мой заказ?', 'Пётр', 'Здравствуйте, заказ не пришёл.'),
];

describe('parseMail: charsets', () => {
  for (const [index, charset] of CHARSETS.entries()) {
    it(`decodes ${charset.label}: RFC 2047 subject and display name, and the body`, async () => {
      for (const text of [charset.subject, charset.name, charset.body]) {
        // The fixture itself must be representable in the charset, or the test proves nothing.
        expect(decodeCharset(charset.encode(text), charset.label), `fixture for ${charset.label}`).to.equal(text);
      }
      const bodyBytes = charset.encode(charset.body.replace(/\n/g, CRLF));
      // Alternate the body's transfer encoding: raw 8-bit for some, base64 for others.
      const base64 = index % 2 === 1;
      const parsed = await parseMail(
        rawMail(
          [
            `From: ${qWord(charset.label, charset.encode(charset.name))} <sender@customer.test>`,
            'To: support@shop.test',
            `Subject: ${bWord(charset.label, charset.encode(charset.subject))}`,
            'MIME-Version: 1.0',
            `Content-Type: text/plain; charset="${charset.label}"`,
            `Content-Transfer-Encoding: ${base64 ? 'base64' : charset.label === 'ISO-2022-JP' ? '7bit' : '8bit'}`,
          ],
          base64 ? Buffer.from(bodyBytes.toString('base64').replace(/.{76}/g, `$&${CRLF}`)) : bodyBytes,
        ),
      );
      expect(parsed.subject).to.equal(charset.subject);
      expect(parsed.from).to.deep.equal({ address: 'sender@customer.test', name: charset.name });
      expect(parsed.text).to.equal(charset.body);
    });
  }

  it('decodes a quoted-printable HTML part in GB2312 holding GB18030-only characters', async () => {
    const html = '<p>订单：陶喆 𠀀</p>';
    const qp = [...iconv.encode(html, 'gb18030')].map((b) => (b >= 0x80 || b === 0x3d ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b))).join('');
    const parsed = await parseMail(rawMail(['From: a@customer.test', 'Subject: html', 'Content-Type: text/html; charset=gb2312', 'Content-Transfer-Encoding: quoted-printable'], qp));
    expect(parsed.html).to.equal(html);
    expect(parsed.text).to.equal('订单：陶喆 𠀀');
  });

  it('reads an unknown charset label as UTF-8 when the bytes are UTF-8, else as Windows-1252, without throwing', async () => {
    const utf8 = await parseMail(rawMail(['From: a@customer.test', `Subject: ${bWord('x-unknown', Buffer.from('你好 café'))}`, 'Content-Type: text/plain; charset=x-made-up', 'Content-Transfer-Encoding: 8bit'], Buffer.from('你好 café')));
    expect(utf8.subject).to.equal('你好 café');
    expect(utf8.text).to.equal('你好 café');
    const latin = await parseMail(rawMail(['From: a@customer.test', `Subject: ${qWord('unknown-8bit', iconv.encode('Grüße', 'latin1'))}`, 'Content-Type: text/plain; charset="bogus"', 'Content-Transfer-Encoding: 8bit'], iconv.encode('Grüße “café”', 'windows-1252')));
    expect(latin.subject).to.equal('Grüße');
    expect(latin.text).to.equal('Grüße “café”');
  });

  it('reads 8-bit EUC-JP labelled ISO-2022-JP (as Japanese carriers send it)', async () => {
    const text = '送信先メールアドレスが見つかりませんでした。';
    const parsed = await parseMail(rawMail(['From: postmaster@carrier.test', 'Subject: error', 'Content-Type: text/plain; charset=iso-2022-jp', 'Content-Transfer-Encoding: 7bit'], iconv.encode(text, 'euc-jp')));
    expect(parsed.text).to.equal(text);
  });

  it('reads legacy text labelled UTF-8, or not labelled, from its bytes (mailparser shows U+FFFD)', async () => {
    const labelled = await parseMail(rawMail(['From: a@customer.test', 'Subject: x', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], iconv.encode('Grüße aus Köln', 'windows-1252')));
    expect(labelled.text).to.equal('Grüße aus Köln');
    // No charset at all, but the subject says GBK: the body is read with that.
    const unlabelled = await parseMail(rawMail(['From: a@customer.test', `Subject: ${bWord('gbk', iconv.encode('退款', 'gbk'))}`, 'Content-Transfer-Encoding: 8bit'], iconv.encode('请尽快退款', 'gbk')));
    expect(unlabelled.text).to.equal('请尽快退款');
    // Valid UTF-8 with one damaged byte stays UTF-8 (one replacement character, not mojibake).
    const damaged = await parseMail(rawMail(['From: a@customer.test', 'Subject: x', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], Buffer.concat([Buffer.from('你好你好你好'), Buffer.from([0xff]), Buffer.from('再见')])));
    expect(damaged.text).to.equal('你好你好你好\uFFFD再见');
  });

  it('decodeCharset never throws, whatever the label', () => {
    const bytes = Buffer.from([0x80, 0xff, 0x00, 0x41]);
    for (const label of ['', 'x-unknown', '"utf-8"', 'utf-7', 'iso-2022-jp', 'gb2312*zh', '???', 'utf-16le']) {
      expect(decodeCharset(bytes, label)).to.be.a('string');
    }
    expect(decodeCharset(Buffer.from('ok'), 'no-such-charset')).to.equal('ok');
  });
});

describe('parseMail: RFC 2047 and raw header text', () => {
  it('joins encoded words split across folded lines, even inside a multi-byte character', async () => {
    const bytes = Buffer.from('订单已取消了吗', 'utf8');
    const parsed = await parseMail(
      rawMail([
        'From: a@customer.test',
        // The split falls inside the second character (UTF-8 is 3 bytes per character here).
        `Subject: ${bWord('UTF-8', bytes.subarray(0, 4))}`,
        `\t${bWord('UTF-8', bytes.subarray(4, 11))}`,
        ` ${bWord('UTF-8', bytes.subarray(11))}`,
        `To: ${qWord('UTF-8', Buffer.from('客服 中心'))}`,
        `  ${qWord('UTF-8', Buffer.from('组'))} <support@shop.test>`,
      ]),
    );
    expect(parsed.subject).to.equal('订单已取消了吗');
    expect(parsed.to).to.deep.equal([{ address: 'support@shop.test', name: '客服 中心组' }]);
  });

  it('decodes a GB2312-labelled subject split in two words with GB18030-only characters', async () => {
    const bytes = iconv.encode('陶喆的订单𠀀到了吗', 'gb18030');
    const parsed = await parseMail(rawMail(['From: a@customer.test', `Subject: ${bWord('gb2312', bytes.subarray(0, 5))}`, ` ${bWord('GB2312', bytes.subarray(5))}`]));
    expect(parsed.subject).to.equal('陶喆的订单𠀀到了吗');
  });

  it('decodes words in quoted display names, mixed charsets, and keeps plain text around words', async () => {
    const parsed = await parseMail(
      rawMail([
        `From: "${bWord('UTF-8', Buffer.from('张伟'))}" <zhang@customer.test>`,
        `Reply-To: ${qWord('iso-8859-1', iconv.encode('Jürgen', 'latin1'))} <j@customer.test>`,
        `Subject: Re: ${qWord('iso-8859-1', iconv.encode('Grüße', 'latin1'))} ${bWord('big5', iconv.encode('謝謝', 'big5'))} [#10042]`,
        `X-Note: ${bWord('utf-8', Buffer.from('备注'))}`,
      ]),
    );
    expect(parsed.from).to.deep.equal({ address: 'zhang@customer.test', name: '张伟' });
    expect(parsed.replyTo).to.deep.equal({ address: 'j@customer.test', name: 'Jürgen' });
    // Whitespace between two encoded words is not text (RFC 2047 §6.2).
    expect(parsed.subject).to.equal('Re: Grüße謝謝 [#10042]');
    expect(parsed.headers.get('x-note')).to.deep.equal(['备注']);
  });

  it('reads unencoded 8-bit headers: UTF-8 as is, legacy bytes in the mail’s charset or Windows-1252', async () => {
    const utf8 = await parseMail(rawMail(['From: 张伟 <zhang@customer.test>', 'Subject: 订单已取消'], 'x'));
    expect(utf8.subject).to.equal('订单已取消');
    expect(utf8.from?.name).to.equal('张伟');
    const gbk = await parseMail(
      Buffer.concat([Buffer.from('From: '), iconv.encode('王芳', 'gbk'), Buffer.from(' <wang@customer.test>\r\nSubject: '), iconv.encode('订单已取消', 'gbk'), Buffer.from('\r\nContent-Type: text/plain; charset=gbk\r\n\r\nx')]),
    );
    expect(gbk.subject).to.equal('订单已取消');
    expect(gbk.from?.name).to.equal('王芳');
    const latin = await parseMail(Buffer.concat([Buffer.from('From: a@customer.test\r\nSubject: '), iconv.encode('Formação Verão', 'latin1'), Buffer.from('\r\n\r\nx')]));
    expect(latin.subject).to.equal('Formação Verão');
  });
});

describe('parseMail: structure', () => {
  const lines = ['From: Mac User <mac@customer.test>', 'Subject: Old Mac', 'Message-ID: <mac@customer.test>', 'Content-Type: multipart/alternative; boundary="alt"', '', '--alt', 'Content-Type: text/plain; charset=utf-8', '', 'Line one', 'Line two', '--alt', 'Content-Type: text/html; charset=utf-8', '', '<p>Line one</p>', '--alt--', ''];

  for (const [name, eol] of [['CRLF', '\r\n'], ['LF-only', '\n'], ['CR-only (classic Mac)', '\r']]) {
    it(`reads a multipart mail with ${name} line endings`, async () => {
      const parsed = await parseMail(Buffer.from(lines.join(eol)));
      expect(parsed.subject).to.equal('Old Mac');
      expect(parsed.from).to.deep.equal({ address: 'mac@customer.test', name: 'Mac User' });
      expect(parsed.messageId).to.equal('<mac@customer.test>');
      expect(parsed.contentType).to.equal('multipart/alternative');
      expect(parsed.text).to.equal('Line one\nLine two');
      expect(parsed.html).to.contain('<p>Line one</p>');
    });
  }

  it('lists attachments with their bytes, and an inline cid image as inline', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake invoice \u0000\u00ff', 'latin1');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]);
    const raw = await new MailComposer({
      from: 'Carol <carol@customer.test>',
      to: 'support@shop.test',
      subject: 'Invoice',
      text: 'See the invoice.',
      html: '<p>See the invoice. <img src="cid:logo@customer.test"></p>',
      attachments: [
        { filename: '发票 2026.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'logo.png', content: png, contentType: 'image/png', cid: 'logo@customer.test' },
      ],
    })
      .compile()
      .build();
    const parsed = await parseMail(raw);
    parsed.attachments.sort((a, b) => a.filename.localeCompare(b.filename));
    expect(parsed.text).to.equal('See the invoice.');
    // keepCidLinks: the HTML still points at the attachment, not at an inlined data: URL.
    expect(parsed.html).to.contain('src="cid:logo@customer.test"');
    expect(parsed.attachments.map((a) => ({ ...a, content: a.content.toString('hex') }))).to.deep.equal([
      { filename: 'logo.png', contentType: 'image/png', size: png.length, content: png.toString('hex'), contentId: '<logo@customer.test>', inline: true },
      { filename: '发票 2026.pdf', contentType: 'application/pdf', size: pdf.length, content: pdf.toString('hex'), contentId: null, inline: false },
    ]);
  });

  it('normalises Message-ID, In-Reply-To and References to <…> ids, and reads the date', async () => {
    const parsed = await parseMail(
      rawMail([
        'From: a@customer.test',
        'Message-ID: bare-id@customer.test',
        'In-Reply-To: <t1.m2.abc@shop.test> (Support\'s message of Mon, 23 Nov 2026)',
        'References: <root@shop.test>',
        '  <t1.m2.abc@shop.test>',
        'Date: Tue, 24 Nov 2026 08:00:00 +0800',
      ]),
    );
    expect(parsed.messageId).to.equal('<bare-id@customer.test>');
    expect(parsed.inReplyTo).to.deep.equal(['<t1.m2.abc@shop.test>']);
    expect(parsed.references).to.deep.equal(['<root@shop.test>', '<t1.m2.abc@shop.test>']);
    expect(parsed.date?.toISOString()).to.equal('2026-11-24T00:00:00.000Z');
    const none = await parseMail(rawMail(['From: a@customer.test', 'Date: not a date']));
    expect(none.messageId).to.equal(null);
    expect(none.date).to.equal(null);
  });

  it('reads a DSN: multipart/report, report-type, the null Return-Path, and headers by lower-cased name', async () => {
    const parsed = await parseMail(
      rawMail(
        [
          'Return-Path: <>',
          'Received: from mx1.example.test by mx2.example.test',
          'Received: from mx0.example.test by mx1.example.test',
          'From: MAILER-DAEMON@mx.example.test (Mail Delivery System)',
          'Subject: Undelivered Mail Returned to Sender',
          'Auto-Submitted: auto-replied',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
        ],
        ['--dsn', 'Content-Type: text/plain', '', 'I could not deliver your message.', '--dsn', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.test', '', 'Final-Recipient: rfc822; gone@example.test', 'Action: failed', 'Status: 5.1.1', '--dsn--', ''].join(CRLF),
      ),
    );
    expect(parsed.contentType).to.equal('multipart/report');
    expect(parsed.reportType).to.equal('delivery-status');
    expect(parsed.returnPath).to.equal('');
    expect(parsed.headers.get('received')).to.have.length(2);
    expect(parsed.headers.get('auto-submitted')).to.deep.equal(['auto-replied']);
    expect(parsed.text).to.contain('I could not deliver your message.');
    expect(parsed.text).to.contain('Status: 5.1.1');
    const normal = await parseMail(rawMail(['Return-Path: <bounce+x@customer.test>', 'From: a@customer.test']));
    expect(normal.returnPath).to.equal('bounce+x@customer.test');
    expect(normal.contentType).to.equal('text/plain');
    expect(normal.reportType).to.equal(null);
  });

  it('accepts an mbox "From " line, a UTF-8 BOM and leading blank lines before the headers', async () => {
    const parsed = await parseMail(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\nFrom a@customer.test Tue Nov 24 08:00:00 2026\nFrom: a@customer.test\nSubject: mbox\n\nbody')]));
    expect(parsed.subject).to.equal('mbox');
    expect(parsed.text).to.equal('body');
  });
});

describe('parseMail: input that is not a mail', () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['empty input', Buffer.alloc(0), /empty/],
    ['only whitespace', Buffer.from(' \r\n\r\n \n'), /empty/],
    ['binary garbage', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x0a, 0x0d, 0x00, 0x13]), /headers|binary/],
    ['a PNG image', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]), /headers/],
    ['plain words with no headers', Buffer.from('just some words\n\nand more words'), /headers/],
    ['header-shaped lines that are no mail headers', Buffer.from('abc: 1\r\nxyz: 2\r\n\r\nbody'), /usual headers/],
    ['binary in the header block', Buffer.from('From: a@b.test\r\nX: \u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\r\n\r\n'), /binary/],
    ['a header block over mailparser’s limit', Buffer.from(`From: a@b.test\r\nSubject: ${'x'.repeat(3_000_000)}\r\n\r\nbody`), /MIME structure/],
  ];
  for (const [name, input, reason] of cases) {
    it(`throws MailParseError with a reason for ${name}`, async () => {
      const error = await parseError(input);
      expect(error.name).to.equal('MailParseError');
      expect(error.reason).to.match(reason);
    });
  }

  it('does not hang on pathological mail (huge line, deep nesting, 50,000 encoded words)', async () => {
    const nested = ['From: a@b.test', ...Array.from({ length: 200 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"${CRLF}${CRLF}--b${i}`), 'Content-Type: text/plain', '', 'deep'].join(CRLF);
    const inputs = [
      Buffer.from(`From: a@b.test\r\nSubject: x\r\n\r\n${'a'.repeat(5_000_000)}`),
      Buffer.from(nested),
      Buffer.from(`From: a@b.test\r\nSubject: ${'=?x-bogus?B?w6k=?= '.repeat(50_000)}\r\n\r\nbody`),
    ];
    const started = Date.now();
    const results: Array<ParsedMail | MailParseError> = [];
    for (const input of inputs) results.push(await parseMail(input).catch((error: unknown) => (error instanceof MailParseError ? error : Promise.reject(error))));
    expect(Date.now() - started).to.be.below(20_000);
    expect((results[0] as ParsedMail).text).to.have.length(5_000_000);
    expect((results[2] as ParsedMail).subject).to.equal('é'.repeat(50_000));
  });
});
