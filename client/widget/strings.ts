/** Every string the chat widget shows, in English and Simplified Chinese (one place for the widget). */
const en = {
  open: 'Chat with us',
  close: 'Close chat',
  title: 'Customer service',
  placeholder: 'Type a message…',
  send: 'Send',
  sending: 'sending…',
  notSent: 'not sent',
  offline: 'No agent is online right now. Leave your email and we will answer you by email.',
  online: 'We usually answer within a few minutes.',
  preChatIntro: 'Tell us who you are (optional):',
  preChatRequired: 'Tell us who you are before we start:',
  name: 'Name',
  email: 'Email',
  start: 'Start chat',
  save: 'Save',
  emailSaved: 'Thanks! We will answer to {email}.',
  agentTyping: '{name} is typing…',
  agent: 'Support',
  reconnecting: 'Reconnecting…',
  tooLong: 'This message is too long.',
  attach: 'Send a file',
  fileRefused: 'This file could not be sent (too large, or not a picture, PDF, text or office document).',
  articlesTitle: 'These articles may help',
  surveyQuestion: 'How did we do? Rate our help:',
  surveyRate: 'Rate {n} of 5',
  surveyThanks: 'Thank you for your feedback!',
  surveyFailed: 'Your rating could not be sent; please try again.',
} as const;

type Key = keyof typeof en;

const zhCN: Record<Key, string> = {
  open: '在线咨询',
  close: '关闭对话',
  title: '在线客服',
  placeholder: '输入消息…',
  send: '发送',
  sending: '发送中…',
  notSent: '未发送',
  offline: '当前没有客服在线。请留下邮箱，我们会通过邮件回复您。',
  online: '我们通常在几分钟内回复。',
  preChatIntro: '请留下您的信息（可选）：',
  preChatRequired: '开始咨询前，请留下您的信息：',
  name: '姓名',
  email: '邮箱',
  start: '开始咨询',
  save: '保存',
  emailSaved: '谢谢！我们会回复到 {email}。',
  agentTyping: '{name} 正在输入…',
  agent: '客服',
  reconnecting: '正在重新连接…',
  tooLong: '消息太长了。',
  attach: '发送文件',
  fileRefused: '文件未能发送（太大，或不是图片、PDF、文本或办公文档）。',
  articlesTitle: '这些文章可能对您有帮助',
  surveyQuestion: '您对我们的服务满意吗？请打分：',
  surveyRate: '{n} 分（满分 5 分）',
  surveyThanks: '谢谢您的反馈！',
  surveyFailed: '评分未能发送，请重试。',
};

export type WidgetLocale = 'en' | 'zh-CN';

/** The page's language (or the browser's), so a Chinese site gets a Chinese widget. */
export function widgetLocale(explicit?: string | null): WidgetLocale {
  const lang = (explicit || document.documentElement.lang || navigator.language || 'en').toLowerCase();
  return lang.startsWith('zh') ? 'zh-CN' : 'en';
}

export function translator(locale: WidgetLocale) {
  const table: Record<Key, string> = locale === 'zh-CN' ? zhCN : en;
  return (key: Key, params: Record<string, string> = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
