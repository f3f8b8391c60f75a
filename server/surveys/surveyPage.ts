/** The survey pages in the portal's frame: the form (GET), thanks (POST), invalid input, link not valid. */
import type { PortalLocale } from '../../client/portal/strings';
import type { Config } from '../config';
import { escapeHtml, layout, portalContext, supportAddress } from '../portal/layout';
import { MAX_COMMENT_CHARS } from './surveyService';
import { surveyText, type SurveyStringKey } from './strings';

export type SurveyView =
  | { kind: 'form'; subject: string; rating: number | null; comment: string | null; invalid?: boolean }
  | { kind: 'thanks' }
  | { kind: 'notFound' };

const ratings = [1, 2, 3, 4, 5] as const;

function form(locale: PortalLocale, path: string, view: Extract<SurveyView, { kind: 'form' }>): string {
  const t = (key: SurveyStringKey, values?: Record<string, string | number>) => escapeHtml(surveyText(locale, key, values));
  // Five submit buttons in one POST form: one click answers, the comment goes along, no script needed.
  const buttons = ratings
    .map((r) => `<button type="submit" name="rating" value="${r}" class="btn btn-outline" data-testid="rate-${r}" aria-pressed="${view.rating === r}">${r} · ${t(`rating${r}`)}</button>`)
    .join('\n      ');
  return `<form method="post" action="${escapeHtml(`${path}?lang=${locale}`)}" class="survey-form">
    ${view.invalid ? `<p class="error" role="alert" data-testid="survey-invalid">${t('invalid')}</p>` : ''}
    ${view.rating ? `<p data-testid="survey-current">${t('currentRating', { rating: view.rating })}</p>` : ''}
    <label for="survey-comment">${t('commentLabel')}</label>
    <textarea id="survey-comment" name="comment" rows="4" maxlength="${MAX_COMMENT_CHARS}" style="width:100%;margin:8px 0 16px">${escapeHtml(view.comment ?? '')}</textarea>
    <fieldset style="border:0;padding:0;margin:0"><legend>${t('ratingLegend')}</legend>
      <div style="display:flex;flex-wrap:wrap;gap:8px;margin-top:8px">
      ${buttons}
      </div>
    </fieldset>
  </form>`;
}

export function surveyPage(config: Config, locale: PortalLocale, path: string, view: SurveyView): string {
  const page = portalContext({ locale, company: config.COMPANY_NAME, publicUrl: config.publicUrl, supportEmail: supportAddress(config.mailFrom), path, query: {} });
  const [titleKey, leadKey]: [SurveyStringKey, SurveyStringKey] =
    view.kind === 'form' ? ['pageTitle', 'pageLead'] : view.kind === 'thanks' ? ['thanksTitle', 'thanksLead'] : ['notFoundTitle', 'notFoundLead'];
  const title = surveyText(locale, titleKey);
  const lead = surveyText(locale, leadKey, view.kind === 'form' ? { subject: view.subject } : {});
  const main = `<div class="wrap narrow status-page" data-testid="survey-${view.kind}">
  ${view.kind === 'notFound' ? '<p class="status-code">404</p>' : ''}
  <h1>${escapeHtml(title)}</h1>
  <p class="lead">${escapeHtml(lead)}</p>
  ${view.kind === 'form' ? form(locale, path, view) : ''}
</div>`;
  return layout(page, { title, description: title, canonical: `${config.publicUrl}${path}`, noindex: true, bodyClass: 'page-status' }, main);
}
