/**
 * Keyboard shortcuts: one list of every shortcut (for the help overlay, opened with "?") and a
 * hook that binds the ones a page handles. Single keys never fire while the agent types in a
 * field, so "r" in the composer is just the letter r.
 */
import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../shared/i18n';

export type ShortcutScope = 'global' | 'inbox' | 'ticket';

/** Every shortcut the console has; pages bind them with useShortcuts by `key`. */
export const shortcutList: Array<{ key: string; label: MessageKey; scope: ShortcutScope }> = [
  { key: '?', label: 'shortcut.help', scope: 'global' },
  { key: '/', label: 'shortcut.search', scope: 'global' },
  { key: 'g i', label: 'shortcut.inbox', scope: 'global' },
  { key: 'j', label: 'shortcut.next', scope: 'inbox' },
  { key: 'k', label: 'shortcut.previous', scope: 'inbox' },
  { key: 'Enter', label: 'shortcut.open', scope: 'inbox' },
  { key: 'x', label: 'shortcut.select', scope: 'inbox' },
  { key: 'j', label: 'shortcut.nextTicket', scope: 'ticket' },
  { key: 'k', label: 'shortcut.previousTicket', scope: 'ticket' },
  { key: 'r', label: 'shortcut.reply', scope: 'ticket' },
  { key: 'n', label: 'shortcut.note', scope: 'ticket' },
  { key: 'a', label: 'shortcut.assignToMe', scope: 'ticket' },
  { key: 'c', label: 'shortcut.close', scope: 'ticket' },
  { key: 'u', label: 'shortcut.backToInbox', scope: 'ticket' },
  { key: 'Escape', label: 'shortcut.escape', scope: 'global' },
];

/** True when a key press belongs to a text field (or a modifier makes it a browser shortcut). */
function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Binds shortcuts while the component is mounted. Keys are `event.key` values ("j", "Enter", "?"),
 * or two keys pressed one after the other ("g i"). Escape fires even inside a field.
 */
export function useShortcuts(handlers: Record<string, (event: KeyboardEvent) => void>): void {
  // The latest handlers, without re-binding the listener on every render.
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    let pending: string | null = null;
    let pendingTimer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key !== 'Escape' && isTyping(event)) return;
      const sequence = pending ? `${pending} ${event.key}` : null;
      pending = null;
      clearTimeout(pendingTimer);
      const handler = (sequence && current.current[sequence]) || current.current[event.key];
      if (handler) {
        event.preventDefault();
        handler(event);
        return;
      }
      // The first key of a two-key shortcut waits a second for the second key.
      if (Object.keys(current.current).some((key) => key.startsWith(`${event.key} `))) {
        pending = event.key;
        pendingTimer = setTimeout(() => (pending = null), 1000);
      }
    };
    addEventListener('keydown', onKey);
    return () => {
      removeEventListener('keydown', onKey);
      clearTimeout(pendingTimer);
    };
  }, []);
}

/** The "?" overlay: every shortcut, grouped by where it works. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  useShortcuts({ Escape: onClose });
  const scopes: ShortcutScope[] = ['global', 'inbox', 'ticket'];
  return (
    <div class="overlay" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div class="dialog shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcut-help-title" data-testid="shortcut-help">
        <h2 id="shortcut-help-title">{t('shortcut.title')}</h2>
        {scopes.map((scope) => (
          <section key={scope}>
            <h3>{t(`shortcut.scope.${scope}` as MessageKey)}</h3>
            <dl>
              {shortcutList
                .filter((shortcut) => shortcut.scope === scope)
                .map((shortcut) => (
                  <div key={shortcut.key + shortcut.label} class="shortcut">
                    <dt>
                      {shortcut.key.split(' ').map((key) => (
                        <kbd key={key}>{key}</kbd>
                      ))}
                    </dt>
                    <dd>{t(shortcut.label)}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
        <button type="button" ref={closeButton} onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
