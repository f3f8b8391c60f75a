/** Alerts as they are raised: a banner per alert (until dismissed) and, per the agent's setting, a sound. */
import { useEffect, useState } from 'preact/hooks';
import type { Agent } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';
import { onServerEvent, type AlertEvent } from '../shared/realtime';

/** Two short tones through Web Audio, so no sound file has to be served. */
function playAlertSound(): void {
  try {
    const audio = new AudioContext();
    [0, 0.25].forEach((offset, index) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = index ? 660 : 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.2);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + offset);
      oscillator.stop(audio.currentTime + offset + 0.22);
    });
    window.dispatchEvent(new CustomEvent('hd:alert-sound'));
  } catch {
    // No audio device (or blocked before any click): the banner still shows.
  }
}

export function AlertBanner({ agent }: { agent: Agent }) {
  const [alerts, setAlerts] = useState<AlertEvent['alert'][]>([]);
  useEffect(
    () =>
      onServerEvent('alert.raised', ({ alert }) => {
        setAlerts((list) => [alert, ...list.filter((a) => a.id !== alert.id)].slice(0, 5));
        if (agent.alertSound) playAlertSound();
      }),
    [agent.alertSound],
  );
  if (!alerts.length) return null;
  return (
    <div class="alert-banners" role="alert">
      {alerts.map((alert) => (
        <div key={alert.id} class={`alert-banner ${alert.kind}`} data-testid="alert-banner">
          <strong>{t(`alert.${alert.kind}` as MessageKey)}</strong>{' '}
          <a href={`#/tickets/${alert.ticketId}`}>
            #{alert.ticket?.number} {alert.ticket?.subject}
          </a>
          <button type="button" class="link" onClick={() => setAlerts((list) => list.filter((a) => a.id !== alert.id))}>
            {t('dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
