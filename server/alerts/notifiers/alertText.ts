/** What an alert says, in the recipient's language: ticket number, customer, waiting time, link. */
import type { AlertKind } from '../../models/Alert';

export interface AlertFacts {
  kind: AlertKind;
  ticketId: number;
  number: number;
  subject: string;
  customer: string;
  waitingMs: number;
  link: string;
}

function duration(ms: number, locale: 'en' | 'zh-CN'): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === 'zh-CN') return h ? `${h} 小时 ${m} 分钟` : `${m} 分钟`;
  return h ? `${h} h ${m} min` : `${m} min`;
}

export function alertSubject(facts: AlertFacts, locale: 'en' | 'zh-CN'): string {
  const labels = locale === 'zh-CN'
    ? { warning: '即将超时', overdue: '超时未回复', escalation: '升级：仍未回复' }
    : { warning: 'Due soon', overdue: 'Unanswered', escalation: 'Escalated: still unanswered' };
  return `[${labels[facts.kind]}] #${facts.number} ${facts.subject}`;
}

export function alertText(facts: AlertFacts, locale: 'en' | 'zh-CN'): string {
  const waited = duration(facts.waitingMs, locale);
  return locale === 'zh-CN'
    ? `工单 #${facts.number}「${facts.subject}」：客户 ${facts.customer} 已等待 ${waited} 未获回复。${facts.link}`
    : `Ticket #${facts.number} "${facts.subject}": ${facts.customer} has waited ${waited} without an answer. ${facts.link}`;
}
