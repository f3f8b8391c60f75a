/** One ticket: its header with status/priority/assignee and classification, the conversation, the reply box and suggestions. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Agent, type Message, type Ticket } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';
import { onServerEvent } from '../shared/realtime';
import type { PlaceholderValues } from './fillTemplate';
import { CustomerPanel } from './CustomerPanel';
import { MessageItem } from './MessageItem';
import { ReplyBox } from './ReplyBox';
import { SuggestionsPanel, useSuggestions } from './SuggestionsPanel';
import { TicketCategory } from './TicketCategory';
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

export function TicketView({ id, me }: { id: number; me: Agent }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [draft, setDraft] = useState('');
  /** The template the draft came from: sent with the reply, so the server learns from it. */
  const [template, setTemplate] = useState<{ id: number; title: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typing, setTyping] = useState<string | null>(null);
  /** Bumped for each new customer message: the suggestions are ranked again for it. */
  const [customerVersion, setCustomerVersion] = useState(0);
  const { suggestions, error: suggestionsError } = useSuggestions(id, customerVersion);

  useEffect(() => {
    setTicket(null);
    setDraft('');
    setTemplate(null);
    api.ticket(id).then(
      ({ messages: list, ...rest }) => {
        setTicket(rest);
        setMessages(list);
      },
      (caught: unknown) => setError(caught instanceof ApiError && caught.status === 404 ? t('notFound') : t('error', { message: (caught as Error).message })),
    );
    api.agents().then((page) => setAgents(page.data.filter((a) => a.active)), () => undefined);
  }, [id]);

  // Messages from the customer (and colleagues) and delivery updates arrive live.
  useEffect(() => {
    const upsert = ({ ticketId, message }: { ticketId: number; message: Message }) => {
      if (ticketId !== id) return;
      setMessages((list) => (list.some((m) => m.id === message.id) ? list.map((m) => (m.id === message.id ? message : m)) : [...list, message]));
    };
    const offs = [
      onServerEvent('message.created', (event) => {
        upsert(event);
        if (event.ticketId === id && event.message.authorType === 'customer' && !event.message.internal) setCustomerVersion((v) => v + 1);
      }),
      onServerEvent('message.updated', upsert),
      onServerEvent('typing', (event) => {
        if (event.ticketId === id) setTyping(event.visitor ? t('visitorTyping') : t('colleagueTyping', { name: event.name ?? '' }));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [id]);
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), 4000);
    return () => clearTimeout(timer);
  }, [typing]);

  const change = async (changes: Parameters<typeof api.updateTicket>[1]) => {
    try {
      setTicket(await api.updateTicket(id, changes));
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    }
  };

  const send = async (internal: boolean) => {
    if (!draft.trim() || sending) return;
    setSending(true);
    try {
      const message = await api.reply(id, draft, internal, template?.id ?? null);
      setMessages((list) => (list.some((m) => m.id === message.id) ? list : [...list, message]));
      setDraft('');
      setTemplate(null);
      setError(null);
      setTicket(await api.ticket(id).then(({ messages: _ignored, ...rest }) => rest));
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    } finally {
      setSending(false);
    }
  };

  const changeDraft = (text: string) => {
    setDraft(text);
    if (!text.trim()) setTemplate(null);
  };
  const insert = (text: string, from?: { id: number; title: string }) => {
    setDraft((current) => appendToDraft(current, text));
    if (from) setTemplate(from);
    document.getElementById('reply-body')?.focus();
  };

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
            <select value={ticket.status} onChange={(e) => change({ status: e.currentTarget.value as Ticket['status'] })}>
              {statuses.map((s) => <option key={s} value={s}>{t(`status.${s}` as MessageKey)}</option>)}
            </select>
          </label>
          <label>
            {t('priority')}
            <select value={ticket.priority} onChange={(e) => change({ priority: e.currentTarget.value as Ticket['priority'] })}>
              {priorities.map((p) => <option key={p} value={p}>{t(`priority.${p}` as MessageKey)}</option>)}
            </select>
          </label>
          <label>
            {t('assignee')}
            <select value={ticket.assigneeId ?? ''} onChange={(e) => change({ assigneeId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}>
              <option value="">{t('unassigned')}</option>
              {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </label>
        </div>
        <TicketCategory ticket={ticket} onUpdated={setTicket} />
      </header>
      {error && <p class="error">{error}</p>}
      <div class="ticket-layout">
        <div class="ticket-main">
          <ol class="conversation">
            {messages.map((message) => <MessageItem key={message.id} message={message} />)}
          </ol>
          {typing && (
            <p class="typing" data-testid="typing">
              {typing}
            </p>
          )}
          <ReplyBox
            ticketId={id}
            draft={draft}
            templateTitle={template?.title ?? null}
            sending={sending}
            onDraft={changeDraft}
            onSend={(internal) => void send(internal)}
            tools={<TemplatePicker suggestions={suggestions} values={placeholderValues(ticket, me)} onInsert={(body, templateId, title) => insert(body, { id: templateId, title })} />}
          />
        </div>
        <div class="ticket-side">
          <CustomerPanel customerId={ticket.customerId} ticketId={id} version={messages.length} />
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
