/** stripQuotedText: reply headers of the common clients, signatures, mobile footers, and what must stay. */
import { expect } from 'chai';
import { stripQuotedText } from '../../../server/channels/email/inbound/stripQuoted';

const REPLY = 'Thanks, that works.\n\nBest,\nCarol';
const REPLY_ZH = '好的，收到了，谢谢！\n\n王芳';

/** [client, reply + history, what agents see] */
const STRIPPED: Array<[string, string, string]> = [
  ['Gmail', `${REPLY}\n\nOn Tue, Nov 24, 2026 at 9:00 AM Support <support@shop.test> wrote:\n> Your refund is on its way.\n>\n> Support`, REPLY],
  ['Gmail, header wrapped over two lines', `${REPLY}\n\nOn Tue, Nov 24, 2026 at 9:00 AM Shop Customer Service Team\n<support@shop.test> wrote:\n> old`, REPLY],
  ['Apple Mail', `${REPLY}\n\n> On 24 Nov 2026, at 09:00, Support <support@shop.test> wrote:\n> \n> old`, REPLY],
  ['Apple Mail, unquoted header', `${REPLY}\n\nOn 24 Nov 2026, at 09:00, Support <support@shop.test> wrote:\n\nold text`, REPLY],
  ['Yahoo', `${REPLY}\n\nOn Tuesday, November 24, 2026 at 09:00:00 AM GMT+8, Support <support@shop.test> wrote:\n\nold`, REPLY],
  ['Outlook "-----Original Message-----"', `${REPLY}\n\n-----Original Message-----\nFrom: Support <support@shop.test>\nSent: Tuesday, November 24, 2026 9:00 AM\nTo: Carol\nSubject: RE: Order`, REPLY],
  ['Outlook rule and header block', `${REPLY}\n\n________________________________\nFrom: Support <support@shop.test>\nSent: Tuesday, November 24, 2026 9:00 AM\nTo: Carol <carol@customer.test>\nSubject: Order [#10042]\n\nold`, REPLY],
  ['new Outlook header block without a rule', `${REPLY}\n\nFrom: Support <support@shop.test>\nDate: Tuesday, 24 November 2026 at 09:00\nTo: Carol <carol@customer.test>\nSubject: Order\n\nold`, REPLY],
  ['Outlook in Chinese', `${REPLY_ZH}\n\n发件人: 客服 <support@shop.test>\n发送时间: 2026年11月24日 9:00\n收件人: 王芳 <wang@customer.test>\n主题: 回复: 订单\n\n旧内容`, REPLY_ZH],
  ['QQ Mail "原始邮件"', `${REPLY_ZH}\n\n\n------------------ 原始邮件 ------------------\n发件人: "客服"<support@shop.test>;\n发送时间: 2026年11月24日(星期二) 上午9:00\n收件人: "王芳"<wang@customer.test>;\n主题: 订单`, REPLY_ZH],
  ['Outlook "-----原始邮件-----"', `${REPLY_ZH}\n\n-----原始邮件-----\n发件人: 客服\n发送时间: 2026年11月24日`, REPLY_ZH],
  ['Apple Mail in Chinese', `${REPLY_ZH}\n\n> 在 2026年11月24日，09:00，客服 <support@shop.test> 写道：\n> \n> 旧内容`, REPLY_ZH],
  ['NetEase / Foxmail "在 … 写道："', `${REPLY_ZH}\n\n在 2026-11-24 09:00:00，"客服" <support@shop.test> 写道：\n>旧内容`, REPLY_ZH],
  ['Gmail in Chinese', `${REPLY_ZH}\n\n客服 <support@shop.test> 于2026年11月24日周二 09:00写道：\n\n> 旧内容`, REPLY_ZH],
  ['Gmail in Chinese, wrapped over two lines', `${REPLY_ZH}\n\n客服中心 Shop Customer Service <support@shop.test> 于2026年11月24日周二\n09:00写道：\n\n> 旧内容`, REPLY_ZH],
  ['Japanese "さんは書きました"', '了解しました。\n\n山田さんは書きました:\n> 旧', '了解しました。'],
  ['Japanese Thunderbird', '了解しました。\n\n2026年11月24日(火) 9:00 Support <support@shop.test>:\n> 旧', '了解しました。'],
  ['German', 'Danke!\n\nAm 24.11.2026 um 09:00 schrieb Support <support@shop.test>:\n> alt', 'Danke!'],
  ['French', 'Merci !\n\nLe mar. 24 nov. 2026 à 09:00, Support <support@shop.test> a écrit :\n> ancien', 'Merci !'],
  ['a signature after "-- "', `${REPLY}\n-- \nCarol Client\nACME Ltd · +1 555 0100`, REPLY],
  ['a signature after "--"', 'See you\n--\nJohn Smith', 'See you'],
  ['"Sent from my iPhone"', 'Done\n\nSent from my iPhone', 'Done'],
  ['Samsung’s footer', 'Done\n\nSent from my Samsung Galaxy smartphone.', 'Done'],
  ['"发自我的iPhone"', '好的\n\n发自我的iPhone', '好的'],
  ['"从我的 iPhone 发送"', '好的\n\n从我的 iPhone 发送', '好的'],
  ['"发自网易邮箱大师"', '好的\n\n发自网易邮箱大师', '好的'],
  ['"iPhoneから送信"', '了解です\n\niPhoneから送信', '了解です'],
  ['a footer above the quoted mail', 'Done\n\nSent from my iPhone\n\n> On 24 Nov 2026, at 09:00, Support wrote:\n> old', 'Done'],
  ['a final quote block', 'Yes please, a refund.\n\n> Would you like a refund or a replacement?\n> Support', 'Yes please, a refund.'],
  ['a final quote block then a signature', 'Yes please.\n> Refund or replacement?\n\n-- \nCarol', 'Yes please.'],
];

describe('stripQuotedText: quoted history, signatures and footers', () => {
  for (const [client, input, visible] of STRIPPED) {
    it(`removes ${client}`, () => {
      expect(stripQuotedText(input)).to.deep.equal({ visible, stripped: true });
    });
  }

  it('reads CRLF and CR line endings and trims trailing whitespace, keeping indentation before the quote', () => {
    const input = '  Item 1: ok  \r\n  Item 2: missing\t\r\n\r\nOn Tue, Nov 24, 2026 at 9:00 AM Support <s@shop.test> wrote:\r\n> old';
    expect(stripQuotedText(input)).to.deep.equal({ visible: '  Item 1: ok  \n  Item 2: missing', stripped: true });
    expect(stripQuotedText('Fine\r\r-- \rJohn')).to.deep.equal({ visible: 'Fine', stripped: true });
  });
});

describe('stripQuotedText: what stays', () => {
  const KEPT: Array<[string, string]> = [
    ['a plain mail', 'Hello,\n\nwhere is my order 42?\n\nCarol'],
    ['answers between quotes (inline replies)', '> Which size?\nL please\n> Which colour?\nBlue'],
    ['a sentence starting with "From:"', 'From: my side, the order is fine.\nRegards'],
    ['shipping details with From/Date lines', 'Parcel details:\nFrom: Shanghai warehouse\nDate: 24 Nov\nPlease check.'],
    ['"On …" without a date, and "as you wrote:"', 'On that note, as you wrote:\nthe parcel is late.'],
    ['a line of underscores in a form', 'Name: ____________\nSigned below.'],
    ['"sent from my" in a sentence', 'The parcel was\nsent from my home address\nbut never arrived.'],
    ['a quote block followed by the answer (bottom-posting)', '> Which size?\n> And colour?\n\nL, blue.'],
  ];
  for (const [what, input] of KEPT) {
    it(`keeps ${what}`, () => {
      expect(stripQuotedText(input)).to.deep.equal({ visible: input, stripped: false });
    });
  }

  it('never returns nothing: a mail that is all quote, all signature or all header is shown whole', () => {
    for (const input of ['> only a quote\n> more', '-- \nJohn Smith', 'On Tue, Nov 24, 2026 at 9:00 AM Support <s@shop.test> wrote:\n> old', 'Sent from my iPhone']) {
      expect(stripQuotedText(`\n${input}\n\n`)).to.deep.equal({ visible: input, stripped: false });
    }
    expect(stripQuotedText('')).to.deep.equal({ visible: '', stripped: false });
  });
});
