/** The console shell: who is logged in, the header, and hash routing between list and ticket. */
import { useEffect, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler, type Agent } from '../shared/api';
import { getLocale, setLocale, t, type Locale } from '../shared/i18n';
import { connectRealtime, disconnectRealtime } from '../shared/realtime';
import { AlertBanner } from './AlertBanner';
import { CustomerDataPage } from './CustomerDataPage';
import { CustomerProfile } from './CustomerProfile';
import { CustomersPage } from './CustomersPage';
import { FeedbackReport } from './FeedbackReport';
import { KnowledgeBase } from './KnowledgeBase';
import { LoginPage } from './LoginPage';
import { MailSettings } from './MailSettings';
import { TemplatesPage } from './TemplatesPage';
import { TicketList } from './TicketList';
import { TicketView } from './TicketView';
import { ShortcutHelp, useShortcuts } from './shortcuts';

type Route =
  | { page: 'list'; status: string }
  | { page: 'ticket'; id: number }
  | { page: 'mail' }
  | { page: 'templates' }
  | { page: 'kb'; article: number | 'new' | null }
  | { page: 'customers' }
  | { page: 'customer'; id: number }
  | { page: 'feedback' }
  | { page: 'customerData' }
  // ── routes: inbox (issue #8) ──
  // ── routes: ticket view (issue #8) ──
  // ── routes: search (issue #8) ──
  // ── routes: settings (issue #8) ──
  // ── routes: reports (issue #8) ──
  ;

function parseHash(hash: string): Route {
  // ── parse: search (issue #8) ──
  // ── parse: settings (issue #8) ──
  // ── parse: reports (issue #8) ──
  if (hash.startsWith('#/admin/mail')) return { page: 'mail' };
  if (hash.startsWith('#/admin/templates')) return { page: 'templates' };
  if (hash.startsWith('#/admin/customers-data')) return { page: 'customerData' };
  if (hash.startsWith('#/reports/feedback')) return { page: 'feedback' };
  const kb = /^#\/kb(?:\/(\d+|new))?\/?$/.exec(hash);
  if (kb) return { page: 'kb', article: kb[1] === 'new' ? 'new' : kb[1] ? Number(kb[1]) : null };
  const customer = /^#\/customers(?:\/(\d+))?\/?$/.exec(hash);
  if (customer) return customer[1] ? { page: 'customer', id: Number(customer[1]) } : { page: 'customers' };
  const ticket = /^#\/tickets\/(\d+)/.exec(hash);
  if (ticket) return { page: 'ticket', id: Number(ticket[1]) };
  const status = /[?&]status=([\w,]*)/.exec(hash)?.[1] ?? 'open';
  return { page: 'list', status };
}

export function App() {
  const [agent, setAgent] = useState<Agent | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(parseHash(location.hash));
  const [, setLocaleState] = useState<Locale>(getLocale());
  const [showHelp, setShowHelp] = useState(false);
  useShortcuts({
    '?': () => setShowHelp(true),
    'g i': () => (location.hash = '#/tickets'),
    // The page's search field (inbox, customers, knowledge base), whichever this page has.
    '/': () => document.querySelector<HTMLInputElement>('main input[type="search"]')?.focus(),
  });

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
        <a href="#/tickets?status=open" class={route.page === 'list' || route.page === 'ticket' ? 'active' : ''}>
          {t('tickets')}
        </a>
        <a href="#/customers" data-testid="nav-customers" class={route.page === 'customers' || route.page === 'customer' ? 'active' : ''}>
          {t('customers')}
        </a>
        <a href="#/admin/templates" data-testid="nav-templates" class={route.page === 'templates' ? 'active' : ''}>
          {t('replyTemplates')}
        </a>
        <a href="#/kb" data-testid="nav-kb" class={route.page === 'kb' ? 'active' : ''}>
          {t('knowledgeBase')}
        </a>
        <a href="#/reports/feedback" data-testid="nav-feedback" class={route.page === 'feedback' ? 'active' : ''}>
          {t('feedbackReport')}
        </a>
        {agent.role === 'admin' && (
          <a href="#/admin/mail" data-testid="nav-mail" class={route.page === 'mail' ? 'active' : ''}>
            {t('mailSettings')}
          </a>
        )}
        {agent.role === 'admin' && (
          <a href="#/admin/customers-data" data-testid="nav-customer-data" class={route.page === 'customerData' ? 'active' : ''}>
            {t('customerData')}
          </a>
        )}
        {/* ── nav: search (issue #8) ── */}
        {/* ── nav: settings (issue #8) ── */}
        {/* ── nav: reports (issue #8) ── */}
        <span class="spacer" />
        <span class="who">{agent.name}</span>
        <button type="button" class="link" data-testid="shortcut-help-button" onClick={() => setShowHelp(true)} title={t('shortcut.title')} aria-label={t('shortcut.title')}>
          ?
        </button>
        <button type="button" class="link" data-testid="sound-toggle" onClick={() => api.updateMe(agent.id, { alertSound: !agent.alertSound }).then(setAgent)}>
          {agent.alertSound ? t('soundOn') : t('soundOff')}
        </button>
        {localeButton}
        <button type="button" class="link" data-testid="logout" onClick={logout}>
          {t('logout')}
        </button>
      </header>
      <AlertBanner agent={agent} />
      {showHelp && <ShortcutHelp onClose={() => setShowHelp(false)} />}
      <main>
        {route.page === 'list' && <TicketList status={route.status} />}
        {route.page === 'ticket' && <TicketView id={route.id} me={agent} />}
        {route.page === 'mail' && <MailSettings />}
        {route.page === 'templates' && <TemplatesPage me={agent} />}
        {route.page === 'kb' && <KnowledgeBase me={agent} selected={route.article} />}
        {route.page === 'customers' && <CustomersPage />}
        {route.page === 'customer' && <CustomerProfile key={route.id} id={route.id} />}
        {route.page === 'feedback' && <FeedbackReport me={agent} />}
        {route.page === 'customerData' && (agent.role === 'admin' ? <CustomerDataPage /> : <p class="error" role="alert">{t('notFound')}</p>)}
        {/* ── pages: search (issue #8) ── */}
        {/* ── pages: settings (issue #8) ── */}
        {/* ── pages: reports (issue #8) ── */}
      </main>
    </div>
  );
}
