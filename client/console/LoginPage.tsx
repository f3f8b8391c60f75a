import { useState } from 'preact/hooks';
import { api, ApiError, type Agent } from '../shared/api';
import { t } from '../shared/i18n';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (agent: Agent) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { agent } = await api.login(email, password);
      onLoggedIn(agent);
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : 0;
      setError(status === 401 ? t('invalidCredentials') : status === 429 ? t('tooManyAttempts') : status === 0 ? t('networkError') : t('error', { message: (caught as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="login" onSubmit={submit}>
      <h1>{t('appName')}</h1>
      <h2>{t('loginTitle')}</h2>
      <label>
        {t('email')}
        <input name="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" data-testid="login-submit" disabled={busy}>
        {busy ? t('signingIn') : t('signIn')}
      </button>
    </form>
  );
}
