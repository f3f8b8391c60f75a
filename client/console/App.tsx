/** The console shell: who is logged in, the header, and hash routing between list and ticket. */
import { useEffect, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler, type Agent } from '../shared/api';
import type { SearchType } from '../shared/api';
import { getLocale, setLocale, t, type Locale } from '../shared/i18n';
import { connectRealtime, disconnectRealtime } from '../shared/realtime';
import { AlertBanner } from './AlertBanner';
import { CustomerDataPage } from './CustomerDataPage';
import { CustomerProfile } from './CustomerProfile';
import { CustomersPage } from './CustomersPage';
import { FeedbackReport } from './FeedbackReport';
import { ReportsPage } from './ReportsPage';
import { GlobalSearch } from './GlobalSearch';
import { SearchPage, parseSearchHash } from './SearchPage';
import { KnowledgeBase } from './KnowledgeBase';
import { LoginPage } from './LoginPage';
import { MailSettings } from './MailSettings';
import { SettingsPage, settingsTabOf, type SettingsTab } from './SettingsPage';
import { TemplatesPage } from './TemplatesPage';
import { TicketList } from './TicketList';
import { parseInboxQuery, type InboxQuery } from './inboxQuery';
import { TicketView } from './TicketView';
import { ShortcutHelp, useShortcuts } from './shortcuts';
import { mayUseCustomerData } from './roles';
import { askForNotifications, canAskForNotifications, watchForAttention } from './attention';

type Route =
  | { page: 'list'; query: InboxQuery }
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
  | { page: 'search'; q: string; type: SearchType }
  // ── routes: settings (issue #8) ──
  | { page: 'settings'; tab: SettingsTab }
  // ── routes: reports (issue #8) ──
  | { page: 'reports' }
  ;

function parseHash(hash: string): Route {
  // ── parse: search (issue #8) ──
  if (/^#\/search(?:[/?]|$)/.test(hash)) return { page: 'search', ...parseSearchHash(hash) };
  // ── parse: settings (issue #8) ──
  if (hash.startsWith('#/admin/settings')) return { page: 'settings', tab: settingsTabOf(hash) };
  // ── parse: reports (issue #8) ──
  if (/^#\/reports\/?$/.test(hash)) return { page: 'reports' };
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
  // #/tickets?view=…&status=…&… (old #/tickets?status=open links included): see inboxQuery.ts.
  return { page: 'list', query: parseInboxQuery(hash) };
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
    if (!agent) {
      disconnectRealtime();
      return;
    }
    connectRealtime();
    return watchForAttention(agent);
  }, [agent?.id]);
  const [offerNotifications, setOfferNotifications] = useState(canAskForNotifications());

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
        {/* The login answer has no permissions; /api/me does. */}
        <LoginPage onLoggedIn={() => void api.me().then(setAgent, () => setAgent(null))} />
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
        {/* ── nav: search (issue #8) ── */}
        <GlobalSearch current={route.page === 'search' ? route.q : ''} />
        {/* ── nav: settings (issue #8) ── */}
        {agent.role === 'admin' && (
          <a href="#/admin/settings/agents" data-testid="nav-settings" class={route.page === 'settings' || route.page === 'mail' || route.page === 'customerData' ? 'active' : ''}>
            {t('settings.nav')}
          </a>
        )}
        {/* ── nav: reports (issue #8) ── */}
        <a href="#/reports" data-testid="nav-reports" class={route.page === 'reports' || route.page === 'feedback' ? 'active' : ''}>
          {t('reports.nav')}
        </a>
        <span class="spacer" />
        {offerNotifications && (
          <button type="button" class="link" data-testid="enable-notifications" onClick={() => void askForNotifications().finally(() => setOfferNotifications(canAskForNotifications()))}>
            {t('notify.enable')}
          </button>
        )}
        <span class="who">{agent.name}</span>
        <button type="button" class="link" data-testid="shortcut-help-button" onClick={() => setShowHelp(true)} title={t('shortcut.title')} aria-label={t('shortcut.title')}>
          ?
        </button>
        <button type="button" class="link" data-testid="sound-toggle" onClick={() => api.updateMe(agent.id, { alertSound: !agent.alertSound }).then((updated) => setAgent({ ...updated, permissions: agent.permissions }))}>
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
        {route.page === 'list' && <TicketList query={route.query} me={agent} />}
        {route.page === 'ticket' && <TicketView id={route.id} me={agent} />}
        {route.page === 'mail' && <MailSettings />}
        {route.page === 'templates' && <TemplatesPage me={agent} />}
        {route.page === 'kb' && <KnowledgeBase me={agent} selected={route.article} />}
        {route.page === 'customers' && <CustomersPage me={agent} />}
        {route.page === 'customer' && <CustomerProfile key={route.id} id={route.id} />}
        {route.page === 'feedback' && <FeedbackReport me={agent} />}
        {route.page === 'customerData' && (mayUseCustomerData(agent) ? <CustomerDataPage me={agent} /> : <p class="error" role="alert">{t('notFound')}</p>)}
        {/* ── pages: search (issue #8) ── */}
        {route.page === 'search' && <SearchPage q={route.q} type={route.type} />}
        {/* ── pages: settings (issue #8) ── */}
        {route.page === 'settings' && <SettingsPage me={agent} tab={route.tab} />}
        {/* ── pages: reports (issue #8) ── */}
        {route.page === 'reports' && <ReportsPage />}
      </main>
    </div>
  );
}
