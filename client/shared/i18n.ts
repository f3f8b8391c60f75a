/**
 * Every UI string of the console, in English and Simplified Chinese. The zh-CN table is typed
 * against the English one, so a key missing in either language fails the type check.
 */
const en = {
  appName: 'Help desk',
  loginTitle: 'Sign in',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  invalidCredentials: 'Wrong email or password.',
  tooManyAttempts: 'Too many failed attempts. Please wait a few minutes.',
  networkError: 'The server cannot be reached. Check your connection.',
  logout: 'Log out',
  language: 'Language',
  tickets: 'Tickets',
  search: 'Search subject or #number',
  all: 'All',
  noTickets: 'No tickets here.',
  loading: 'Loading…',
  more: 'Load more',
  shownOf: '{shown} of {total}',
  waitingFor: 'waiting {duration}',
  overdue: 'overdue',
  unassigned: 'Unassigned',
  customer: 'Customer',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  channel: 'Channel',
  back: '← Tickets',
  internalNote: 'Internal note',
  replyPlaceholder: 'Write a reply… (Ctrl+Enter sends)',
  sendReply: 'Send reply',
  addNote: 'Add internal note',
  sending: 'Sending…',
  notFound: 'This ticket does not exist or is not visible to you.',
  error: 'Something went wrong: {message}',
  queued: 'queued',
  sent: 'sent',
  failed: 'not delivered',
  'status.open': 'Open',
  'status.pending': 'Pending',
  'status.solved': 'Solved',
  'status.closed': 'Closed',
  'priority.low': 'Low',
  'priority.normal': 'Normal',
  'priority.high': 'High',
  'priority.urgent': 'Urgent',
  'channel.email': 'Email',
  'channel.chat': 'Chat',
  'channel.web': 'Web',
  'author.customer': 'Customer',
  'author.agent': 'Agent',
  'author.system': 'System',
  mailSettings: 'Email',
  mailboxes: 'Mailboxes',
  addMailbox: 'Add mailbox',
  name: 'Name',
  supportAddress: 'Support address',
  host: 'IMAP server',
  port: 'Port',
  tls: 'TLS',
  username: 'User',
  folder: 'Folder',
  save: 'Save',
  syncNow: 'Fetch now',
  fetched: 'Fetched {count} new mails',
  lastSynced: 'Last fetched',
  never: 'never',
  quarantine: 'Quarantined mail',
  quarantineEmpty: 'No mail is waiting in quarantine.',
  reason: 'Reason',
  attempts: 'Attempts',
  retry: 'Retry',
  source: 'Source',
  retried: 'Processed: it is now on a ticket.',
  stillFailing: 'Still failing: {reason}',
  'auto.bounce': 'Bounce',
  'auto.auto-reply': 'Automatic reply',
  'auto.bulk': 'Bulk mail',
  showOriginal: 'Original mail',
  'alert.warning': 'Due soon:',
  'alert.overdue': 'Waiting too long:',
  'alert.escalation': 'Escalated, still unanswered:',
  dismiss: 'Dismiss',
  waitingLongest: 'Waiting longest',
  soundOn: 'Sound on',
  soundOff: 'Sound off',
  visitorTyping: 'The customer is typing…',
  colleagueTyping: '{name} is typing…',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  appName: '客服工作台',
  loginTitle: '登录',
  email: '邮箱',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  invalidCredentials: '邮箱或密码错误。',
  tooManyAttempts: '失败次数过多，请几分钟后再试。',
  networkError: '无法连接服务器，请检查网络。',
  logout: '退出登录',
  language: '语言',
  tickets: '工单',
  search: '搜索主题或 #工单号',
  all: '全部',
  noTickets: '这里没有工单。',
  loading: '加载中…',
  more: '加载更多',
  shownOf: '已显示 {shown} / 共 {total}',
  waitingFor: '已等待 {duration}',
  overdue: '已超时',
  unassigned: '未分配',
  customer: '客户',
  status: '状态',
  priority: '优先级',
  assignee: '负责人',
  channel: '渠道',
  back: '← 工单列表',
  internalNote: '内部备注',
  replyPlaceholder: '输入回复…（Ctrl+Enter 发送）',
  sendReply: '发送回复',
  addNote: '添加内部备注',
  sending: '发送中…',
  notFound: '该工单不存在，或您无权查看。',
  error: '出错了：{message}',
  queued: '排队中',
  sent: '已发送',
  failed: '发送失败',
  'status.open': '待处理',
  'status.pending': '等待客户',
  'status.solved': '已解决',
  'status.closed': '已关闭',
  'priority.low': '低',
  'priority.normal': '普通',
  'priority.high': '高',
  'priority.urgent': '紧急',
  'channel.email': '邮件',
  'channel.chat': '在线聊天',
  'channel.web': '网页',
  'author.customer': '客户',
  'author.agent': '客服',
  'author.system': '系统',
  mailSettings: '邮件',
  mailboxes: '收件邮箱',
  addMailbox: '添加邮箱',
  name: '名称',
  supportAddress: '客服邮箱地址',
  host: 'IMAP 服务器',
  port: '端口',
  tls: 'TLS 加密',
  username: '用户名',
  folder: '文件夹',
  save: '保存',
  syncNow: '立即收信',
  fetched: '收到 {count} 封新邮件',
  lastSynced: '上次收信',
  never: '从未',
  quarantine: '隔离邮件',
  quarantineEmpty: '没有被隔离的邮件。',
  reason: '原因',
  attempts: '尝试次数',
  retry: '重试',
  source: '原文',
  retried: '处理成功：已进入工单。',
  stillFailing: '仍然失败：{reason}',
  'auto.bounce': '退信',
  'auto.auto-reply': '自动回复',
  'auto.bulk': '群发邮件',
  showOriginal: '原始邮件',
  'alert.warning': '即将超时：',
  'alert.overdue': '客户等待过久：',
  'alert.escalation': '已升级，仍未回复：',
  dismiss: '关闭',
  waitingLongest: '等待最久',
  soundOn: '声音：开',
  soundOff: '声音：关',
  visitorTyping: '客户正在输入…',
  colleagueTyping: '{name} 正在输入…',
};

export const locales = { en, 'zh-CN': zhCN } as const;
export type Locale = keyof typeof locales;
const STORAGE_KEY = 'hd.locale';

export function detectLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let current: Locale = detectLocale();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = locales[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "3 h 5 min" / "3 小时 5 分钟": how long since `iso`. */
export function formatDuration(sinceIso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(sinceIso).getTime()) / 60_000));
  const hours = Math.floor(minutes / 60);
  const unit = new Intl.NumberFormat(current, { style: 'unit', unit: hours ? 'hour' : 'minute', unitDisplay: 'short' });
  return hours ? `${unit.format(hours)} ${new Intl.NumberFormat(current, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes % 60)}` : unit.format(minutes);
}
