/**
 * Customer data: imports and the export (admins, and roles allowed to), then for admins care
 * campaigns, satisfaction and role permissions.
 */
import type { Agent } from '../shared/api';
import { t } from '../shared/i18n';
import { CarePanel } from './CarePanel';
import { CsatPanel } from './CsatPanel';
import { ImportPanel } from './ImportPanel';
import { RolePermissions } from './RolePermissions';
import { mayDo } from './roles';

export function CustomerDataPage({ me }: { me: Agent }) {
  const admin = me.role === 'admin';
  return (
    <section class="customer-data knowledge-page" data-testid="customer-data-page">
      <h1>{t('customerData')}</h1>
      <ImportPanel canImport={mayDo(me, 'customers.import')} canExport={mayDo(me, 'customers.export')} />
      {admin && <CarePanel />}
      {admin && <CsatPanel />}
      {admin && <RolePermissions />}
    </section>
  );
}
