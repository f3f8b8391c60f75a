/** The customers list (#/customers): search by name, email, phone or organisation; "load more" paging. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Agent, type Customer, type Page } from '../shared/api';
import { t } from '../shared/i18n';
import { useSettled, useLatestRequest } from './formParts';
import { mayUseCustomerData } from './roles';

const PAGE = 50;

/** A customer's name, or their first address when they have none. */
export function customerLabel(customer: Pick<Customer, 'name' | 'emails' | 'phones'>): string {
  return customer.name || customer.emails[0] || customer.phones[0] || t('unnamedCustomer');
}

export function CustomersPage({ me }: { me: Agent }) {
  const [q, setQ] = useState('');
  const query = useSettled(q);
  const [list, setList] = useState<Page<Customer> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Only the latest request's answer is shown (typing fast sends several). */
  const beginRequest = useLatestRequest();

  const load = (offset: number) => {
    const isLatest = beginRequest();
    setBusy(true);
    return api.customers({ q: query.trim() || undefined, limit: PAGE, offset }).then(
      (page) => {
        if (!isLatest()) return;
        setList((previous) => (offset && previous ? { data: [...previous.data, ...page.data.filter((c) => !previous.data.some((d) => d.id === c.id))], total: page.total } : page));
        setError(null);
        setBusy(false);
      },
      (caught: Error) => {
        if (!isLatest()) return;
        setError(t('error', { message: caught.message }));
        setBusy(false);
      },
    );
  };
  useEffect(() => {
    void load(0);
  }, [query]);

  return (
    <section class="knowledge-page customers-page">
      <h1>{t('customers')}</h1>
      {/* Admins reach it from Settings. */}
      {me.role !== 'admin' && mayUseCustomerData(me) && (
        <p>
          <a href="#/admin/customers-data" data-testid="customer-data-link">
            {t('customerData')}
          </a>
        </p>
      )}
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label class="grow">
          {t('searchCustomers')}
          <input type="search" name="q" data-testid="customer-search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </form>
      {error && <p class="error">{error}</p>}
      {!list && !error && <p class="loading">{t('loading')}</p>}
      {list && !list.data.length && <p class="empty">{t('noCustomers')}</p>}
      <ul class="item-list" data-testid="customer-list">
        {list?.data.map((customer) => (
          <li key={customer.id} data-testid="customer-row" data-customer-id={customer.id}>
            <a class="item" href={`#/customers/${customer.id}`}>
              <strong>{customerLabel(customer)}</strong>
              <span class="muted">
                {[...customer.emails, ...customer.phones, customer.organisation].filter(Boolean).join(' · ')}
                {' · '}
                {t('ticketCount', { count: customer.ticketCount })}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {list && list.total > list.data.length && (
        <div class="paging">
          <span>{t('shownOf', { shown: list.data.length, total: list.total })}</span>
          <button type="button" class="secondary" disabled={busy} onClick={() => void load(list.data.length)}>
            {busy ? t('loading') : t('more')}
          </button>
        </div>
      )}
    </section>
  );
}
