/**
 * The chat panel: launcher with unread badge, conversation, typing, pre-chat and offline forms,
 * and help articles offered while the visitor types their first message.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { newClientId, type OutgoingMessage } from '../shared/chatOutbox';
import { enoughForArticles, savedProfile, suggestArticles, WidgetConnection, type ArticleSuggestion, type ChatMessage, type Profile } from './connection';
import { translator, type WidgetLocale } from './strings';
import { SurveyRow, surveyTokenIn } from './SurveyRow';

export interface WidgetOptions {
  serverUrl: string;
  locale: WidgetLocale;
  preChat: boolean;
  requireName?: boolean;
  requireEmail?: boolean;
  /** The admins' texts for this language; empty: the built-in ones. */
  greeting?: string;
  offlineMessage?: string;
  /** A logged-in customer passed by the site (window.HelpdeskWidgetSettings). */
  identity: Profile | null;
}

export function Widget({ options }: { options: WidgetOptions }) {
  const t = useMemo(() => translator(options.locale), [options.locale]);
  const [open, setOpen] = useState(false);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [unread, setUnread] = useState(0);
  const [agentsOnline, setAgentsOnline] = useState(true);
  const [connected, setConnected] = useState(false);
  const [typingName, setTypingName] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [articles, setArticles] = useState<ArticleSuggestion[]>([]);
  const [surveyToken, setSurveyToken] = useState<string | null>(null);
  const profile = useMemo(() => ({ ...savedProfile(), ...(options.identity ?? {}) }), []);
  const { requireName, requireEmail } = options;
  const [needsPreChat, setNeedsPreChat] = useState(
    options.preChat && (requireName || requireEmail ? (requireName && !profile.name) || (requireEmail && !profile.email) : !profile.name && !profile.email),
  );
  const [email, setEmail] = useState(profile.email ?? '');
  const openRef = useRef(open);
  openRef.current = open;
  const logRef = useRef<HTMLDivElement>(null);

  const connection = useMemo(() => {
    const upsert = (message: ChatMessage) =>
      setMessages((list) => {
        const index = list.findIndex((m) => (message.id && m.id === message.id) || (message.clientId && m.clientId === message.clientId));
        if (index < 0) return [...list, message];
        const next = [...list];
        next[index] = { ...next[index], ...message };
        return next;
      });
    return new WidgetConnection(options.serverUrl, profile, {
      onSession: (session) => {
        setAgentsOnline(session.agentsOnline);
        setMessages((list) => {
          const history = session.history.map((m) => ({ ...m, state: 'sent' as const }));
          const unsent = list.filter((m) => m.state === 'sending' && !history.some((h) => h.id === m.id));
          return [...history, ...unsent];
        });
        // Back after the chat was solved: the invitation is the last word, so offer the row again.
        const last = session.history[session.history.length - 1];
        setSurveyToken(last?.authorType === 'system' ? surveyTokenIn(last.body) : null);
      },
      onMessage: (message) => {
        upsert({ ...message, state: 'sent' });
        setTypingName(null);
        // A new message after the invitation (the chat goes on) hides the row; the invitation shows it.
        setSurveyToken(message.authorType === 'system' ? surveyTokenIn(message.body) : null);
        if (!openRef.current && message.authorType !== 'customer') setUnread((n) => n + 1);
      },
      onStored: (message: OutgoingMessage) => upsert({ id: message.id, clientId: message.clientId, body: message.text, authorType: 'customer', authorName: null, createdAt: new Date().toISOString(), state: 'sent' }),
      onRefused: (message: OutgoingMessage) => upsert({ id: null, clientId: message.clientId, body: message.text, authorType: 'customer', authorName: null, createdAt: new Date().toISOString(), state: 'refused' }),
      onTyping: (typing, name) => setTypingName(typing ? (name ?? t('agent')) : null),
      onConnectionChange: setConnected,
      onSurvey: (survey) => setSurveyToken(survey.token),
    });
  }, []);

  useEffect(() => {
    if (open) setUnread(0);
    logRef.current?.scrollTo(0, logRef.current.scrollHeight);
  }, [open, messages.length]);
  useEffect(() => {
    if (!typingName) return;
    const timer = setTimeout(() => setTypingName(null), 5000);
    return () => clearTimeout(timer);
  }, [typingName]);

  // Before the chat starts, public articles for what is being typed: asked after a pause, and only
  // the latest text's answer is shown (an edit, a send or the chat starting cancels the request in flight).
  const query = draft.trim();
  const offerArticles = messages.length === 0 && enoughForArticles(query);
  useEffect(() => {
    if (!offerArticles) {
      setArticles([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        void suggestArticles(options.serverUrl, query, options.locale, controller.signal).then((list) => {
          if (!controller.signal.aborted) setArticles(list);
        }),
      400,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, offerArticles]);

  const send = (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const pending = connection.outbox.send(text);
    setMessages((list) => [...list, { id: null, clientId: pending.clientId, body: text, authorType: 'customer', authorName: null, createdAt: new Date().toISOString(), state: 'sending' }]);
    setDraft('');
  };

  if (!open) {
    return (
      <button class="launcher" part="launcher" aria-label={t('open')} onClick={() => setOpen(true)}>
        {t('open')}
        {unread > 0 && <span class="badge">{unread}</span>}
      </button>
    );
  }

  return (
    <div class="panel" role="dialog" aria-label={t('title')}>
      <header>
        <strong>{t('title')}</strong>
        <button aria-label={t('close')} onClick={() => setOpen(false)}>×</button>
      </header>
      {!connected && <div class="notice">{t('reconnecting')}</div>}
      {connected && <div class={`notice ${agentsOnline ? '' : 'offline'}`}>{agentsOnline ? t('online') : profile.email || email ? t('emailSaved', { email: profile.email || email }) : options.offlineMessage || t('offline')}</div>}
      {needsPreChat ? (
        <form
          class="prechat"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            connection.updateProfile({ name: String(form.get('name') || '') || undefined, email: String(form.get('email') || '') || undefined });
            setNeedsPreChat(false);
          }}
        >
          {options.greeting && <div class="greeting">{options.greeting}</div>}
          <span>{t(requireName || requireEmail ? 'preChatRequired' : 'preChatIntro')}</span>
          <input name="name" placeholder={t('name')} aria-label={t('name')} autocomplete="name" required={requireName} defaultValue={profile.name ?? ''} />
          <input name="email" type="email" placeholder={t('email')} aria-label={t('email')} autocomplete="email" required={requireEmail} defaultValue={profile.email ?? ''} />
          <button type="submit">{t('start')}</button>
        </form>
      ) : (
        <>
          <div class="log" ref={logRef}>
            {options.greeting && <div class="greeting">{options.greeting}</div>}
            {messages.map((m) => (
              <div key={m.id ?? m.clientId} class={`msg ${m.authorType === 'customer' ? 'me' : 'them'}`} data-state={m.state}>
                {m.authorType !== 'customer' && <small>{m.authorName ?? t('agent')}</small>}
                {m.body}
                {m.state === 'sending' && <small>{t('sending')}</small>}
                {m.state === 'refused' && <small>{t('notSent')}</small>}
              </div>
            ))}
          </div>
          {notice && (
            <div class="notice offline" role="status" onClick={() => setNotice(null)}>
              {notice}
            </div>
          )}
          {typingName && <div class="typing">{t('agentTyping', { name: typingName })}</div>}
          {!agentsOnline && !profile.email && !email.includes('@') && (
            <form
              class="compose"
              onSubmit={(e) => {
                e.preventDefault();
                const value = String(new FormData(e.currentTarget).get('email') || '');
                if (value.includes('@')) {
                  setEmail(value);
                  connection.updateProfile({ email: value });
                }
              }}
            >
              <input name="email" type="email" placeholder={t('email')} required />
              <button type="submit">{t('save')}</button>
            </form>
          )}
          {offerArticles && articles.length > 0 && (
            <nav class="kb" aria-label={t('articlesTitle')} data-testid="article-suggestions">
              <small>{t('articlesTitle')}</small>
              {articles.map((a) => (
                <a key={a.articleId} href={`${options.serverUrl}/kb/${encodeURIComponent(a.slug)}?lang=${options.locale}`} target="_blank" rel="noopener" data-testid="article-suggestion">
                  {a.title}
                </a>
              ))}
            </nav>
          )}
          {surveyToken && <SurveyRow key={surveyToken} serverUrl={options.serverUrl} token={surveyToken} t={t} />}
          <form class="compose" onSubmit={send}>
            <label class="attach" title={t('attach')} aria-label={t('attach')}>
              📎
              <input
                type="file"
                accept="image/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx"
                onChange={async (e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = '';
                  if (!file) return;
                  const clientId = newClientId();
                  const base = { clientId, body: `📎 ${file.name}`, authorType: 'customer' as const, authorName: null, createdAt: new Date().toISOString() };
                  setMessages((list) => [...list, { ...base, id: null, state: 'sending' }]);
                  const result = await connection.upload(file, clientId);
                  setMessages((list) => list.map((m) => (m.clientId === clientId ? { ...base, id: result.ok ? result.id : null, state: result.ok ? 'sent' : 'refused' } : m)));
                  if (!result.ok) setNotice(t('fileRefused'));
                }}
              />
            </label>
            <textarea
              value={draft}
              placeholder={t('placeholder')}
              onInput={(e) => {
                setDraft(e.currentTarget.value);
                connection.typing();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) send(e);
              }}
            />
            <button type="submit">{t('send')}</button>
          </form>
        </>
      )}
    </div>
  );
}
