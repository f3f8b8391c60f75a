/** The pipeline's pure steps, each on its own: parse (charsets), classify, strip quoted text, subjects and forwards. */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { classifyMail } from '../../../server/channels/email/inbound/classify';
import { findForwardedSender, findTicketNumberInSubject, stripSubjectPrefixes } from '../../../server/channels/email/inbound/forwarded';
import { MailParseError, parseMail, type ParsedMail } from '../../../server/channels/email/inbound/parse';
import { stripQuotedText } from '../../../server/channels/email/inbound/stripQuoted';
import { charsetBodies } from '../../helpers/mailCorpus';

/** Lines joined with CRLF; 'latin1' keeps pre-encoded bytes (in a string) as they are. */
const mail = (lines: string[], encoding: BufferEncoding = 'utf8') => Buffer.from(lines.join('\r\n'), encoding);

describe('email pipeline: parse', () => {
  for (const { charset, text, encode } of charsetBodies) {
    it(`decodes a ${charset} body and an RFC 2047 ${charset} subject`, async () => {
      const bytes = encode(text);
      const parsed = await parseMail(
        mail([
          'From: a@customer.test',
          `Subject: =?${charset}?B?${bytes.toString('base64')}?=`,
          `Content-Type: text/plain; charset="${charset}"`,
          'Content-Transfer-Encoding: base64',
          '',
          bytes.toString('base64'),
        ]),
      );
      expect(parsed.subject).to.equal(text);
      expect(parsed.text).to.equal(text);
    });
  }

  it('decodes GBK/GB18030-only characters in mail labelled GB2312', async () => {
    // 镕 and 喆 are outside GB2312 but common in names; clients still label such mail gb2312.
    const text = '朱镕基 陶喆 的订单';
    const bytes = iconv.encode(text, 'gb18030');
    const parsed = await parseMail(mail(['From: a@customer.test', `Subject: =?GB2312?B?${bytes.toString('base64')}?=`, 'Content-Type: text/plain; charset=GB2312', 'Content-Transfer-Encoding: 8bit', '', bytes.toString('latin1')], 'latin1'));
    expect(parsed.subject).to.equal(text);
    expect(parsed.text).to.equal(text);
  });

  it('decodes quoted-printable encoded words split over folded header lines, and display names', async () => {
    const parsed = await parseMail(
      mail([
        'From: =?UTF-8?B?5byg5Lyf?= <zhang@customer.test>',
        'Subject: =?UTF-8?Q?=E8=AE=A2=E5=8D=95?=',
        ' =?UTF-8?Q?=E5=B7=B2=E5=8F=96=E6=B6=88?=',
        '',
        'body',
      ]),
    );
    expect(parsed.subject).to.equal('订单已取消');
    expect(parsed.from).to.deep.equal({ address: 'zhang@customer.test', name: '张伟' });
  });

  it('reads mail with CR-only and LF-only line endings', async () => {
    for (const eol of ['\r', '\n']) {
      const parsed = await parseMail(Buffer.from(['From: mac@customer.test', 'Subject: Old Mac', 'Message-ID: <mac@customer.test>', '', 'Line one', 'Line two'].join(eol)));
      expect(parsed.subject).to.equal('Old Mac');
      expect(parsed.messageId).to.equal('<mac@customer.test>');
      expect(parsed.text).to.equal('Line one\nLine two');
    }
  });

  it('survives an unknown charset label without throwing', async () => {
    const parsed = await parseMail(mail(['From: a@customer.test', 'Subject: =?x-unknown?B?SGVsbG8=?=', 'Content-Type: text/plain; charset=x-made-up', '', 'Plain ASCII body']));
    expect(parsed.text).to.equal('Plain ASCII body');
  });

  it('refuses input that is not a mail with a clear reason', async () => {
    for (const input of [Buffer.alloc(0), Buffer.from([0, 1, 2, 3, 255]), Buffer.from('just some words without headers')]) {
      let error: unknown;
      try {
        await parseMail(input);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(MailParseError);
      expect((error as MailParseError).reason).to.match(/empty|headers/);
    }
  });

  it('lists In-Reply-To and References ids, attachments and inline images', async () => {
    const parsed = await parseMail(
      mail([
        'From: a@customer.test',
        'In-Reply-To: <one@x.test>',
        'References: <zero@x.test> <one@x.test>',
        'Content-Type: multipart/related; boundary="b"',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Look <img src="cid:pic"></p>',
        '--b',
        'Content-Type: image/png',
        'Content-ID: <pic>',
        'Content-Disposition: inline; filename="pic.png"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('PNGDATA').toString('base64'),
        '--b--',
      ]),
    );
    expect(parsed.inReplyTo).to.deep.equal(['<one@x.test>']);
    expect(parsed.references).to.deep.equal(['<zero@x.test>', '<one@x.test>']);
    expect(parsed.attachments).to.have.length(1);
    expect(parsed.attachments[0]).to.include({ filename: 'pic.png', contentType: 'image/png', inline: true, contentId: '<pic>' });
    expect(parsed.html).to.contain('cid:pic');
  });
});

describe('email pipeline: classify', () => {
  const parsed = async (headers: string[], body = 'text') => parseMail(mail([...headers, '', body]));

  it('recognises bounces: DSN reports, MAILER-DAEMON, empty Return-Path with a failure subject', async () => {
    expect((await parsed(['From: someone@x.test', 'Content-Type: multipart/report; report-type=delivery-status; boundary="z"'], '--z\r\n\r\nfailed\r\n--z--'))).to.satisfy((m: ParsedMail) => classifyMail(m).kind === 'bounce');
    expect(classifyMail(await parsed(['From: MAILER-DAEMON@mx.test', 'Subject: Undelivered Mail'])).kind).to.equal('bounce');
    expect(classifyMail(await parsed(['From: "Mail Delivery System" <>', 'Subject: failure'])).kind).to.equal('bounce');
    expect(classifyMail(await parsed(['Return-Path: <>', 'From: mx@x.test', 'Subject: Delivery Status Notification (Failure)'])).kind).to.equal('bounce');
    expect(classifyMail(await parsed(['From: mx@x.test', 'Subject: 系统退信'])).kind).to.equal('normal');
  });

  it('recognises automatic replies by header and by subject, in several languages', async () => {
    const cases: string[][] = [
      ['From: a@x.test', 'Auto-Submitted: auto-replied'],
      ['From: a@x.test', 'X-Auto-Response-Suppress: All'],
      ['From: a@x.test', 'X-Autoreply: yes'],
      ['From: a@x.test', 'X-Loop: support@shop.test'],
      ['From: a@x.test', 'Subject: Automatic reply: your order'],
      ['From: a@x.test', 'Subject: Out of Office: back Monday'],
      ['From: a@x.test', `Subject: =?UTF-8?B?${Buffer.from('自动回复: 我正在休假').toString('base64')}?=`],
      ['From: a@x.test', `Subject: =?UTF-8?B?${Buffer.from('不在のお知らせ').toString('base64')}?=`],
      ['From: a@x.test', 'Subject: Abwesenheitsnotiz'],
    ];
    for (const headers of cases) expect(classifyMail(await parsed(headers)).kind, headers.join(' | ')).to.equal('auto-reply');
    expect(classifyMail(await parsed(['From: a@x.test', 'Auto-Submitted: no'])).kind).to.equal('normal');
  });

  it('recognises bulk and list mail, and leaves a person’s mail normal', async () => {
    expect(classifyMail(await parsed(['From: news@x.test', 'Precedence: bulk'])).kind).to.equal('bulk');
    expect(classifyMail(await parsed(['From: list@x.test', 'List-Id: <shop.lists.x.test>'])).kind).to.equal('bulk');
    const person = classifyMail(await parsed(['From: a@x.test', 'Subject: Where is my order?']));
    expect(person).to.deep.equal({ kind: 'normal', reasons: [] });
  });
});

describe('email pipeline: quoted history and signatures', () => {
  const cases: Array<[string, string]> = [
    ['Thanks!\n\nOn Mon, Nov 23, 2026 at 10:00 AM Support <s@shop.test> wrote:\n> old text', 'Thanks!'],
    ['Thanks!\n\nOn Mon, Nov 23, 2026 at 10:00 AM Support\n<s@shop.test> wrote:\n> old text', 'Thanks!'],
    ['好的，谢谢。\n\n在 2026年11月23日 10:00，客服 <s@shop.test> 写道：\n> 原文', '好的，谢谢。'],
    ['收到\n\n客服 <s@shop.test> 于2026年11月23日周一 10:00写道：\n> 原文', '收到'],
    ['收到\n\n------------------ 原始邮件 ------------------\n发件人: "客服"<s@shop.test>\n发送时间: 2026年11月23日\n主题: 订单', '收到'],
    ['OK\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nSubject: x', 'OK'],
    ['OK\n\n________________________________\nFrom: Support <s@shop.test>\nSent: Monday, November 23, 2026\nTo: me', 'OK'],
    ['See you\n-- \nJohn Smith\nACME Ltd', 'See you'],
    ['Done\n\nSent from my iPhone', 'Done'],
    ['好的\n\n发自我的iPhone', '好的'],
    ['了解です\n\n2026年11月23日(月) 10:00 Support <s@shop.test>:\n\n山田さんは書きました:\n> 元', '了解です'],
  ];
  for (const [input, visible] of cases) {
    it(`shows "${visible}" of ${JSON.stringify(input.slice(0, 40))}…`, () => {
      expect(stripQuotedText(input)).to.deep.equal({ visible, stripped: true });
    });
  }

  it('keeps inline answers between quotes, a plain mail whole, and never returns nothing', () => {
    const interleaved = '> Which size?\nL please\n> Which colour?\nBlue';
    expect(stripQuotedText(interleaved).visible).to.equal(interleaved);
    expect(stripQuotedText('From: my side, the order is fine.\nRegards')).to.deep.equal({ visible: 'From: my side, the order is fine.\nRegards', stripped: false });
    expect(stripQuotedText('> only a quote')).to.deep.equal({ visible: '> only a quote', stripped: false });
  });
});

describe('email pipeline: subjects and forwarded mail', () => {
  it('strips reply and forward prefixes in many languages and finds [#number]', () => {
    expect(stripSubjectPrefixes('Re: RE: Fwd: 回复: 转发：AW: WG: Order 7')).to.equal('Order 7');
    expect(stripSubjectPrefixes('Re[2]: Order')).to.equal('Order');
    expect(findTicketNumberInSubject('Re: Order late [#10042]')).to.equal(10042);
    expect(findTicketNumberInSubject('Order #10042')).to.equal(null);
  });

  it('finds the original sender of a forwarded mail (Gmail, Outlook, Chinese clients)', async () => {
    const forwarded = async (subject: string, body: string) => findForwardedSender(await parseMail(mail(['From: agent@shop.test', `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`, 'Content-Type: text/plain; charset=utf-8', '', body])));
    expect(await forwarded('Fwd: Refund', 'FYI\n\n---------- Forwarded message ---------\nFrom: Carol Client <carol@customer.test>\nDate: Mon\n\nHi')).to.deep.equal({ address: 'carol@customer.test', name: 'Carol Client' });
    expect(await forwarded('FW: Refund', '\n________________________________\nFrom: Dan [mailto:dan@customer.test]\nSent: Monday')).to.deep.equal({ address: 'dan@customer.test', name: 'Dan' });
    expect(await forwarded('转发：退款', '\n------------------ 原始邮件 ------------------\n发件人: "王芳"<wang@customer.test>;\n发送时间: 2026年11月23日')).to.deep.equal({ address: 'wang@customer.test', name: '王芳' });
    expect(await forwarded('Refund', 'No forward here. From: nobody')).to.equal(null);
  });
});
