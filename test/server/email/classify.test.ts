/**
 * classifyMail on mails shaped like the real thing (DSNs, Exchange/Gmail/QQ auto-replies, lists),
 * on people's mail that only looks automatic, and on sisimai's corpus of bounces when the shared
 * mail folder is beside the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { classifyMail, isAutomatic, type Classification, type MailKind } from '../../../server/channels/email/inbound/classify';
import { parseMail } from '../../../server/channels/email/inbound/parse';

const CRLF = '\r\n';
const utf8Word = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

async function classify(headers: string[], body = 'Hello', options?: Parameters<typeof classifyMail>[1]): Promise<Classification> {
  return classifyMail(await parseMail(Buffer.from([...headers, '', body].join(CRLF))), options);
}

async function kindOf(headers: string[], body?: string): Promise<MailKind> {
  return (await classify(headers, body)).kind;
}

const PERSON = ['From: Carol Client <carol@customer.test>', 'To: support@shop.test', 'Message-ID: <c1@customer.test>'];

describe('classifyMail: bounces', () => {
  it('a Postfix DSN (multipart/report; report-type=delivery-status) from MAILER-DAEMON', async () => {
    const result = await classify(
      [
        'Return-Path: <>',
        'From: MAILER-DAEMON@mx.shop.test (Mail Delivery System)',
        'To: support@shop.test',
        'Subject: Undelivered Mail Returned to Sender',
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
      ],
      ['--B1', 'Content-Type: text/plain', '', 'I\'m sorry to have to inform you that your message could not be delivered.', '--B1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.shop.test', '', 'Final-Recipient: rfc822; gone@customer.test', 'Action: failed', 'Status: 5.1.1', '--B1--', ''].join(CRLF),
    );
    expect(result.kind).to.equal('bounce');
    expect(result.reasons).to.include('multipart/report (delivery-status)');
    expect(result.reasons).to.include('sender MAILER-DAEMON@mx.shop.test');
    expect(isAutomatic(result)).to.equal(true);
  });

  it('Gmail’s "Mail Delivery Subsystem", postmaster@, and X-Failed-Recipients', async () => {
    expect(await kindOf(['From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Subject: Delivery Status Notification (Failure)'])).to.equal('bounce');
    expect(await kindOf(['From: postmaster@outlook.test', 'Subject: Undeliverable: Order 42'])).to.equal('bounce');
    expect(await kindOf(['From: "Mail Delivery System" <>', 'Subject: failure'])).to.equal('bounce');
    const exim = await classify(['From: relay@mx.test', 'X-Failed-Recipients: gone@customer.test', 'Subject: Mail delivery failed: returning message to sender']);
    expect(exim).to.deep.equal({ kind: 'bounce', reasons: ['X-Failed-Recipients'] });
  });

  it('the null sender (<>) with a failure subject, in English and Chinese (QQ Mail’s 系统退信)', async () => {
    expect(await classify(['Return-Path: <>', 'From: notifications@mx.test', 'Subject: Delivery Status Notification (Failure)'])).to.deep.equal({ kind: 'bounce', reasons: ['null sender (<>) and a delivery-failure subject'] });
    const gb = iconv.encode('系统退信', 'gb18030').toString('base64');
    expect(await kindOf(['Return-Path: <>', 'From: =?gb18030?B?' + iconv.encode('QQ邮箱', 'gb18030').toString('base64') + '?= <10000@qq.com>', `Subject: =?gb18030?B?${gb}?=`])).to.equal('bounce');
    expect(await kindOf(['From: <>', 'Subject: Delivery Status'])).to.equal('bounce');
  });

  it('ARF abuse complaints (feedback-report) and Amazon SES bounce notifications', async () => {
    const arf = await classify(['From: feedback@arf.mail.example.test', 'Subject: Fw: Order 42', 'Content-Type: multipart/report; report-type=feedback-report; boundary="x"'], '--x\r\n\r\nThis is an abuse report\r\n--x--');
    expect(arf).to.deep.equal({ kind: 'bounce', reasons: ['multipart/report (feedback-report)'] });
    const ses = await classify(['From: no-reply@sns.amazonaws.com', 'Subject: AWS Notification Message'], '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent"}}');
    expect(ses.kind).to.equal('bounce');
  });
});

describe('classifyMail: automatic replies', () => {
  it('Exchange / Outlook out-of-office', async () => {
    const result = await classify([
      'From: Dan Buyer <dan@customer.test>',
      'To: support@shop.test',
      'Subject: Automatic reply: Where is my order? [#10042]',
      'Auto-Submitted: auto-generated',
      'X-Auto-Response-Suppress: All',
      'X-MS-Exchange-Inbox-Rules-Loop: dan@customer.test',
      'Content-Type: text/plain; charset=utf-8',
    ]);
    expect(result).to.deep.equal({ kind: 'auto-reply', reasons: ['Auto-Submitted: auto-generated', 'X-Auto-Response-Suppress: All', 'X-MS-Exchange-Inbox-Rules-Loop', 'auto-reply subject'] });
  });

  it('Gmail’s vacation responder (Auto-Submitted: auto-replied, any subject) wins over its Precedence header', async () => {
    expect(await classify([...PERSON, 'Subject: Back on Monday', 'Auto-Submitted: auto-replied', 'Precedence: bulk'])).to.deep.equal({ kind: 'auto-reply', reasons: ['Auto-Submitted: auto-replied'] });
  });

  it('QQ Mail and NetEase auto-replies, recognised by their subjects alone', async () => {
    const qq = iconv.encode('自动回复: 您的订单问题', 'gb18030').toString('base64');
    expect(await classify(['From: =?gb18030?B?' + iconv.encode('王芳', 'gb18030').toString('base64') + '?= <12345@qq.com>', `Subject: =?gb18030?B?${qq}?=`, 'X-QQ-mid: xmsmtpt123'])).to.deep.equal({ kind: 'auto-reply', reasons: ['auto-reply subject'] });
    expect(await kindOf([...PERSON, `Subject: ${utf8Word('自动答复：我正在休假中')}`])).to.equal('auto-reply');
  });

  for (const subject of ['Out of Office: back Monday', 'Autoreply: Order 42', 'Away from the office until 1 December', 'Abwesenheitsnotiz: Bestellung', 'Automatische Antwort: Bestellung', 'Abwesend bis 1.12.', 'Réponse automatique : commande', 'Absent du bureau', '自動返信: ご注文', '不在のお知らせ', '休假中', '【休假】12月1日回来', '不在办公室', '自動回覆：訂單']) {
    it(`an out-of-office subject: ${subject}`, async () => {
      expect(await kindOf([...PERSON, `Subject: ${utf8Word(subject)}`])).to.equal('auto-reply');
    });
  }

  it('auto-responder headers: X-Autoreply, X-Autorespond, X-Loop, X-Auto-Response-Suppress: OOF, Precedence: auto_reply', async () => {
    for (const header of ['X-Autoreply: yes', 'X-Autorespond: Thanks for your mail', 'X-Loop: helpdesk@vendor.test', 'X-Auto-Response-Suppress: DR, OOF', 'Precedence: auto_reply']) {
      expect(await kindOf([...PERSON, 'Subject: Re: Order', header]), header).to.equal('auto-reply');
    }
  });

  it('a read receipt (disposition-notification), and a null sender with no failure subject', async () => {
    expect(await classify([...PERSON, 'Subject: Read: Order', 'Content-Type: multipart/report; report-type=disposition-notification; boundary="r"'], '--r\r\n\r\nRead\r\n--r--')).to.deep.equal({ kind: 'auto-reply', reasons: ['read receipt (disposition-notification)'] });
    expect(await classify(['Return-Path: <>', 'From: robot@customer.test', 'Subject: Your request'])).to.deep.equal({ kind: 'auto-reply', reasons: ['null sender (<>)'] });
  });
});

describe('classifyMail: bulk', () => {
  it('Precedence: bulk / list / junk, List-Id and List-Unsubscribe', async () => {
    for (const header of ['Precedence: bulk', 'Precedence: list', 'Precedence: junk', 'List-Id: Shop news <news.shop.test>', 'List-Unsubscribe: <mailto:unsubscribe@news.test>']) {
      expect(await kindOf(['From: news@brand.test', 'Subject: Black Friday', header]), header).to.equal('bulk');
    }
  });

  it('a no-reply sender, unless it relays a person named in Reply-To (contact forms)', async () => {
    expect(await classify(['From: Shop <no-reply@marketplace.test>', 'Subject: Your payout'])).to.deep.equal({ kind: 'bulk', reasons: ['no-reply sender no-reply@marketplace.test'] });
    expect(await kindOf(['From: Contact form <noreply@shop.test>', 'Reply-To: Carol <carol@customer.test>', 'Subject: Question from the website'])).to.equal('normal');
  });

  it('ignores list headers that name our own address (support@ as a Google Group)', async () => {
    const group = [...PERSON, 'Subject: Where is my order?', 'List-Id: <support.shop.test>', 'List-Post: <mailto:support@shop.test>', 'Precedence: list', 'Mailing-list: list support@shop.test; contact support+owners@shop.test'];
    expect(await classify(group, 'Hi', { ownAddresses: ['support@shop.test'] })).to.deep.equal({ kind: 'normal', reasons: [] });
    expect((await classify(group)).kind).to.equal('bulk');
  });
});

describe('classifyMail: people’s mail stays normal', () => {
  for (const subject of ['Where is my order?', 'Delivery status of my order', 'Please hold my parcel, I am on vacation', 'Lieferung, während ich abwesend bin', 'Re: Out of office hours support?', '休假期间还发货吗？', '我不在家，快递放哪里了？', 'Re: Returned item – refund?', 'Fwd: Undelivered Mail Returned to Sender']) {
    it(`"${subject}" from a person`, async () => {
      const result = await classify([...PERSON, `Subject: ${utf8Word(subject)}`, 'Auto-Submitted: no', 'Return-Path: <carol@customer.test>']);
      expect(result).to.deep.equal({ kind: 'normal', reasons: [] });
      expect(isAutomatic(result)).to.equal(false);
    });
  }
});

describe('classifyMail: sisimai’s corpus of real bounces and auto-replies', () => {
  const root = path.resolve(import.meta.dirname, '../../../../shared/mail/sisimai/maildir');

  it('classifies all but seven as automatic; the seven are people’s mail or Hotmail’s complaint format', async function () {
    if (!existsSync(root)) this.skip();
    const counts: Record<MailKind, number> = { normal: 0, bounce: 0, 'auto-reply': 0, bulk: 0 };
    const normal: string[] = [];
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.eml'));
    for (const entry of files) {
      const name = path.relative(root, path.join(entry.parentPath, entry.name));
      const { kind } = classifyMail(await parseMail(readFileSync(path.join(root, name))));
      counts[kind] += 1;
      if (kind === 'normal') normal.push(name);
      if (/^rfc3834-/.test(entry.name)) expect(kind, name).to.equal('auto-reply');
    }
    expect(counts).to.deep.equal({ normal: 7, bounce: 809, 'auto-reply': 11, bulk: 5 });
    expect(normal.sort()).to.deep.equal([
      // Hotmail's JMRP complaints: multipart/mixed from staff@hotmail.com, no machine header.
      'bsd/arf-22.eml',
      'bsd/arf-23.eml',
      'bsd/arf-24.eml',
      // A person forwarding a bounce to someone: that is a person's mail.
      'bsd/lhost-sendmail-14.eml',
      'err/make-test-36.eml',
      // sisimai's own "not a bounce" samples.
      'not/is-not-bounce-01.eml',
      'not/is-not-bounce-02.eml',
    ]);
  });
});
