/** Beside a ticket: who the customer is, their private fields when the role allows, their recent history. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, restrictedFieldNames, type Customer, type RestrictedFields } from '../shared/api';
import { getLocale, t } from '../shared/i18n';
import { HistoryTimeline, useCustomerHistory } from './CustomerHistory';

/** Loads one customer (again when `version` changes). */
export function useCustomer(id: number, version = 0): { customer: Customer | null; setCustomer: (customer: Customer) => void; error: string | null } {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCustomer(null);
    setError(null);
  }, [id]);
  useEffect(() => {
    let current = true;
    api.customer(id).then(
      (loaded) => current && setCustomer(loaded),
      (caught: unknown) => current && setError(caught instanceof ApiError && caught.status === 404 ? t('customerNotFound') : t('error', { message: (caught as Error).message })),
    );
    return () => {
      current = false;
    };
  }, [id, version]);
  return { customer, setCustomer, error };
}

export function formatRestricted(field: keyof RestrictedFields, value: string | number | null): string {
  if (value === null || value === '') return t('notSet');
  if (field === 'birthday' && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) {
    return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  }
  return String(value);
}

/** The private fields, or one muted line saying they are hidden (naming none of them). */
export function RestrictedView({ restricted }: { restricted: RestrictedFields | null }) {
  if (!restricted) {
    return (
      <p class="muted restricted-hidden" data-testid="restricted-hidden">
        {t('privateFieldsHidden')}
      </p>
    );
  }
  return (
    <section class="restricted" data-testid="restricted" aria-labelledby="restricted-title">
      <h3 id="restricted-title">{t('privateFields')}</h3>
      <dl class="facts">
        {restrictedFieldNames.map((field) => (
          <div key={field} data-testid={`restricted-${field}`}>
            <dt>{t(`field.${field}`)}</dt>
            <dd class={restricted[field] === null ? 'muted' : ''}>{formatRestricted(field, restricted[field])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Name, addresses, organisation, tags and ticket count, as a description list. */
export function CustomerFacts({ customer }: { customer: Customer }) {
  return (
    <dl class="facts">
      {customer.emails.length > 0 && (
        <div>
          <dt>{t('emails')}</dt>
          {customer.emails.map((email) => (
            <dd key={email} data-testid="customer-email">
              <a href={`mailto:${email}`}>{email}</a>
            </dd>
          ))}
        </div>
      )}
      {customer.phones.length > 0 && (
        <div>
          <dt>{t('phones')}</dt>
          {customer.phones.map((phone) => (
            <dd key={phone}>
              <a href={`tel:${phone}`}>{phone}</a>
            </dd>
          ))}
        </div>
      )}
      {customer.organisation && (
        <div>
          <dt>{t('organisation')}</dt>
          <dd data-testid="customer-organisation">{customer.organisation}</dd>
        </div>
      )}
      {customer.tags.length > 0 && (
        <div>
          <dt>{t('tags')}</dt>
          <dd>
            <ul class="chips">
              {customer.tags.map((tag) => (
                <li key={tag} class="chip">
                  {tag}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      <div>
        <dt>{t('tickets')}</dt>
        <dd data-testid="customer-ticket-count">{customer.ticketCount}</dd>
      </div>
    </dl>
  );
}

export function CustomerPanel({ customerId, ticketId, version }: { customerId: number; ticketId: number; version: number }) {
  const { customer, error } = useCustomer(customerId);
  const history = useCustomerHistory(customerId, version);
  return (
    <aside class="customer-panel side-panel" data-testid="customer-panel" aria-labelledby="customer-panel-title">
      <h2 id="customer-panel-title">{t('customer')}</h2>
      {error && <p class="error">{error}</p>}
      {!customer && !error && <p class="loading">{t('loading')}</p>}
      {customer && (
        <>
          <p class="customer-name" data-testid="customer-name">
            {customer.name || t('unnamedCustomer')}
          </p>
          <CustomerFacts customer={customer} />
          <a href={`#/customers/${customer.id}`} data-testid="open-customer">
            {t('openCustomer')}
          </a>
          <RestrictedView restricted={customer.restricted} />
        </>
      )}
      <h3>{t('history')}</h3>
      <HistoryTimeline history={history} compact currentTicketId={ticketId} />
    </aside>
  );
}
