/** Subject prefixes, `[#number]` tags, and the original sender of forwarded mail (inline and attached). */
import { expect } from 'chai';
import MailComposer from 'nodemailer/lib/mail-composer';
import { findForwardedSender, findTicketNumberInSubject, stripSubjectPrefixes } from '../../../server/channels/email/inbound/forwarded';
import { parseMail } from '../../../server/channels/email/inbound/parse';

/** A mail from an agent (the forwarder) with a UTF-8 subject and plain-text body. */
async function forwardedBy(subject: string, body: string, from = 'Agent Smith <agent@shop.test>') {
  return parseMail(Buffer.from([`From: ${from}`, 'To: support@shop.test', `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body].join('\r\n')));
}

describe('stripSubjectPrefixes', () => {
  const cases: Array<[string, string]> = [
    ['Re: RE: Fwd: 回复: 转发：AW: WG: SV: Order 7', 'Order 7'],
    ['Re[2]: Order', 'Order'],
    ['RE：订单没到', '订单没到'],
    ['Fw:Fwd:re:Order', 'Order'],
    ['答复: 回覆：轉寄: TR: Commande', 'Commande'],
    ['Fwd : Re :  Spaced out', 'Spaced out'],
    ['Re: Order late [#10042]', 'Order late [#10042]'],
    ['Order Re: 7', 'Order Re: 7'],
    ['Reorder: parts', 'Reorder: parts'],
    ['Research: results', 'Research: results'],
    ['Trade: offer', 'Trade: offer'],
    ['Re: ', ''],
    ['  Plain subject  ', 'Plain subject'],
  ];
  for (const [subject, expected] of cases) {
    it(`"${subject}" → "${expected}"`, () => {
      expect(stripSubjectPrefixes(subject)).to.equal(expected);
    });
  }
});

describe('findTicketNumberInSubject', () => {
  it('reads the number of a [#12345] tag and nothing else', () => {
    expect(findTicketNumberInSubject('Re: Order late [#10042]')).to.equal(10042);
    expect(findTicketNumberInSubject('[#7] first [#8] second')).to.equal(7);
    expect(findTicketNumberInSubject('回复: 订单 [#20001]')).to.equal(20001);
    for (const subject of ['Order #10042', 'Order [10042]', '[#abc]', '[# 12]', '']) expect(findTicketNumberInSubject(subject), subject).to.equal(null);
  });
});

describe('findForwardedSender', () => {
  const cases: Array<[string, string, string, { address: string; name: string | null }]> = [
    ['Gmail', 'Fwd: Refund', 'FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Carol Client <Carol@Customer.test>\nDate: Tue, Nov 24, 2026 at 9:00 AM\nSubject: Refund\nTo: <agent@shop.test>\n\nI want a refund.', { address: 'carol@customer.test', name: 'Carol Client' }],
    ['Outlook', 'FW: Refund', 'Please handle.\n\n________________________________\nFrom: Dan Buyer [mailto:dan@customer.test]\nSent: Tuesday, November 24, 2026 9:00 AM\nTo: Agent\nSubject: Refund', { address: 'dan@customer.test', name: 'Dan Buyer' }],
    ['old Outlook', 'FW: Refund', '-----Original Message-----\nFrom: dan@customer.test [mailto:dan@customer.test]\nSent: Tuesday', { address: 'dan@customer.test', name: null }],
    ['Apple Mail', 'Fwd: Broken', 'Begin forwarded message:\n\nFrom: Eve <eve@customer.test>\nSubject: Broken\nDate: 24 November 2026 at 09:00:00 CET', { address: 'eve@customer.test', name: 'Eve' }],
    ['QQ Mail', '转发：退款', '\n------------------ 原始邮件 ------------------\n发件人: "王芳"<wang@customer.test>;\n发送时间: 2026年11月24日(星期二) 上午9:00\n收件人: "客服"<agent@shop.test>;', { address: 'wang@customer.test', name: '王芳' }],
    ['NetEase', 'Fw:退款', '-------- 转发邮件信息 --------\n发件人："李娜" <lina@customer.test>\n发送日期：2026-11-24 09:00:00', { address: 'lina@customer.test', name: '李娜' }],
    ['Outlook in Traditional Chinese', '轉寄: 退貨', '寄件者: 陳美玲 <chen@customer.test>\n寄件日期: 2026年11月24日 上午 09:00', { address: 'chen@customer.test', name: '陳美玲' }],
    ['Outlook in German', 'WG: Bestellung', 'Von: Hans Meier <hans@customer.test>\nGesendet: Dienstag, 24. November 2026 09:00', { address: 'hans@customer.test', name: 'Hans Meier' }],
    ['Outlook in French', 'TR: Commande', 'De : Marie Curie <marie@customer.test>\nEnvoyé : mardi 24 novembre 2026 09:00', { address: 'marie@customer.test', name: 'Marie Curie' }],
    // A forward marker in the body is enough, whatever the subject says.
    ['a body-only Gmail forward', 'Customer question', 'See below\n\n---------- Forwarded message ---------\nFrom: Frank <frank@customer.test>', { address: 'frank@customer.test', name: 'Frank' }],
  ];
  for (const [client, subject, body, sender] of cases) {
    it(`finds the original sender in a ${client} forward`, async () => {
      expect(findForwardedSender(await forwardedBy(subject, body))).to.deep.equal(sender);
    });
  }

  it('skips From lines naming the forwarder and uses the first that names someone else', async () => {
    const body = 'From: Agent Smith <agent@shop.test>\nSent: Monday\n\nFrom: Grace <grace@customer.test>\nSent: Sunday';
    expect(findForwardedSender(await forwardedBy('Fwd: Chain', body))).to.deep.equal({ address: 'grace@customer.test', name: 'Grace' });
  });

  it('reads the sender of a message attached as message/rfc822 (Outlook "forward as attachment")', async () => {
    const original = await new MailComposer({ from: '李娜 <lina@customer.test>', to: 'agent@shop.test', subject: '退款', text: '请退款' }).compile().build();
    const forward = (contentDisposition: 'attachment' | 'inline') =>
      new MailComposer({
        from: 'Agent Smith <agent@shop.test>',
        to: 'support@shop.test',
        subject: 'FW: 退款',
        text: 'See the attached mail.',
        attachments: [{ filename: 'original.eml', content: original, contentType: 'message/rfc822', contentDisposition }],
      })
        .compile()
        .build();
    // As an attachment: read from the attached message's own From header.
    const attached = await parseMail(await forward('attachment'));
    expect(attached.attachments.map((a) => a.contentType)).to.deep.equal(['message/rfc822']);
    expect(attached.text).to.equal('See the attached mail.');
    expect(findForwardedSender(attached)).to.deep.equal({ address: 'lina@customer.test', name: '李娜' });
    // Inline: mailparser renders the attached message's headers into the text; found there.
    const inline = await parseMail(await forward('inline'));
    expect(inline.attachments).to.deep.equal([]);
    expect(findForwardedSender(inline)).to.deep.equal({ address: 'lina@customer.test', name: '李娜' });
  });

  it('returns null for mail that is no forward, a reply quoting us, or a forward naming nobody', async () => {
    expect(findForwardedSender(await forwardedBy('Refund', 'No forward here.\nFrom: nobody@customer.test\nSent: Monday'))).to.equal(null);
    // In a reply, Outlook's quoted block names the help desk: that is no new customer.
    expect(findForwardedSender(await forwardedBy('RE: Order [#10042]', 'Thanks\n\n-----Original Message-----\nFrom: Support <support@shop.test>\nSent: Monday', 'Carol <carol@customer.test>'))).to.equal(null);
    expect(findForwardedSender(await forwardedBy('Fwd: Note', 'From: the customer, by phone'))).to.equal(null);
  });
});
