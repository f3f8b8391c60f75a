/**
 * "How did we do?" after a chat is solved: five buttons that post the rating with the survey's
 * token (the token is the credential, so no visitor token is needed). Answering again changes it.
 */
import { useState } from 'preact/hooks';
import type { translator } from './strings';

/** The token in a survey invitation's link (`…/survey/<token>`), so a visitor back later still gets the row. */
export function surveyTokenIn(body: string): string | null {
  return /\/survey\/([\w-]{43})\b/.exec(body)?.[1] ?? null;
}

export async function postSurveyRating(serverUrl: string, token: string, rating: number): Promise<boolean> {
  try {
    const response = await fetch(`${serverUrl}/api/widget/surveys/${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rating }),
      credentials: 'omit',
    });
    return response.ok;
  } catch {
    return false;
  }
}

export function SurveyRow({ serverUrl, token, t }: { serverUrl: string; token: string; t: ReturnType<typeof translator> }) {
  const [rated, setRated] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const rate = async (rating: number) => {
    const ok = await postSurveyRating(serverUrl, token, rating);
    setFailed(!ok);
    if (ok) setRated(rating);
  };
  return (
    <div class="survey" data-testid="widget-survey" role="group" aria-label={t('surveyQuestion')}>
      <small>{rated ? t('surveyThanks') : failed ? t('surveyFailed') : t('surveyQuestion')}</small>
      <div>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" aria-pressed={rated === n} aria-label={t('surveyRate', { n: String(n) })} data-testid={`widget-rate-${n}`} onClick={() => void rate(n)}>
            {n}
          </button>
        ))}
      </div>
    </div>
  );
}
