/** Small pieces the settings tabs share: the outcome line under a form. */
import { t } from '../../shared/i18n';

export interface Outcome {
  ok: boolean;
  text: string;
}

export const failed = (caught: unknown): Outcome => ({ ok: false, text: t('error', { message: (caught as Error).message }) });
export const done = (text = t('saved')): Outcome => ({ ok: true, text });

/** Announced to screen readers; errors as alerts, successes as status. */
export function OutcomeLine({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <p class={outcome.ok ? 'notice' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="settings-outcome">
      {outcome.text}
    </p>
  );
}
