/** Every word the customer sees from customer care (the unsubscribe page and the mail footer), en and zh-CN. */
import type { PortalLocale } from '../../client/portal/strings';

const strings = {
  en: {
    footer: 'You receive this mail because you are our customer. To receive no more of these mails:',
    confirmTitle: 'Unsubscribe',
    confirmLead: 'Do you want to stop receiving care mails (greetings and check-ins) from {company}? Replies to your own requests are not affected.',
    confirmButton: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneLead: 'You will receive no more care mails from {company}.',
    notFoundTitle: 'Link not valid',
    notFoundLead: 'This unsubscribe link is not valid. Please use the link from the latest mail you received.',
  },
  'zh-CN': {
    footer: '您收到这封邮件是因为您是我们的客户。如不想再收到此类邮件：',
    confirmTitle: '退订',
    confirmLead: '您确定不再接收{company}的关怀邮件（问候与回访）吗？您自己提出的问题的回复不受影响。',
    confirmButton: '退订',
    doneTitle: '您已退订',
    doneLead: '您将不再收到{company}的关怀邮件。',
    notFoundTitle: '链接无效',
    notFoundLead: '此退订链接无效。请使用您最近收到的邮件中的链接。',
  },
} satisfies Record<PortalLocale, Record<string, string>>;

export type CareStringKey = keyof (typeof strings)['en'];

export function careText(locale: PortalLocale, key: CareStringKey, values: Record<string, string> = {}): string {
  return strings[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A customer's language for the mail footer: their profile's, else English. */
export function careLocale(locale: string | null | undefined): PortalLocale {
  return /^zh/i.test(locale ?? '') ? 'zh-CN' : 'en';
}
