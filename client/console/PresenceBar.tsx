/**
 * Collision detection above the composer: which colleagues have this ticket open and who of them
 * is typing a reply (never the agent themself). `usePresence` listens from the moment the ticket
 * view mounts, before the ticket has loaded, so the answer to our own `viewing` is not missed.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { onServerEvent, type ServerEvents } from '../shared/realtime';

export type Viewer = ServerEvents['presence']['viewers'][number];

/** The other agents on this ticket, live from the server's `presence` events. */
export function usePresence(ticketId: number, meId: number): Viewer[] {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  useEffect(() => {
    setViewers([]);
    return onServerEvent('presence', (event) => {
      if (event.ticketId === ticketId) setViewers(event.viewers.filter((viewer) => viewer.agentId !== meId));
    });
  }, [ticketId, meId]);
  return viewers;
}

export function PresenceBar({ viewers }: { viewers: Viewer[] }) {
  const typing = viewers.filter((viewer) => viewer.typing);
  const watching = viewers.filter((viewer) => !viewer.typing);
  // Always rendered (empty when alone) so screen readers announce changes in the live region.
  return (
    <div class="presence-bar" data-testid="presence" aria-live="polite">
      {typing.map((viewer) => (
        <span key={viewer.agentId} class="presence typing" data-testid="presence-typing">
          <span class="presence-dot" aria-hidden="true" />
          {t('tv.typingReply', { name: viewer.name })}
        </span>
      ))}
      {watching.length > 0 && (
        <span class="presence viewing" data-testid="presence-viewing">
          <span class="presence-dot" aria-hidden="true" />
          {t(watching.length > 1 ? 'tv.viewingMany' : 'tv.viewing', { names: watching.map((viewer) => viewer.name).join(', ') })}
        </span>
      )}
    </div>
  );
}
