/** On a customer's profile: find a duplicate, confirm, fold it into this customer; undo right after. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Customer } from '../shared/api';
import { t } from '../shared/i18n';
import { customerLabel } from './CustomersPage';
import { useSettled } from './formParts';

export function CustomerMerge({ customer, onChanged }: { customer: Customer; onChanged: (customer: Customer) => void }) {
  const [q, setQ] = useState('');
  const query = useSettled(q.trim());
  const [results, setResults] = useState<{ query: string; data: Customer[] }>({ query: '', data: [] });
  const [chosen, setChosen] = useState<Customer | null>(null);
  /** The last merge made here, which can be undone. */
  const [done, setDone] = useState<{ mergeId: number; other: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!query) return setResults({ query, data: [] });
    let current = true;
    api.customers({ q: query, limit: 10 }).then(
      (page) => current && setResults({ query, data: page.data.filter((other) => other.id !== customer.id && other.mergedIntoId === null) }),
      (caught: Error) => current && setError(t('error', { message: caught.message })),
    );
    return () => {
      current = false;
    };
  }, [query, customer.id]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const merge = (other: Customer) =>
    run(async () => {
      const result = await api.mergeCustomer(customer.id, other.id);
      setDone({ mergeId: result.mergeId, other: customerLabel(other) });
      setNotice(t('mergeDone', { other: customerLabel(other) }));
      setChosen(null);
      setQ('');
      setResults({ query: '', data: [] });
      onChanged(result.customer);
    });
  const undo = (mergeId: number) =>
    run(async () => {
      const result = await api.undoMerge(mergeId);
      setDone(null);
      setNotice(t('mergeUndone'));
      onChanged(result.customer);
    });

  return (
    <section class="editor customer-merge" data-testid="customer-merge" aria-labelledby="merge-title">
      <h2 id="merge-title">{t('mergeCustomers')}</h2>
      <p class="muted">{t('mergeHelp')}</p>
      {notice && (
        <p class="notice" role="status" data-testid="merge-notice">
          {notice}
        </p>
      )}
      {done && (
        <div class="actions">
          <button type="button" class="secondary" data-testid="merge-undo" disabled={busy} onClick={() => void undo(done.mergeId)}>
            {t('undoMerge')}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {chosen ? (
        <div class="confirm-merge" role="group" aria-labelledby="merge-question">
          <p id="merge-question" data-testid="merge-question">
            {t('mergeConfirm', { other: customerLabel(chosen), name: customerLabel(customer) })}
          </p>
          <div class="actions">
            <button type="button" class="danger" data-testid="merge-confirm" disabled={busy} onClick={() => void merge(chosen)}>
              {t('confirmMerge')}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setChosen(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <label>
            {t('mergeSearch')}
            <input type="search" name="merge-q" data-testid="merge-search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </label>
          {query && results.query === query && !results.data.length && <p class="muted">{t('noCustomers')}</p>}
          <ul class="item-list merge-results">
            {results.query === query && results.data.map((other) => (
              <li key={other.id} data-testid="merge-candidate" data-customer-id={other.id}>
                <span class="item">
                  <strong>{customerLabel(other)}</strong>
                  <span class="muted">{[...other.emails, ...other.phones].join(' · ')}</span>
                </span>
                <button type="button" class="small secondary" aria-label={t('chooseCustomer', { name: customerLabel(other) })} onClick={() => setChosen(other)}>
                  {t('choose')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
