/**
 * "Merge into…": pick the ticket this one continues (by number, or from the customer's other
 * tickets), confirm in a dialog that says what will happen, then merge. This ticket is the one
 * that moves and closes; the chosen one receives its messages (POST /api/tickets/:target/merge).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Ticket } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';
import { useShortcuts } from './shortcuts';

export function TicketMerge({ ticket, onMerged }: { ticket: Ticket; onMerged: (target: Ticket) => void }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  if (ticket.mergedIntoId) return null;
  return (
    <>
      <button type="button" class="secondary" ref={opener} data-testid="merge-open" onClick={() => setOpen(true)}>
        {t('tv.mergeInto')}
      </button>
      {open && (
        <MergeDialog
          ticket={ticket}
          onClose={close}
          onMerged={(target) => {
            setOpen(false);
            onMerged(target);
          }}
        />
      )}
    </>
  );
}

function MergeDialog({ ticket, onClose, onMerged }: { ticket: Ticket; onClose: () => void; onMerged: (target: Ticket) => void }) {
  const [others, setOthers] = useState<Ticket[] | null>(null);
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<Ticket | null>(null);
  const [chosen, setChosen] = useState<Ticket | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useShortcuts({ Escape: onClose });
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    api.customerTickets(ticket.customerId).then(
      (page) => setOthers(page.data.filter((other) => other.id !== ticket.id && !other.mergedIntoId && other.status !== 'closed')),
      () => setOthers([]),
    );
  }, [ticket.id, ticket.customerId]);

  const find = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setFound(null);
    const wanted = Number(number.replace(/^#/, '').trim());
    if (!Number.isInteger(wanted) || wanted <= 0) return setError(t('tv.mergeNotFound'));
    try {
      const match = (await api.ticketByNumber(wanted)).data.find((candidate) => candidate.number === wanted && candidate.id !== ticket.id);
      if (match) setFound(match);
      else setError(t('tv.mergeNotFound'));
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    }
  };

  const merge = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      onMerged(await api.mergeTicket(chosen.id, ticket.id));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('error', { message: (caught as Error).message }));
      setBusy(false);
    }
  };

  const option = (candidate: Ticket) => (
    <li key={candidate.id}>
      <button type="button" class="link merge-candidate" data-testid="merge-candidate" onClick={() => setChosen(candidate)}>
        <strong>#{candidate.number}</strong> {candidate.subject} · {t(`status.${candidate.status}` as MessageKey)}
      </button>
    </li>
  );

  return (
    <div class="overlay" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div class="dialog merge-dialog" role="dialog" aria-modal="true" aria-labelledby="merge-title" data-testid="merge-dialog">
        {!chosen ? (
          <>
            <h2 id="merge-title">{t('tv.mergeTitle')}</h2>
            <form class="merge-find" onSubmit={(event) => void find(event)}>
              <label>
                {t('tv.mergeFind')}
                <input ref={input} inputMode="numeric" name="merge-number" data-testid="merge-number" placeholder={t('tv.mergeFindHint')} value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
              </label>
              <button type="submit">{t('tv.mergeSearch')}</button>
            </form>
            {found && <ul class="merge-list">{option(found)}</ul>}
            <h3>{t('tv.mergeCustomerTickets')}</h3>
            {others === null ? <p class="loading">{t('loading')}</p> : others.length ? <ul class="merge-list">{others.map(option)}</ul> : <p class="muted">{t('tv.mergeNoOthers')}</p>}
          </>
        ) : (
          <>
            <h2 id="merge-title">{t('tv.mergeConfirmTitle', { from: ticket.number, to: chosen.number })}</h2>
            <p data-testid="merge-explain">{t('tv.mergeConfirmText', { from: ticket.number, to: chosen.number, subject: chosen.subject })}</p>
          </>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          {chosen && (
            <button type="button" class="danger" data-testid="merge-confirm" disabled={busy} onClick={() => void merge()}>
              {busy ? t('tv.merging') : t('tv.mergeConfirm')}
            </button>
          )}
          <button type="button" class="secondary" data-testid="merge-cancel" disabled={busy} onClick={onClose}>
            {t('cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
