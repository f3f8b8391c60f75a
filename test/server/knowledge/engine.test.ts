/** The suggestion engine on its own: ranking in English and Chinese, explanations, learning, limits. */
import { expect } from 'chai';
import { SuggestionEngine, MAX_LEARNED_EXAMPLES } from '../../../server/knowledge/suggestionEngine';
import { analyze, detectLocale } from '../../../server/knowledge/textAnalysis';

function shopEngine(): SuggestionEngine {
  const engine = new SuggestionEngine();
  const template = (id: number, locale: string, title: string, keywords: string[], examples: string[]) =>
    engine.upsert({ kind: 'template', id, locale, title, keywords, examples, body: `Reply about ${title}` });
  template(1, 'en', 'Refund status', ['refund', 'money back'], ['Where is my refund?', 'I still have not got my money back', 'how long until the refund reaches my card']);
  template(2, 'en', 'Change shipping address', ['change address', 'wrong address'], ['I need to change the delivery address of my order', 'wrong address on my order, can you update it']);
  template(3, 'en', 'Add a shipping address', ['new address', 'save address'], ['how do I add a second address to my account', 'set up a new shipping address']);
  template(4, 'en', 'Cancellation fee', ['cancellation fee', 'cancel charge'], ['is there a fee if I cancel', 'what does cancelling cost']);
  template(11, 'zh-CN', '退款进度查询', ['退款', '退款进度', '到账'], ['我的退款什么时候到账', '退货寄回去一周了钱还没退', '退款怎么还没收到']);
  template(12, 'zh-CN', '修改收货地址', ['修改地址', '收货地址'], ['我想改一下订单的收货地址', '地址填错了能改吗']);
  template(13, 'zh-CN', '开具发票', ['发票', '增值税专用发票'], ['怎么开发票', '需要开增值税专用发票']);
  engine.upsert({ kind: 'article', id: 21, locale: 'en', title: 'Refund timelines', keywords: ['refund'], examples: [], body: 'Refunds reach your card within 5–10 working days after we receive the return.', visibility: 'public', category: 'refunds' });
  engine.upsert({ kind: 'article', id: 22, locale: 'en', title: 'Chargeback handling (internal)', keywords: ['chargeback', 'refund dispute'], examples: [], body: 'How agents answer a bank chargeback about a refund.', visibility: 'internal', category: 'payments' });
  return engine;
}

describe('suggestion engine', () => {
  it('analyses English with stems and bigrams, and Chinese with words and character bigrams', () => {
    const english = analyze('Refunds were cancelled: cancelled order 1234567').map((t) => t.key);
    expect(english).to.include.members(['refund', 'cancel', 'order']);
    expect(english).to.not.include('1234567');
    expect(english).to.include('cancel_order');
    const chinese = analyze('退款还没有到账');
    expect(chinese.map((t) => t.key)).to.include.members(['退款', '~到账']);
    expect(detectLocale('退款 refund')).to.equal('zh-CN');
    expect(detectLocale('refund please')).to.equal('en');
  });

  it('ranks the right English template first and explains the match in the customer’s words', () => {
    const engine = shopEngine();
    const [best] = engine.rank('Hi, where is my refund? I returned the jacket ten days ago.', { kinds: ['template'], locale: 'en' });
    expect(best.id).to.equal(1);
    expect(best.matched).to.include('refund');
    expect(engine.rank('Please change the address on my order, it is wrong', { kinds: ['template'], locale: 'en' })[0].id).to.equal(2);
    expect(engine.rank('I moved and want to save a new address in my account', { kinds: ['template'], locale: 'en' })[0].id).to.equal(3);
    const fee = engine.rank('Do you charge a cancellation fee?', { kinds: ['template'], locale: 'en' })[0];
    expect(fee.id).to.equal(4);
    expect(fee.matched).to.include('cancellation fee');
  });

  it('ranks Chinese messages against Chinese templates, whatever the segmenter does with 到账', () => {
    const engine = shopEngine();
    const refund = engine.rank('你好，我退货一周了，退款到现在还没到账', { kinds: ['template'], locale: 'zh-CN' });
    expect(refund[0].id).to.equal(11);
    expect(refund[0].matched).to.include('退款');
    expect(engine.rank('收货地址写错了，麻烦帮我改', { kinds: ['template'], locale: 'zh-CN' })[0].id).to.equal(12);
    expect(engine.rank('公司报销需要增值税专用发票', { kinds: ['template'], locale: 'zh-CN' })[0].id).to.equal(13);
    // A Chinese message never gets an English template while Chinese ones match.
    expect(refund.every((r) => r.id > 10)).to.equal(true);
  });

  it('falls back to every locale when nothing in the requested one matches, and returns nothing for noise', () => {
    const engine = shopEngine();
    expect(engine.rank('refund', { kinds: ['template'], locale: 'zh-CN' })[0].id).to.equal(1);
    expect(engine.rank('???', { kinds: ['template'] })).to.deep.equal([]);
    expect(engine.rank('the and of', {})).to.deep.equal([]);
  });

  it('keeps internal articles from customers and filters by kind and category', () => {
    const engine = shopEngine();
    const forAgents = engine.rank('refund dispute with my bank (chargeback)', { kinds: ['article'] }).map((r) => r.id);
    expect(forAgents).to.include(22);
    const forCustomers = engine.rank('refund dispute with my bank (chargeback)', { kinds: ['article'], publicOnly: true }).map((r) => r.id);
    expect(forCustomers).to.not.include(22);
    expect(engine.rank('refund', { kinds: ['article'], category: 'refunds' }).map((r) => r.id)).to.deep.equal([21]);
  });

  it('learns: a message answered with a template makes that template win similar messages', () => {
    const engine = shopEngine();
    const question = 'my voucher code was not applied at checkout';
    expect(engine.rank(question, { kinds: ['template'], locale: 'en' }).map((r) => r.id)).to.not.include(4);
    engine.learn('template', 4, 'the voucher code was not applied, can I get the discount');
    const [best] = engine.rank(question, { kinds: ['template'], locale: 'en' });
    expect(best.id).to.equal(4);
    expect(best.matched).to.include('voucher code');
    // Learned examples survive an edit of the template.
    engine.upsert({ kind: 'template', id: 4, locale: 'en', title: 'Cancellation fee', keywords: ['cancellation fee'], examples: [], body: 'changed' });
    expect(engine.rank(question, { kinds: ['template'], locale: 'en' })[0].id).to.equal(4);
  });

  it('keeps at most MAX_LEARNED_EXAMPLES learned texts per template, dropping the oldest', () => {
    const engine = shopEngine();
    engine.learn('template', 1, 'zebra giraffe unique oldest words');
    for (let i = 0; i < MAX_LEARNED_EXAMPLES; i += 1) engine.learn('template', 1, `refund question number ${i}`);
    expect(engine.rank('zebra giraffe', { kinds: ['template'] })).to.deep.equal([]);
    expect(engine.learn('template', 999, 'unknown template')).to.equal(false);
  });

  it('forgets a removed candidate', () => {
    const engine = shopEngine();
    engine.remove('template', 1);
    expect(engine.rank('where is my refund', { kinds: ['template'], locale: 'en' }).map((r) => r.id)).to.not.include(1);
    expect(engine.has('template', 1)).to.equal(false);
  });
});
