/**
 * Step 2: is this mail from a person, or from a machine? Bounces (delivery reports), automatic
 * replies (out of office, auto-responders) and bulk/list mail are stored but never answered
 * automatically, which is what keeps two auto-responders from mailing each other forever.
 */
import { headerValues, type ParsedMail } from './parse';

export type MailKind = 'normal' | 'bounce' | 'auto-reply' | 'bulk';

export interface Classification {
  kind: MailKind;
  reasons: string[];
}

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailer_daemon|mail delivery (sub)?system)\b/i;
const BOUNCE_SUBJECTS = /(undeliver|undelivered|delivery (status notification|failure|has failed)|returned mail|mail delivery failed|failure notice|delivery notification|non-?delivery|nondeliverable|could not be delivered|系统退信|退信|投递失败|無法投遞|未能送达|配信不能|unzustellbar|non remis|no se puede entregar)/i;
const OUT_OF_OFFICE_SUBJECTS = /(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|auto[- ]?response|away from (the )?office|on vacation|vacation reply|自动回复|自動回覆|自动答复|自動回復|休假|不在办公室|外出中|不在のお知らせ|abwesenheitsnotiz|abwesend|automatische antwort|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina)/i;

function first(mail: ParsedMail, name: string): string {
  return (headerValues(mail, name)[0] ?? '').trim();
}

export function classifyMail(mail: ParsedMail): Classification {
  const reasons: string[] = [];
  const from = `${mail.from?.address ?? ''} ${mail.from?.name ?? ''}`.trim();
  const localPart = (mail.from?.address ?? '').split('@')[0];

  // Bounces first: a bounce is often also marked auto-submitted.
  if (mail.contentType === 'multipart/report' && (mail.reportType === 'delivery-status' || mail.reportType === null)) reasons.push('multipart/report delivery-status');
  if (BOUNCE_SENDERS.test(localPart) || BOUNCE_SENDERS.test(mail.from?.name ?? '')) reasons.push(`sender ${from}`);
  if (mail.returnPath === '' && BOUNCE_SUBJECTS.test(mail.subject)) reasons.push('empty Return-Path and a delivery-failure subject');
  if (headerValues(mail, 'x-failed-recipients').length) reasons.push('X-Failed-Recipients');
  if (reasons.length) return { kind: 'bounce', reasons };

  const autoSubmitted = first(mail, 'auto-submitted').toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') reasons.push(`Auto-Submitted: ${autoSubmitted}`);
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply']) {
    if (headerValues(mail, name).length) reasons.push(name);
  }
  const suppress = first(mail, 'x-auto-response-suppress');
  if (/\b(all|oof|autoreply)\b/i.test(suppress)) reasons.push(`X-Auto-Response-Suppress: ${suppress}`);
  if (headerValues(mail, 'x-loop').length) reasons.push('X-Loop');
  if (headerValues(mail, 'x-ms-exchange-inbox-rules-loop').length) reasons.push('X-MS-Exchange-Inbox-Rules-Loop');
  if (/^(auto-?reply|autoresponder|vacation)$/i.test(first(mail, 'x-mailer')) ) reasons.push('auto-responder X-Mailer');
  if (OUT_OF_OFFICE_SUBJECTS.test(mail.subject)) reasons.push('out-of-office subject');
  if (reasons.length) return { kind: 'auto-reply', reasons };

  const precedence = first(mail, 'precedence').toLowerCase();
  if (['bulk', 'list', 'junk'].includes(precedence)) reasons.push(`Precedence: ${precedence}`);
  if (headerValues(mail, 'list-id').length) reasons.push('List-Id');
  if (headerValues(mail, 'list-unsubscribe').length) reasons.push('List-Unsubscribe');
  if (reasons.length) return { kind: 'bulk', reasons };

  // A failure subject from an empty Return-Path without other signs is still a bounce.
  if (BOUNCE_SUBJECTS.test(mail.subject) && /^(mailer|postmaster|bounce|noreply|no-reply)/i.test(localPart)) {
    return { kind: 'bounce', reasons: ['delivery-failure subject from a system sender'] };
  }
  return { kind: 'normal', reasons };
}

/** Anything not from a person: never send it an automatic answer. */
export function isAutomatic(classification: Classification): boolean {
  return classification.kind !== 'normal';
}
