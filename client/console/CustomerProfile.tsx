/** One customer (#/customers/:id): edit the profile and, when the role allows, the private fields; history; merge. */
import { useState } from 'preact/hooks';
import { api, ApiError, knowledgeLocales, type Customer, type KnowledgeLocale, type CustomerChanges, type RestrictedFields } from '../shared/api';
import { t } from '../shared/i18n';
import { HistoryTimeline, useCustomerHistory } from './CustomerHistory';
import { CustomerMerge } from './CustomerMerge';
import { CustomerFacts, RestrictedView, useCustomer } from './CustomerPanel';
import { customerLabel } from './CustomersPage';
import { joinList, splitList } from './formParts';

/** Saving: a status line under the form, an error when it failed (a 403 named as such). */
function useSave(onSaved: (customer: Customer) => void, forbiddenText?: string) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  const save = async (id: number, changes: CustomerChanges) => {
    setState({ busy: true, message: null, error: null });
    try {
      onSaved(await api.updateCustomer(id, changes));
      setState({ busy: false, message: t('saved'), error: null });
    } catch (caught) {
      const forbidden = caught instanceof ApiError && caught.status === 403 && forbiddenText;
      setState({ busy: false, message: null, error: forbidden || t('error', { message: (caught as Error).message }) });
    }
  };
  const status = (
    <>
      {state.message && <p class="notice" role="status">{state.message}</p>}
      {state.error && <p class="error" role="alert">{state.error}</p>}
    </>
  );
  return { busy: state.busy, save, status };
}

function ProfileEditor({ customer, onSaved }: { customer: Customer; onSaved: (customer: Customer) => void }) {
  const [name, setName] = useState(customer.name ?? '');
  const [organisation, setOrganisation] = useState(customer.organisation ?? '');
  const [locale, setLocale] = useState<KnowledgeLocale | ''>(customer.locale === 'en' || customer.locale === 'zh-CN' ? customer.locale : '');
  const [notes, setNotes] = useState(customer.notes ?? '');
  const [tags, setTags] = useState(joinList(customer.tags));
  const [fields, setFields] = useState(Object.entries(customer.customFields));
  const { busy, save, status } = useSave(onSaved);
  const setField = (index: number, part: 0 | 1, value: string) => setFields((list) => list.map((row, i) => (i === index ? (part ? [row[0], value] : [value, row[1]]) : row)));
  const submit = (event: Event) => {
    event.preventDefault();
    const customFields = Object.fromEntries(fields.map(([key, value]) => [key.trim(), value.trim()]).filter(([key]) => key));
    void save(customer.id, { name: name.trim() || null, organisation: organisation.trim() || null, locale: locale || null, notes: notes.trim() ? notes : null, tags: splitList(tags), customFields });
  };
  return (
    <form class="editor" data-testid="customer-editor" aria-labelledby="profile-title" onSubmit={submit}>
      <h2 id="profile-title">{t('profile')}</h2>
      <fieldset disabled={busy}>
        <label>
          {t('name')}
          <input name="name" value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t('organisation')}
          <input name="organisation" value={organisation} maxLength={200} onInput={(e) => setOrganisation(e.currentTarget.value)} />
        </label>
        <label>
          {t('preferredLanguage')}
          <select name="locale" value={locale} onChange={(e) => setLocale(e.currentTarget.value as KnowledgeLocale | '')}>
            <option value="">{t('notSet')}</option>
            {knowledgeLocales.map((code) => (
              <option key={code} value={code}>
                {t(`locale.${code}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="wide">
          {t('tagsComma')}
          <input name="tags" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
        </label>
        <label class="wide">
          {t('notes')}
          <textarea name="notes" rows={4} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </label>
      </fieldset>
      <fieldset disabled={busy} class="custom-fields" aria-labelledby="custom-fields-title">
        <h3 id="custom-fields-title" class="wide">{t('customFields')}</h3>
        {fields.map(([key, value], index) => (
          <div class="custom-field wide" key={index} data-testid="custom-field">
            <input aria-label={t('fieldName')} placeholder={t('fieldName')} value={key} onInput={(e) => setField(index, 0, e.currentTarget.value)} />
            <input aria-label={t('fieldValue')} placeholder={t('fieldValue')} value={value} onInput={(e) => setField(index, 1, e.currentTarget.value)} />
            <button type="button" class="small danger secondary" aria-label={t('removeField', { name: key })} onClick={() => setFields((list) => list.filter((_, i) => i !== index))}>
              ×
            </button>
          </div>
        ))}
        <div class="wide">
          <button type="button" class="small secondary" data-testid="custom-field-add" onClick={() => setFields((list) => [...list, ['', '']])}>
            {t('addField')}
          </button>
        </div>
      </fieldset>
      {status}
      <div class="actions">
        <button type="submit" data-testid="customer-save" disabled={busy}>
          {t('save')}
        </button>
      </div>
    </form>
  );
}

function RestrictedEditor({ customer, restricted, onSaved }: { customer: Customer; restricted: RestrictedFields; onSaved: (customer: Customer) => void }) {
  const [homeAddress, setHomeAddress] = useState(restricted.homeAddress ?? '');
  const [income, setIncome] = useState(restricted.income ?? '');
  const [householdSize, setHouseholdSize] = useState(restricted.householdSize === null ? '' : String(restricted.householdSize));
  const [birthday, setBirthday] = useState(restricted.birthday ?? '');
  const { busy, save, status } = useSave(onSaved, t('privateFieldsForbidden'));
  const submit = (event: Event) => {
    event.preventDefault();
    const size = householdSize.trim() ? Number(householdSize) : null;
    void save(customer.id, { restricted: { homeAddress: homeAddress.trim() || null, income: income.trim() || null, householdSize: size, birthday: birthday || null } });
  };
  return (
    <form class="editor restricted-editor" data-testid="restricted-editor" aria-labelledby="restricted-editor-title" onSubmit={submit}>
      <h2 id="restricted-editor-title">{t('privateFields')}</h2>
      <fieldset disabled={busy}>
        <label class="wide">
          {t('field.homeAddress')}
          <input name="homeAddress" value={homeAddress} onInput={(e) => setHomeAddress(e.currentTarget.value)} />
        </label>
        <label>
          {t('field.income')}
          <input name="income" value={income} onInput={(e) => setIncome(e.currentTarget.value)} />
        </label>
        <label>
          {t('field.householdSize')}
          <input name="householdSize" type="number" min={0} max={100} step={1} value={householdSize} onInput={(e) => setHouseholdSize(e.currentTarget.value)} />
        </label>
        <label>
          {t('field.birthday')}
          <input name="birthday" type="date" value={birthday} onInput={(e) => setBirthday(e.currentTarget.value)} />
        </label>
      </fieldset>
      {status}
      <div class="actions">
        <button type="submit" data-testid="restricted-save" disabled={busy}>
          {t('savePrivateFields')}
        </button>
      </div>
    </form>
  );
}

export function CustomerProfile({ id }: { id: number }) {
  /** Bumped after a merge or its undo: the customer, its history and the forms are loaded afresh. */
  const [version, setVersion] = useState(0);
  const { customer, setCustomer, error } = useCustomer(id, version);
  const history = useCustomerHistory(id, version);
  const changed = (next: Customer) => {
    setCustomer(next);
    setVersion((v) => v + 1);
  };
  return (
    <section class="customer-profile">
      <a href="#/customers">{t('backToCustomers')}</a>
      {error && <p class="error">{error}</p>}
      {!customer && !error && <p class="loading">{t('loading')}</p>}
      {customer && (
        <>
          <h1 data-testid="customer-title">{customerLabel(customer)}</h1>
          {customer.mergedIntoId !== null && (
            <p class="notice" data-testid="customer-merged-into">
              {t('mergedInto')} <a href={`#/customers/${customer.mergedIntoId}`}>{t('openMergedInto')}</a>
            </p>
          )}
          <div class="profile-layout">
            <div class="profile-main">
              <CustomerFacts customer={customer} />
              <ProfileEditor key={`${customer.id}-${version}`} customer={customer} onSaved={setCustomer} />
              {customer.restricted ? (
                <RestrictedEditor key={`r${customer.id}-${version}`} customer={customer} restricted={customer.restricted} onSaved={setCustomer} />
              ) : (
                <RestrictedView restricted={null} />
              )}
              {customer.mergedIntoId === null && <CustomerMerge customer={customer} onChanged={changed} />}
            </div>
            <section class="side-panel profile-history" aria-labelledby="history-title">
              <h2 id="history-title">{t('history')}</h2>
              <HistoryTimeline history={history} />
            </section>
          </div>
        </>
      )}
    </section>
  );
}
