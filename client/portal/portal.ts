/**
 * The portal's only script (/portal.js): the "Was this helpful?" buttons and the "Start a chat"
 * button. Everything else on the portal is plain server-rendered HTML.
 */
/** The chat widget's API, if a version of it offers one (not declared globally: the widget owns that). */
type WidgetWindow = Window & { HelpdeskWidget?: { open?: unknown } };

const VOTER_KEY = 'hd_kb_voter';
const voteKey = (articleId: string) => `hd_kb_vote_${articleId}`;

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage blocked (private mode, cookies off)
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* the vote still counts, it is just not remembered */
    }
  },
};

/** This browser's random voter id, kept so that voting again replaces the earlier vote. */
let sessionVoter: string | null = null;
function voterId(): string {
  const kept = storage.get(VOTER_KEY);
  if (kept && kept.length >= 16) return kept;
  sessionVoter ??= randomId();
  storage.set(VOTER_KEY, sessionVoter);
  return sessionVoter;
}

function setupFeedback(box: HTMLElement): void {
  const articleId = box.dataset.articleId;
  if (!articleId || !/^\d+$/.test(articleId)) return;
  const buttons = Array.from(box.querySelectorAll<HTMLButtonElement>('button[data-helpful]'));
  const thanks = box.querySelector<HTMLElement>('[data-feedback-thanks]');
  const failed = box.querySelector<HTMLElement>('[data-feedback-error]');
  const show = (vote: string | null) => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.helpful === vote));
    if (thanks) thanks.hidden = vote === null;
  };
  const earlier = storage.get(voteKey(articleId));
  if (earlier === 'true' || earlier === 'false') show(earlier);

  for (const button of buttons) {
    button.addEventListener('click', async () => {
      const helpful = button.dataset.helpful === 'true';
      for (const each of buttons) each.disabled = true;
      if (failed) failed.hidden = true;
      try {
        const response = await fetch(`/api/kb/articles/${articleId}/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ helpful, voterId: voterId() }),
        });
        if (!response.ok) throw new Error(`feedback: ${response.status}`);
        storage.set(voteKey(articleId), String(helpful));
        show(String(helpful));
        box.dataset.voted = String(helpful);
      } catch {
        if (failed) failed.hidden = false;
      } finally {
        for (const each of buttons) each.disabled = false;
      }
    });
  }
}

/** Opens the chat widget: its API when it has one, else its launcher button; without a widget, email. */
function openChat(): void {
  const widget = (window as WidgetWindow).HelpdeskWidget;
  if (widget && typeof widget.open === 'function') return void widget.open();
  const launcher = document.getElementById('helpdesk-widget')?.shadowRoot?.querySelector<HTMLButtonElement>('.launcher');
  if (launcher) return launcher.click();
  const email = document.querySelector<HTMLAnchorElement>('a[href^="mailto:"]');
  if (email) window.location.href = email.href;
}

function start(): void {
  document.querySelectorAll<HTMLElement>('[data-feedback]').forEach(setupFeedback);
  document.querySelectorAll<HTMLElement>('[data-chat]').forEach((button) => button.addEventListener('click', openChat));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

export {};
