/**
 * Step 2: is this mail from a person, or from a machine? Bounces (delivery reports), automatic
 * replies (out of office, auto-responders, read receipts) and bulk/list mail are stored but never
 * answered automatically, which is what keeps two auto-responders from mailing each other forever.
 *
 * A machine's mail also does not reopen a ticket or start its waiting clock, so a person's mail
 * taken for a machine's goes unnoticed: the signals below are the explicit ones (headers, report
 * formats) plus subjects that only automatic mail uses. Measured on sisimai's bounce corpus; see
 * test/server/email/classify.test.ts.
 */
import { headerValues, type ParsedMail } from './parse';

export type MailKind = 'normal' | 'bounce' | 'auto-reply' | 'bulk';

export interface Classification {
  kind: MailKind;
  /** Why: the headers or patterns that decided it (empty for normal mail). */
  reasons: string[];
}

export interface ClassifyOptions {
  /**
   * The help desk's own addresses. When support@ is a Google Group or a mailing list, every
   * customer mail arrives with List-Id/List-Post/Precedence: list naming that address; those
   * headers then say nothing about the sender and are ignored.
   */
  ownAddresses?: string[];
}

const BOUNCE_SENDER = /^(mailer-daemon|mailer_daemon|mail-daemon|maildaemon|postmaster|post_master|mail delivery (sub)?system|mail administrator)$/i;
/** Subjects of delivery failures; only counted together with a null or system sender. */
const FAILURE_SUBJECT = /(undeliver|undelivered|delivery (status notification|failure|has failed|failed|status)|returned mail|returned to sender|mail delivery failed|failure notice|delivery notification|non-?delivery|nondeliverable|could not be delivered|mail system error|系统退信|退信|投递失败|無法投遞|未能送达|发送失败|配信不能|配送不能|メールエラー|エラー通知|送信できませんでした|unzustellbar|nicht zustellbar|non remis|échec de (la )?(remise|livraison)|no se puede entregar)/i;
const SYSTEM_SENDER = /^(mailer|postmaster|post_master|bounces?|no-?reply|do-?not-?reply|donotreply|daemon)([+._-]|$)/i;
const NO_REPLY_SENDER = /^(no-?reply|do-?not-?reply|donotreply|do_not_reply|noreply-[\w-]+|[\w-]+-noreply)([+._]|$)/i;

/** Auto-reply subjects that a person's mail does not use. */
const AUTO_REPLY_SUBJECT = /(automatic reply|auto-?reply|auto reply|autoreply|auto-?response|out of office auto|自动回复|自动答复|自動回覆|自動回復|自動返信|自動応答|不在のお知らせ|不在通知|réponse automatique|automatische antwort|abwesenheitsnotiz|respuesta automática|resposta automática|risposta automatica)/i;
/**
 * Phrases a customer might also write ("休假期间发货吗？" — do you ship during the holidays?):
 * counted only in a subject that asks nothing and, for the Chinese ones, in their auto-reply forms.
 */
const ABSENCE_SUBJECT = /(out of (the )?office|away from (the |my )?(office|desk|work|e-?mail)|vacation (reply|notice|message)|^\s*[[【(（]?\s*(休假|不在办公室|外出中|出張中|abwesend)|休假中|正在休假|休假通知|不在办公室|absent du bureau|absence du bureau|fuera de la oficina)/i;

const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply', 'x-autoreply-from', 'x-mail-autoreply'];
const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post', 'list-subscribe', 'list-help', 'list-owner', 'mailing-list', 'x-mailing-list', 'x-ml-name', 'x-mlserver'];

function first(mail: ParsedMail, name: string): string {
  return (headerValues(mail, name)[0] ?? '').trim();
}

function localPart(address: string | undefined): string {
  return (address ?? '').split('@')[0].trim();
}

/** Whether a list header names one of our own addresses (`<support.shop.test>` or `mailto:support@shop.test`). */
function namesOwnAddress(value: string, ownAddresses: string[]): boolean {
  const text = value.toLowerCase();
  return ownAddresses.some((own) => {
    const address = own.trim().toLowerCase();
    return Boolean(address) && (text.includes(address) || text.includes(address.replace('@', '.')));
  });
}

function bounceReasons(mail: ParsedMail, nullSender: boolean): string[] {
  const reasons: string[] = [];
  if (mail.contentType === 'multipart/report' && mail.reportType !== 'disposition-notification') {
    // delivery-status is a DSN; feedback-report an abuse complaint (ARF) about a mail we sent.
    reasons.push(`multipart/report (${mail.reportType ?? 'no report-type'})`);
  }
  const senderName = mail.from?.name ?? '';
  if (BOUNCE_SENDER.test(localPart(mail.from?.address)) || BOUNCE_SENDER.test(senderName)) reasons.push(`sender ${mail.from?.address || senderName}`);
  if (nullSender && FAILURE_SUBJECT.test(mail.subject)) reasons.push('null sender (<>) and a delivery-failure subject');
  if (headerValues(mail, 'x-failed-recipients').length) reasons.push('X-Failed-Recipients');
  // Amazon SES reports bounces and complaints as JSON through SNS.
  if (/"notificationType"\s*:\s*"(Bounce|Complaint)"/.test(mail.text)) reasons.push('Amazon SES bounce/complaint notification');
  if (!nullSender && SYSTEM_SENDER.test(localPart(mail.from?.address)) && FAILURE_SUBJECT.test(mail.subject)) reasons.push('system sender and a delivery-failure subject');
  return reasons;
}

function autoReplyReasons(mail: ParsedMail, nullSender: boolean): string[] {
  const reasons: string[] = [];
  const autoSubmitted = first(mail, 'auto-submitted').toLowerCase();
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) reasons.push(`Auto-Submitted: ${autoSubmitted}`);
  for (const name of AUTO_REPLY_HEADERS) if (headerValues(mail, name).length) reasons.push(name);
  const suppress = first(mail, 'x-auto-response-suppress');
  if (/\b(all|oof|autoreply)\b/i.test(suppress)) reasons.push(`X-Auto-Response-Suppress: ${suppress}`);
  if (headerValues(mail, 'x-loop').length) reasons.push('X-Loop');
  if (headerValues(mail, 'x-ms-exchange-inbox-rules-loop').length) reasons.push('X-MS-Exchange-Inbox-Rules-Loop');
  if (/^auto[_-]?reply$/i.test(first(mail, 'precedence'))) reasons.push(`Precedence: ${first(mail, 'precedence')}`);
  if (mail.contentType === 'multipart/report' && mail.reportType === 'disposition-notification') reasons.push('read receipt (disposition-notification)');
  if (AUTO_REPLY_SUBJECT.test(mail.subject)) reasons.push('auto-reply subject');
  else if (ABSENCE_SUBJECT.test(mail.subject) && !/[?？]/.test(mail.subject)) reasons.push('out-of-office subject');
  // RFC 3834: automatic responses go out with a null Return-Path; a person's mail never does.
  if (nullSender && !reasons.length) reasons.push('null sender (<>)');
  return reasons;
}

function bulkReasons(mail: ParsedMail, ownAddresses: string[]): string[] {
  const reasons: string[] = [];
  const listHeaders = LIST_HEADERS.filter((name) => headerValues(mail, name).length);
  const ownList = listHeaders.some((name) => headerValues(mail, name).some((value) => namesOwnAddress(value, ownAddresses)));
  const precedence = first(mail, 'precedence').toLowerCase();
  if (['bulk', 'junk'].includes(precedence) || (precedence === 'list' && !ownList)) reasons.push(`Precedence: ${precedence}`);
  if (!ownList) for (const name of listHeaders) reasons.push(name);
  // A no-reply sender is a notification, unless it relays a person named in Reply-To (contact forms).
  const replyTo = mail.replyTo?.address;
  if (NO_REPLY_SENDER.test(localPart(mail.from?.address)) && (!replyTo || NO_REPLY_SENDER.test(localPart(replyTo)))) reasons.push(`no-reply sender ${mail.from?.address}`);
  return reasons;
}

export function classifyMail(mail: ParsedMail, options: ClassifyOptions = {}): Classification {
  const fromHeader = first(mail, 'from');
  // The null sender `<>` is how RFC 5321 marks notifications: bounces, receipts, auto-replies.
  const nullSender = mail.returnPath === '' || fromHeader === '<>' || (Boolean(fromHeader) && !mail.from?.address && /<\s*>/.test(fromHeader));
  // Bounces first: a bounce is often also marked auto-submitted.
  const bounce = bounceReasons(mail, nullSender);
  if (bounce.length) return { kind: 'bounce', reasons: bounce };
  const autoReply = autoReplyReasons(mail, nullSender);
  if (autoReply.length) return { kind: 'auto-reply', reasons: autoReply };
  const bulk = bulkReasons(mail, options.ownAddresses ?? []);
  if (bulk.length) return { kind: 'bulk', reasons: bulk };
  return { kind: 'normal', reasons: [] };
}

/** Anything not from a person: never send it an automatic answer. */
export function isAutomatic(classification: Classification): boolean {
  return classification.kind !== 'normal';
}
