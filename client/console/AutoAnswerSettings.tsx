/** Admins: the automatic first answer to new email tickets (on/off and the score it needs). */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../shared/api';
import { t } from '../shared/i18n';

export function AutoAnswerSettings() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  /** As typed: a number input's text ("0.") is not always a number yet. */
  const [minScore, setMinScore] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    api.suggestionSettings().then(
      ({ autoAnswer }) => {
        setEnabled(autoAnswer.enabled);
        setMinScore(String(autoAnswer.minScore));
      },
      (caught: Error) => setNotice({ ok: false, text: t('error', { message: caught.message }) }),
    );
  }, []);
  if (enabled === null) return notice ? <p class="error">{notice.text}</p> : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const saved = await api.saveSuggestionSettings({ autoAnswer: { enabled, minScore: Number(minScore) } });
      setEnabled(saved.autoAnswer.enabled);
      setMinScore(String(saved.autoAnswer.minScore));
      setNotice({ ok: true, text: t('saved') });
    } catch (caught) {
      setNotice({ ok: false, text: t('error', { message: (caught as Error).message }) });
    }
  };
  return (
    <form class="auto-answer" data-testid="auto-answer" onSubmit={submit} aria-labelledby="auto-answer-title">
      <h2 id="auto-answer-title">{t('autoAnswer')}</h2>
      <p class="muted">{t('autoAnswerHelp')}</p>
      <div class="row">
        <label class="inline">
          <input
            type="checkbox"
            name="auto-answer-enabled"
            checked={enabled}
            onChange={(e) => {
              setEnabled(e.currentTarget.checked);
              setNotice(null);
            }}
          />{' '}
          {t('autoAnswerEnabled')}
        </label>
        <label>
          {t('minScore')}
          <input
            type="number"
            name="auto-answer-min-score"
            min={0.05}
            max={1}
            step={0.01}
            required
            value={minScore}
            onInput={(e) => {
              setMinScore(e.currentTarget.value);
              setNotice(null);
            }}
          />
        </label>
        <button type="submit">{t('save')}</button>
      </div>
      {notice && (
        <p class={notice.ok ? 'notice' : 'error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
