/**
 * Every string the knowledge-base portal shows, in English and Simplified Chinese: one place for
 * the server-rendered pages (server/portal/) and the portal's small browser script.
 */
export const portalLocales = ['en', 'zh-CN'] as const;
export type PortalLocale = (typeof portalLocales)[number];

/** The categories, in the order the front page shows them. */
export const portalCategories = ['orders', 'delivery', 'returns', 'refunds', 'payments', 'account', 'invoices'] as const;

const en = {
  helpCenter: 'Help Center',
  homeTitle: 'Help Center',
  homeDescription: 'Answers about orders, delivery, returns, refunds, payments, your account and invoices.',
  heroTitle: 'How can we help?',
  heroLead: 'Search our help articles or browse by topic.',
  searchLabel: 'Search the help center',
  searchPlaceholder: 'Search, e.g. “refund” or “track my order”',
  searchButton: 'Search',
  browseTopics: 'Browse by topic',
  articleCount: '{count} articles',
  articleCountOne: '1 article',
  seeAll: 'See all {count} articles',
  noArticles: 'There are no articles in this topic yet.',
  categoryDescription: 'Help articles about {category}.',
  searchTitle: 'Search: {q}',
  searchResults: '{count} results for “{q}”',
  searchResultsOne: '1 result for “{q}”',
  searchEmptyQuery: 'Type a few words about your question to search the help articles.',
  noResults: 'No articles match “{q}”.',
  noResultsHint: 'Try other or fewer words, browse the topics, or contact us — we are happy to help.',
  home: 'Help Center',
  updated: 'Updated {date}',
  helpfulQuestion: 'Was this article helpful?',
  yes: 'Yes',
  no: 'No',
  feedbackThanks: 'Thanks for your feedback!',
  feedbackError: 'Sorry, your feedback could not be sent. Please try again.',
  related: 'Related articles',
  stillNeedHelp: 'Still need help?',
  stillNeedHelpLead: 'Our support team is here for you.',
  startChat: 'Start a chat',
  emailUs: 'Email us',
  notFoundTitle: 'Page not found',
  notFoundLead: 'Sorry, we could not find that page. It may have moved, or the link may be wrong.',
  backHome: 'Back to the Help Center',
  errorTitle: 'Something went wrong',
  errorLead: 'Sorry, this page could not be shown right now. Please try again in a moment.',
  switchLanguage: '中文',
  switchLanguageLabel: '切换到中文',
  footer: '© {year} {company}',
  breadcrumb: 'Breadcrumb',
  skipToContent: 'Skip to content',
};

type Key = keyof typeof en;

const zhCN: Record<Key, string> = {
  helpCenter: '帮助中心',
  homeTitle: '帮助中心',
  homeDescription: '关于订单、配送、退货、退款、支付、账户和发票的常见问题解答。',
  heroTitle: '有什么可以帮您？',
  heroLead: '搜索帮助文章，或按主题浏览。',
  searchLabel: '搜索帮助中心',
  searchPlaceholder: '搜索，例如“退款”或“查询物流”',
  searchButton: '搜索',
  browseTopics: '按主题浏览',
  articleCount: '{count} 篇文章',
  articleCountOne: '1 篇文章',
  seeAll: '查看全部 {count} 篇文章',
  noArticles: '此主题下暂无文章。',
  categoryDescription: '关于{category}的帮助文章。',
  searchTitle: '搜索：{q}',
  searchResults: '找到 {count} 条与“{q}”相关的结果',
  searchResultsOne: '找到 1 条与“{q}”相关的结果',
  searchEmptyQuery: '请输入与您的问题相关的关键词来搜索帮助文章。',
  noResults: '没有找到与“{q}”相关的文章。',
  noResultsHint: '请尝试其他或更少的关键词、按主题浏览，或直接联系我们——我们很乐意为您提供帮助。',
  home: '帮助中心',
  updated: '更新于 {date}',
  helpfulQuestion: '这篇文章对您有帮助吗？',
  yes: '有帮助',
  no: '没有帮助',
  feedbackThanks: '感谢您的反馈！',
  feedbackError: '抱歉，反馈未能提交，请稍后重试。',
  related: '相关文章',
  stillNeedHelp: '仍需帮助？',
  stillNeedHelpLead: '我们的客服团队随时为您服务。',
  startChat: '在线咨询',
  emailUs: '发送邮件',
  notFoundTitle: '页面不存在',
  notFoundLead: '抱歉，找不到该页面。它可能已被移动，或链接有误。',
  backHome: '返回帮助中心',
  errorTitle: '出错了',
  errorLead: '抱歉，页面暂时无法显示，请稍后重试。',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  footer: '© {year} {company}',
  breadcrumb: '导航路径',
  skipToContent: '跳到主要内容',
};

const categoryNames: Record<PortalLocale, Record<(typeof portalCategories)[number], string>> = {
  en: { orders: 'Orders', delivery: 'Delivery', returns: 'Returns', refunds: 'Refunds', payments: 'Payments', account: 'Account', invoices: 'Invoices' },
  'zh-CN': { orders: '订单', delivery: '配送', returns: '退货', refunds: '退款', payments: '支付', account: '账户', invoices: '发票' },
};

export type PortalStringKey = Key;
export type Translate = (key: Key, params?: Record<string, string | number>) => string;

export function isPortalLocale(value: unknown): value is PortalLocale {
  return typeof value === 'string' && (portalLocales as readonly string[]).includes(value);
}

export function portalTranslator(locale: PortalLocale): Translate {
  const table: Record<Key, string> = locale === 'zh-CN' ? zhCN : en;
  return (key, params = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A category's name in the reader's language (an unknown category keeps its own name). */
export function categoryName(locale: PortalLocale, category: string): string {
  return (categoryNames[locale] as Record<string, string>)[category] ?? category;
}
