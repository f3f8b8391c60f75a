/**
 * Admins' settings at `#/admin/settings/<tab>`: agents, groups, role permissions, mailboxes,
 * the chat widget, alerts and business hours, ticket categories, and links to templates and the
 * knowledge base. Other roles see a "not allowed" message (the server refuses them anyway).
 */
import type { Agent } from '../shared/api';
import { t, type MessageKey } from '../shared/i18n';
import { MailSettings } from './MailSettings';
import { RolePermissions } from './RolePermissions';
import { AgentsTab } from './settings/AgentsTab';
import { AlertsTab } from './settings/AlertsTab';
import { CategoriesTab } from './settings/CategoriesTab';
import { GroupsTab } from './settings/GroupsTab';
import { MailboxTest } from './settings/MailboxTest';
import { WidgetTab } from './settings/WidgetTab';

export const settingsTabs = ['agents', 'groups', 'roles', 'mailboxes', 'widget', 'alerts', 'categories'] as const;
export type SettingsTab = (typeof settingsTabs)[number];

/** `#/admin/settings/widget` → 'widget'; anything unknown → the first tab. */
export function settingsTabOf(hash: string): SettingsTab {
  const name = /^#\/admin\/settings\/([\w-]+)/.exec(hash)?.[1];
  return settingsTabs.find((tab) => tab === name) ?? 'agents';
}

const labels: Record<SettingsTab, MessageKey> = {
  agents: 'settings.tab.agents',
  groups: 'settings.tab.groups',
  roles: 'settings.tab.roles',
  mailboxes: 'settings.tab.mailboxes',
  widget: 'settings.tab.widget',
  alerts: 'settings.tab.alerts',
  categories: 'settings.tab.categories',
};

export function SettingsPage({ me, tab }: { me: Agent; tab: SettingsTab }) {
  if (me.role !== 'admin') {
    return (
      <p class="error" role="alert" data-testid="settings-forbidden">
        {t('settings.notAllowed')}
      </p>
    );
  }
  return (
    <section class="settings-page knowledge-page" data-testid="settings-page">
      <h1>{t('settings.title')}</h1>
      <nav class="tabs settings-tabs" aria-label={t('settings.title')}>
        {settingsTabs.map((name) => (
          <a key={name} href={`#/admin/settings/${name}`} class={name === tab ? 'active' : ''} aria-current={name === tab ? 'page' : undefined} data-testid={`settings-tab-${name}`}>
            {t(labels[name])}
          </a>
        ))}
        <a href="#/admin/mail" class="settings-link" data-testid="nav-mail">
          {t('mailSettings')} ↗
        </a>
        <a href="#/admin/customers-data" class="settings-link" data-testid="nav-customer-data">
          {t('customerData')} ↗
        </a>
        <a href="#/admin/templates" class="settings-link">
          {t('replyTemplates')} ↗
        </a>
        <a href="#/kb" class="settings-link">
          {t('knowledgeBase')} ↗
        </a>
      </nav>
      <div class="settings-body" data-testid={`settings-${tab}`}>
        {tab === 'agents' && <AgentsTab me={me} />}
        {tab === 'groups' && <GroupsTab />}
        {tab === 'roles' && <RolePermissions />}
        {tab === 'mailboxes' && (
          <>
            <MailboxTest />
            <MailSettings />
          </>
        )}
        {tab === 'widget' && <WidgetTab />}
        {tab === 'alerts' && <AlertsTab />}
        {tab === 'categories' && <CategoriesTab />}
      </div>
    </section>
  );
}
