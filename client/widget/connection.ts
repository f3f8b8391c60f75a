/**
 * The widget's connection: Socket.IO `/widget` with the visitor token and the last reply seen
 * (kept in localStorage, so a returning visitor sees their conversation and gets what they
 * missed), and the outbox that re-sends unacked messages after a drop. Also the public help
 * articles offered while the visitor types their first message.
 */
import { io, type Socket } from 'socket.io-client';
import { ChatOutbox, type OutgoingMessage } from '../shared/chatOutbox';

const TOKEN_KEY = 'hd.widget.visitorToken';
const SEEN_KEY = 'hd.widget.lastSeenId';
const PROFILE_KEY = 'hd.widget.profile';

export interface ChatMessage {
  id: number | null;
  clientId?: string;
  body: string;
  authorType: 'customer' | 'agent' | 'system';
  authorName: string | null;
  createdAt: string;
  state?: 'sending' | 'sent' | 'refused';
}

export interface Profile {
  name?: string;
  email?: string;
  identifierHash?: string;
}

export interface SessionInfo {
  visitorToken: string;
  customerId: number;
  ticketId: number | null;
  agentsOnline: boolean;
  history: ChatMessage[];
}

export interface ConnectionEvents {
  onSession(session: SessionInfo): void;
  onMessage(message: ChatMessage): void;
  onStored(message: OutgoingMessage): void;
  onRefused(message: OutgoingMessage, code: string): void;
  onTyping(typing: boolean, name: string | null): void;
  onConnectionChange(connected: boolean): void;
  /** The visitor's chat was solved: show the rating row (survey token and ticket). */
  onSurvey?(survey: { token: string; ticketId: number }): void;
}

/** A public help article matching what the visitor is typing (from `POST /api/suggestions`). */
export interface ArticleSuggestion {
  articleId: number;
  slug: string;
  title: string;
  visibility: string;
}

/** Enough typed to look articles up: 3 characters, or 2 when Chinese/Japanese/Korean ones are among them ('退款'). */
export function enoughForArticles(text: string): boolean {
  return text.length >= (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(text) ? 2 : 3);
}

/**
 * Up to three public articles for `text`, best first. Anonymous (no credentials), so only public
 * articles come back. Any failure (rate limit, network, server) gives none: the chat works without
 * them, and so does an aborted (stale) request: the caller checks its signal before showing any.
 */
export async function suggestArticles(serverUrl: string, text: string, locale: string, signal: AbortSignal): Promise<ArticleSuggestion[]> {
  let articles: ArticleSuggestion[] = [];
  try {
    const response = await fetch(`${serverUrl}/api/suggestions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, locale, limit: 3 }),
      credentials: 'omit',
      signal,
    });
    if (response.ok) articles = ((await response.json()) as { articles?: ArticleSuggestion[] }).articles ?? [];
  } catch {
    // silent: no list
  }
  return articles.filter((a) => a.visibility === 'public').slice(0, 3);
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (private mode, sandboxed frames): the chat still works
  }
}

export function savedProfile(): Profile {
  try {
    return JSON.parse(storage()?.getItem(PROFILE_KEY) ?? '{}') as Profile;
  } catch {
    return {};
  }
}

export class WidgetConnection {
  readonly socket: Socket;
  readonly outbox: ChatOutbox;
  private profile: Profile;

  constructor(private readonly serverUrl: string, profile: Profile, events: ConnectionEvents) {
    this.profile = profile;
    this.socket = io(`${serverUrl}/widget`, {
      // Evaluated at every (re)connect: the newest token and the last reply seen.
      auth: (send) =>
        send({
          visitorToken: storage()?.getItem(TOKEN_KEY) ?? undefined,
          lastSeenId: Number(storage()?.getItem(SEEN_KEY) ?? 0),
          ...this.profile,
        }),
    });
    this.outbox = new ChatOutbox(this.socket, events.onStored, events.onRefused);
    this.socket.on('session', (session: SessionInfo) => {
      storage()?.setItem(TOKEN_KEY, session.visitorToken);
      const lastAgent = [...session.history].reverse().find((m) => m.authorType !== 'customer' && m.id);
      if (lastAgent?.id) this.markSeen(lastAgent.id);
      events.onSession(session);
    });
    this.socket.on('message', (message: ChatMessage) => {
      if (message.id) this.markSeen(message.id);
      events.onMessage(message);
    });
    this.socket.on('typing', (payload: { typing?: boolean; name?: string }) => events.onTyping(payload.typing !== false, payload.name ?? null));
    this.socket.on('survey', (survey: { token: string; ticketId: number }) => events.onSurvey?.(survey));
    this.socket.on('connect', () => events.onConnectionChange(true));
    this.socket.on('disconnect', () => events.onConnectionChange(false));
  }

  private markSeen(id: number): void {
    if (id > Number(storage()?.getItem(SEEN_KEY) ?? 0)) storage()?.setItem(SEEN_KEY, String(id));
  }

  /** New name/email from the pre-chat or offline form: remembered, and sent with a fresh handshake. */
  updateProfile(profile: Profile): void {
    this.profile = { ...this.profile, ...profile };
    storage()?.setItem(PROFILE_KEY, JSON.stringify({ name: this.profile.name, email: this.profile.email }));
    this.socket.disconnect().connect();
  }

  /** Sends a file over HTTP (uploads are too big for a socket message); it becomes a chat message. */
  async upload(file: File, clientId: string): Promise<{ ok: true; id: number } | { ok: false; code: string }> {
    const token = storage()?.getItem(TOKEN_KEY);
    if (!token) return { ok: false, code: 'unauthorized' };
    const params = new URLSearchParams({ filename: file.name, clientId });
    try {
      const response = await fetch(`${this.serverUrl}/api/widget/uploads?${params}`, {
        method: 'POST',
        headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-Visitor-Token': token },
        body: file,
      });
      const json = (await response.json().catch(() => ({}))) as { id?: number; error?: { code?: string } };
      return response.ok && json.id ? { ok: true, id: json.id } : { ok: false, code: json.error?.code ?? String(response.status) };
    } catch {
      return { ok: false, code: 'network' };
    }
  }

  typing(): void {
    this.socket.emit('typing', { typing: true });
  }
}
