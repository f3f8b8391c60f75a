/**
 * One ticket: its header with status/priority/assignee, classification and merge; the
 * conversation or its history; who else is here (presence); the composer and suggestions.
 * Keyboard: r reply, n note, a assign to me, c solve, j/k next/previous ticket, u back to the list.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Agent, type Message, type Ticket } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';
import { onServerEvent, sendStopViewing, sendViewing } from '../shared/realtime';
import type { PlaceholderValues } from './fillTemplate';
import { CustomerPanel } from './CustomerPanel';
import { neighbourTicket } from './inboxOrder';
import { MessageItem } from './MessageItem';
import { PresenceBar, usePresence } from './PresenceBar';
import { ReplyBox, type ComposerMode } from './ReplyBox';
import { useShortcuts } from './shortcuts';
import { SuggestionsPanel, useSuggestions } from './SuggestionsPanel';
import { TicketAudit } from './TicketAudit';
import { TicketCategory } from './TicketCategory';
import { TicketMerge } from './TicketMerge';
import { TemplatePicker } from './TemplatePicker';

const statuses = ['open', 'pending', 'solved', 'closed'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/** Where a template or link goes: an empty box is replaced, else it follows after a blank line. */
function appendToDraft(draft: string, text: string): string {
  return draft.trim() ? `${draft.replace(/\s+$/, '')}\n\n${text}` : text;
}

function placeholderValues(ticket: Ticket, me: Agent): PlaceholderValues {
  return {
    customer: { name: ticket.customer?.name ?? null, email: ticket.customer?.email ?? null },
    ticket: { number: ticket.number, subject: ticket.subject },
    agent: { name: me.name },
  };
}

const focusComposer = () => document.getElementById('reply-body')?.focus();

export function TicketView({ id, me }: { id: number; me: Agent }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<ComposerMode>('reply');
  /** The template the draft came from: sent with the reply, so the server learns from it. */
  const [template, setTemplate] = useState<{ id: number; title: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const [tab, setTab] = useState<'conversation' | 'history'>('conversation');
  /** A public message came in while the agent had a draft: they should read it before sending. */
  const [newWhileWriting, setNewWhileWriting] = useState(false);
  /** Bumped for each new customer message: the suggestions are ranked again for it. */
  const [customerVersion, setCustomerVersion] = useState(0);
  /** Bumped on every change of the ticket: the history tab reloads. */
  const [changeVersion, setChangeVersion] = useState(0);
  const { suggestions, error: suggestionsError } = useSuggestions(id, customerVersion);
  // Subscribed before the effect below sends `viewing`, so the server's answer is heard.
  const viewers = usePresence(id, me.id);
  // Read by the live handlers below without re-subscribing on every keystroke.
  const draftRef = useRef('');
  const messagesRef = useRef<Message[]>([]);
  draftRef.current = draft;
  messagesRef.current = messages;

  const load = () =>
    api.ticket(id).then(
      ({ messages: list, ...rest }) => {
        setTicket(rest);
        setMessages(list);
      },
      (caught: unknown) => setError(caught instanceof ApiError && caught.status === 404 ? t('notFound') : t('error', { message: (caught as Error).message })),
    );

  useEffect(() => {
    setTicket(null);
    setDraft('');
    setTemplate(null);
    setMode('reply');
    setTab('conversation');
    setNotice(null);
    setError(null);
    setNewWhileWriting(false);
    void load();
    api.agents().then((page) => setAgents(page.data.filter((a) => a.active)), () => undefined);
    // Colleagues see that this agent has the ticket open (and we see them), until we leave it.
    sendViewing(id);
    return () => sendStopViewing(id);
  }, [id]);

  // Messages from the customer (and colleagues), delivery updates and ticket changes arrive live.
  useEffect(() => {
    const upsert = ({ ticketId, message }: { ticketId: number; message: Message }) => {
      if (ticketId !== id) return;
      setMessages((list) => (list.some((m) => m.id === message.id) ? list.map((m) => (m.id === message.id ? message : m)) : [...list, message]));
    };
    const offs = [
      onServerEvent('message.created', (event) => {
        if (event.ticketId !== id) return;
        const isNew = !messagesRef.current.some((m) => m.id === event.message.id);
        upsert(event);
        if (event.message.authorType === 'customer' && !event.message.internal) setCustomerVersion((v) => v + 1);
        // Someone else's public message while a draft is open: say so before the agent sends.
        const mine = event.message.authorType === 'agent' && event.message.authorId === me.id;
        if (isNew && !mine && !event.message.internal && draftRef.current.trim()) setNewWhileWriting(true);
      }),
      onServerEvent('message.updated', upsert),
      onServerEvent('ticket.updated', (event) => {
        if (event.ticket.id !== id) return;
        setTicket(event.ticket);
        setChangeVersion((v) => v + 1);
      }),
      onServerEvent('typing', (event) => {
        if (event.ticketId === id && event.visitor) setTyping(t('visitorTyping'));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [id, me.id]);
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), 4000);
    return () => clearTimeout(timer);
  }, [typing]);

  const change = async (changes: Parameters<typeof api.updateTicket>[1], done?: string) => {
    try {
      setTicket(await api.updateTicket(id, changes));
      setChangeVersion((v) => v + 1);
      setNotice(done ?? null);
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    }
  };

  const send = async (internal: boolean, attachmentIds: number[]): Promise<boolean> => {
    if (!draft.trim() || sending) return false;
    setSending(true);
    try {
      const message = await api.sendMessage(id, { body: draft, internal, templateId: template?.id ?? null, ...(attachmentIds.length ? { attachmentIds } : {}) });
      setMessages((list) => (list.some((m) => m.id === message.id) ? list : [...list, message]));
      setDraft('');
      setTemplate(null);
      setError(null);
      setNewWhileWriting(false);
      setTicket(await api.ticket(id).then(({ messages: _ignored, ...rest }) => rest));
      return true;
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
      return false;
    } finally {
      setSending(false);
    }
  };

  const changeDraft = (text: string) => {
    setDraft(text);
    if (!text.trim()) {
      setTemplate(null);
      setNewWhileWriting(false);
    }
  };
  const insert = (text: string, from?: { id: number; title: string }) => {
    setDraft((current) => appendToDraft(current, text));
    if (from) setTemplate(from);
    focusComposer();
  };
  const compose = (next: ComposerMode) => {
    setMode(next);
    setTab('conversation');
    // After the re-render that shows the composer.
    setTimeout(focusComposer, 0);
  };
  const go = (step: 1 | -1) => {
    const next = neighbourTicket(id, step);
    if (next !== null && next !== id) location.hash = `#/tickets/${next}`;
  };

  // Single keys never fire while typing in a field (see shortcuts.tsx), nor behind a dialog.
  const guarded = (handler: () => void) => () => {
    if (!document.querySelector('[role="dialog"]')) handler();
  };
  useShortcuts({
    r: guarded(() => compose('reply')),
    n: guarded(() => compose('note')),
    a: guarded(() => ticket && ticket.assigneeId !== me.id && void change({ assigneeId: me.id }, t('tv.assignedToMe'))),
    c: guarded(() => ticket && ticket.status !== 'solved' && void change({ status: 'solved' }, t('tv.closedByShortcut'))),
    j: guarded(() => go(1)),
    k: guarded(() => go(-1)),
    u: guarded(() => (location.hash = '#/tickets?status=open')),
  });

  if (!ticket) {
    return (
      <section class="ticket-view">
        <a href="#/tickets?status=open">{t('back')}</a>
        <p class={error ? 'error' : 'loading'}>{error ?? t('loading')}</p>
      </section>
    );
  }

  return (
    <section class="ticket-view">
      <a href="#/tickets?status=open">{t('back')}</a>
      {ticket.mergedIntoId ? <MergedBanner targetId={ticket.mergedIntoId} /> : null}
      <header class="ticket-header">
        <h1 data-testid="ticket-subject">
          <span class="number">#{ticket.number}</span> {ticket.subject}
        </h1>
        <p class="customer">
          {t('customer')}: {ticket.customer?.name ?? ''} {ticket.customer?.email ? `<${ticket.customer.email}>` : ''} · {t(`channel.${ticket.channel}` as MessageKey)}
        </p>
        <div class="fields">
          <label>
            {t('status')}
            <select data-testid="ticket-status" value={ticket.status} onChange={(e) => change({ status: e.currentTarget.value as Ticket['status'] })}>
              {statuses.map((s) => <option key={s} value={s}>{t(`status.${s}` as MessageKey)}</option>)}
            </select>
          </label>
          <label>
            {t('priority')}
            <select data-testid="ticket-priority" value={ticket.priority} onChange={(e) => change({ priority: e.currentTarget.value as Ticket['priority'] })}>
              {priorities.map((p) => <option key={p} value={p}>{t(`priority.${p}` as MessageKey)}</option>)}
            </select>
          </label>
          <label>
            {t('assignee')}
            <select data-testid="ticket-assignee" value={ticket.assigneeId ?? ''} onChange={(e) => change({ assigneeId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}>
              <option value="">{t('unassigned')}</option>
              {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </label>
          <TicketMerge
            ticket={ticket}
            onMerged={(target) => {
              setNotice(t('tv.mergedDone', { number: target.number }));
              void load();
              setChangeVersion((v) => v + 1);
            }}
          />
        </div>
        <TicketCategory ticket={ticket} onUpdated={setTicket} />
      </header>
      {error && <p class="error">{error}</p>}
      {notice && (
        <p class="notice" role="status" data-testid="ticket-notice">
          {notice}
        </p>
      )}
      <div class="ticket-layout">
        <div class="ticket-main">
          <div class="ticket-tabs" role="tablist" aria-label={t('tv.tabConversation')}>
            {(['conversation', 'history'] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`panel-${name}`}
                data-testid={`tab-${name}`}
                onClick={() => setTab(name)}
              >
                {t(name === 'conversation' ? 'tv.tabConversation' : 'tv.tabHistory')}
              </button>
            ))}
          </div>
          {tab === 'history' ? (
            <div role="tabpanel" id="panel-history" aria-labelledby="tab-history">
              <TicketAudit ticketId={id} agents={agents} version={changeVersion} />
            </div>
          ) : (
            <div role="tabpanel" id="panel-conversation" aria-labelledby="tab-conversation">
              <ol class="conversation">
                {messages.map((message) => <MessageItem key={message.id} message={message} />)}
              </ol>
              {typing && (
                <p class="typing" data-testid="typing">
                  {typing}
                </p>
              )}
            </div>
          )}
          <PresenceBar viewers={viewers} />
          <ReplyBox
            ticketId={id}
            draft={draft}
            mode={mode}
            onMode={setMode}
            templateTitle={template?.title ?? null}
            sending={sending}
            onDraft={changeDraft}
            onSend={send}
            newMessageNotice={newWhileWriting}
            onDismissNotice={() => setNewWhileWriting(false)}
            tools={<TemplatePicker suggestions={suggestions} values={placeholderValues(ticket, me)} onInsert={(body, templateId, title) => insert(body, { id: templateId, title })} />}
          />
        </div>
        <div class="ticket-side">
          <CustomerPanel customerId={ticket.customerId} ticketId={id} version={messages.length + changeVersion} />
          <SuggestionsPanel
            suggestions={suggestions}
            error={suggestionsError}
            onInsertTemplate={(item) => insert(item.body, { id: item.templateId, title: item.title })}
            onInsertText={(text) => insert(text)}
          />
        </div>
      </div>
    </section>
  );
}

/** The banner on a merged ticket: a link to the ticket it continues in, by number when visible. */
function MergedBanner({ targetId }: { targetId: number }) {
  const [number, setNumber] = useState<number | null>(null);
  useEffect(() => {
    api.ticket(targetId).then((target) => setNumber(target.number), () => setNumber(null));
  }, [targetId]);
  return (
    <p class="merged-banner" role="status" data-testid="merged-banner">
      {t('tv.mergedBanner')} <a href={`#/tickets/${targetId}`}>{t('tv.mergedOpen', { number: number ?? targetId })}</a>
    </p>
  );
}
