/** The unsubscribe pages, in the portal's frame: confirm (a POST form), done, and link not valid. */
import type { PortalLocale } from '../../client/portal/strings';
import { escapeHtml, layout, portalContext, supportAddress } from '../portal/layout';
import type { Config } from '../config';
import { careText, type CareStringKey } from './strings';

export type UnsubscribeView = 'confirm' | 'done' | 'notFound';

const copy: Record<UnsubscribeView, { title: CareStringKey; lead: CareStringKey }> = {
  confirm: { title: 'confirmTitle', lead: 'confirmLead' },
  done: { title: 'doneTitle', lead: 'doneLead' },
  notFound: { title: 'notFoundTitle', lead: 'notFoundLead' },
};

export function unsubscribePage(config: Config, locale: PortalLocale, path: string, view: UnsubscribeView): string {
  const company = config.COMPANY_NAME;
  const page = portalContext({ locale, company, publicUrl: config.publicUrl, supportEmail: supportAddress(config.mailFrom), path, query: {} });
  const title = careText(locale, copy[view].title, { company });
  const lead = careText(locale, copy[view].lead, { company });
  // A form, not a link: mail scanners that open links must not unsubscribe anyone.
  const form =
    view === 'confirm'
      ? `<form method="post" action="${escapeHtml(`${path}?lang=${locale}`)}"><button type="submit" class="btn btn-primary" data-testid="unsubscribe">${escapeHtml(careText(locale, 'confirmButton'))}</button></form>`
      : '';
  const main = `<div class="wrap narrow status-page" data-testid="care-${view}">
  ${view === 'notFound' ? '<p class="status-code">404</p>' : ''}
  <h1>${escapeHtml(title)}</h1>
  <p class="lead">${escapeHtml(lead)}</p>
  ${form}
</div>`;
  return layout(page, { title, description: lead, canonical: `${config.publicUrl}${path}`, noindex: true, bodyClass: 'page-status' }, main);
}
