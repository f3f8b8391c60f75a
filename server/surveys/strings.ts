/** Every word the customer sees from the satisfaction survey (the invitation and the page), en and zh-CN. */
import type { PortalLocale } from '../../client/portal/strings';

const strings = {
  en: {
    invitation: 'Your request "{subject}" (ticket #{number}) is solved. How did we do? Rate our help (it takes a few seconds): {link}',
    pageTitle: 'How did we do?',
    pageLead: 'Your request: {subject}',
    ratingLegend: 'Rate our help from 1 (poor) to 5 (excellent)',
    rating1: 'Poor',
    rating2: 'Fair',
    rating3: 'OK',
    rating4: 'Good',
    rating5: 'Excellent',
    commentLabel: 'Anything you would like to tell us? (optional)',
    currentRating: 'Your current rating: {rating} of 5. You can change it.',
    invalid: 'Please choose a rating from 1 to 5 (and keep the comment under 2000 characters).',
    thanksTitle: 'Thank you!',
    thanksLead: 'Your feedback helps us help you better.',
    notFoundTitle: 'Link not valid',
    notFoundLead: 'This survey link is not valid. Please use the link from the latest message you received.',
  },
  'zh-CN': {
    invitation: '您的问题“{subject}”（工单号 #{number}）已解决。您对我们的服务满意吗？请花几秒钟评价：{link}',
    pageTitle: '您对我们的服务满意吗？',
    pageLead: '您的问题：{subject}',
    ratingLegend: '请为我们的服务打分，1（很差）到 5（很好）',
    rating1: '很差',
    rating2: '较差',
    rating3: '一般',
    rating4: '满意',
    rating5: '非常满意',
    commentLabel: '还有什么想告诉我们的吗？（可选）',
    currentRating: '您目前的评分：{rating} 分（满分 5 分）。您可以修改。',
    invalid: '请选择 1 到 5 分（留言请少于 2000 字）。',
    thanksTitle: '谢谢您！',
    thanksLead: '您的反馈帮助我们更好地为您服务。',
    notFoundTitle: '链接无效',
    notFoundLead: '此评价链接无效。请使用您最近收到的消息中的链接。',
  },
} satisfies Record<PortalLocale, Record<string, string>>;

export type SurveyStringKey = keyof (typeof strings)['en'];

export function surveyText(locale: PortalLocale, key: SurveyStringKey, values: Record<string, string | number> = {}): string {
  return strings[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}

/** The invitation in both languages, like the acknowledgement: we do not know which one the customer reads. */
export function invitationText(values: { subject: string; number: number | null; link: string }): string {
  return [surveyText('en', 'invitation', { ...values, number: values.number ?? '' }), '', surveyText('zh-CN', 'invitation', { ...values, number: values.number ?? '' })].join('\n');
}
