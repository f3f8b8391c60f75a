/** Admins: customer data — imports and the export, care campaigns, satisfaction and role permissions. */
import { t } from '../shared/i18n';
import { CarePanel } from './CarePanel';
import { CsatPanel } from './CsatPanel';
import { ImportPanel } from './ImportPanel';
import { RolePermissions } from './RolePermissions';

export function CustomerDataPage() {
  return (
    <section class="customer-data knowledge-page" data-testid="customer-data-page">
      <h1>{t('customerData')}</h1>
      <ImportPanel />
      <CarePanel />
      <CsatPanel />
      <RolePermissions />
    </section>
  );
}
