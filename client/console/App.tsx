/** The console shell: who is logged in, the header, and hash routing between list and ticket. */
import { useEffect, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler, type Agent } from '../shared/api';
import { getLocale, setLocale, t, type Locale } from '../shared/i18n';
import { connectRealtime, disconnectRealtime } from '../shared/realtime';
import { AlertBanner } from './AlertBanner';
import { LoginPage } from './LoginPage';
import { MailSettings } from './MailSettings';
import { TicketList } from './TicketList';
import { TicketView } from './TicketView';

type Route = { page: 'list'; status: string } | { page: 'ticket'; id: number } | { page: 'mail' };

function parseHash(hash: string): Route {
  if (hash.startsWith('#/admin/mail')) return { page: 'mail' };
  const ticket = /^#\/tickets\/(\d+)/.exec(hash);
  if (ticket) return { page: 'ticket', id: Number(ticket[1]) };
  const status = /[?&]status=([\w,]*)/.exec(hash)?.[1] ?? 'open';
  return { page: 'list', status };
}

export function App() {
  const [agent, setAgent] = useState<Agent | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(parseHash(location.hash));
  const [, setLocaleState] = useState<Locale>(getLocale());

  useEffect(() => {
    setUnauthorizedHandler(() => setAgent(null));
    api.me().then(setAgent, () => setAgent(null));
    const onHash = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (agent) connectRealtime();
    else disconnectRealtime();
  }, [agent?.id]);

  const switchLocale = () => {
    const next: Locale = getLocale() === 'en' ? 'zh-CN' : 'en';
    setLocale(next);
    setLocaleState(next);
  };
  const localeButton = (
    <button type="button" class="link" data-testid="locale-switch" onClick={switchLocale} title={t('language')}>
      {getLocale() === 'en' ? '中文' : 'English'}
    </button>
  );

  if (agent === undefined) return <p class="loading">{t('loading')}</p>;
  if (agent === null) {
    return (
      <>
        <div class="login-locale">{localeButton}</div>
        <LoginPage onLoggedIn={setAgent} />
      </>
    );
  }

  const logout = async () => {
    await api.logout().catch(() => undefined);
    setAgent(null);
  };

  return (
    <div class="shell">
      <header class="topbar">
        <a href="#/tickets?status=open" class="brand">{t('appName')}</a>
        <a href="#/tickets?status=open">{t('tickets')}</a>
        {agent.role === 'admin' && (
          <a href="#/admin/mail" data-testid="nav-mail">
            {t('mailSettings')}
          </a>
        )}
        <span class="spacer" />
        <span class="who">{agent.name}</span>
        <button type="button" class="link" data-testid="sound-toggle" onClick={() => api.updateMe(agent.id, { alertSound: !agent.alertSound }).then(setAgent)}>
          {agent.alertSound ? t('soundOn') : t('soundOff')}
        </button>
        {localeButton}
        <button type="button" class="link" data-testid="logout" onClick={logout}>
          {t('logout')}
        </button>
      </header>
      <AlertBanner agent={agent} />
      <main>
        {route.page === 'list' && <TicketList status={route.status} />}
        {route.page === 'ticket' && <TicketView id={route.id} />}
        {route.page === 'mail' && <MailSettings />}
      </main>
    </div>
  );
}
