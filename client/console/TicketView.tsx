/** One ticket: its header with status/priority/assignee, the conversation, and the reply box. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Agent, type Message, type Ticket } from '../shared/api';
import { formatTime, t, type MessageKey } from '../shared/i18n';
import { onServerEvent, sendTyping } from '../shared/realtime';

const statuses = ['open', 'pending', 'solved', 'closed'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;

function MessageItem({ message }: { message: Message }) {
  const side = message.authorType === 'customer' ? 'from-customer' : 'from-agent';
  return (
    <li data-testid="message" data-internal={message.internal ? 'true' : undefined} class={`message ${side} ${message.internal ? 'internal' : ''}`}>
      <div class="meta">
        <strong>{message.authorName ?? t(`author.${message.authorType}` as MessageKey)}</strong>
        {message.internal && <span class="badge note">{t('internalNote')}</span>}
        <time>{formatTime(message.createdAt)}</time>
        {message.autoKind && <span class="badge auto">{t(`auto.${message.autoKind}` as MessageKey)}</span>}
        {message.deliveryState && (
          <span class={`delivery ${message.deliveryState}`} title={message.deliveryError ?? undefined}>
            {t(message.deliveryState)}
          </span>
        )}
        {message.hasRawSource && <a href={`/api/messages/${message.id}/raw`}>{t('showOriginal')}</a>}
      </div>
      {/* Plain text with line breaks kept; the sanitised HTML is never injected into the console. */}
      <div class="body">{message.body}</div>
      {message.attachments.length > 0 && (
        <ul class="attachments">
          {message.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function TicketView({ id }: { id: number }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const lastTypingSent = useRef(0);

  useEffect(() => {
    setTicket(null);
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
      onServerEvent('message.created', upsert),
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
      const message = await api.reply(id, draft, internal);
      setMessages((list) => (list.some((m) => m.id === message.id) ? list : [...list, message]));
      setDraft('');
      setError(null);
      setTicket(await api.ticket(id).then(({ messages: _ignored, ...rest }) => rest));
    } catch (caught) {
      setError(t('error', { message: (caught as Error).message }));
    } finally {
      setSending(false);
    }
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
      </header>
      {error && <p class="error">{error}</p>}
      <ol class="conversation">
        {messages.map((message) => <MessageItem key={message.id} message={message} />)}
      </ol>
      {typing && (
        <p class="typing" data-testid="typing">
          {typing}
        </p>
      )}
      <div class="reply">
        <textarea
          data-testid="reply-body"
          rows={5}
          placeholder={t('replyPlaceholder')}
          value={draft}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            // At most every two seconds: enough for "typing…", cheap on the wire.
            if (Date.now() - lastTypingSent.current > 2000) {
              lastTypingSent.current = Date.now();
              sendTyping(id);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(false);
          }}
        />
        <div class="actions">
          <button type="button" data-testid="send-reply" disabled={sending || !draft.trim()} onClick={() => send(false)}>
            {sending ? t('sending') : t('sendReply')}
          </button>
          <button type="button" class="secondary" data-testid="send-note" disabled={sending || !draft.trim()} onClick={() => send(true)}>
            {t('addNote')}
          </button>
        </div>
      </div>
    </section>
  );
}
