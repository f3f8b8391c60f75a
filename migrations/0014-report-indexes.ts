/**
 * Indexes for the overview report (`GET /api/reports/overview`), which reads moments by time:
 * agent replies by author and time (first responses), audit entries by action and time
 * (status changes: solves and closes) and alerts by the time they were raised. Without them
 * each report scans the whole messages / audit_logs / alerts tables.
 */
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  // Covering for the first-response query: no table row is read to tell notes and automatic answers apart.
  await q.addIndex('messages', ['authorType', 'createdAt', 'ticketId', 'internal', 'automatic'], { name: 'messages_author_time' });
  await q.addIndex('audit_logs', ['entityType', 'action', 'createdAt'], { name: 'audit_action_time' });
  await q.addIndex('alerts', ['raisedAt'], { name: 'alerts_raised' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.removeIndex('alerts', 'alerts_raised');
  await q.removeIndex('audit_logs', 'audit_action_time');
  await q.removeIndex('messages', 'messages_author_time');
}
