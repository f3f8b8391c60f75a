/**
 * Unanswered alerts: the pausable waiting clock on tickets, alerts (one per ticket, wait and
 * kind, enforced by a unique key), their deliveries (email, SMS) with retries, job locks so one
 * node scans at a time, and the agent's sound setting.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

const timestamps = {
  createdAt: { type: DataTypes.DATE(3), allowNull: false },
  updatedAt: { type: DataTypes.DATE(3), allowNull: false },
};

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.addColumn('tickets', 'waitResumedAt', { type: DataTypes.DATE(3), allowNull: true });
  await q.addColumn('tickets', 'waitCreditMs', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
  await q.addColumn('tickets', 'waitSeq', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await q.addColumn('tickets', 'alertWarnAt', { type: DataTypes.DATE(3), allowNull: true });
  // The next moment the scanner must look at this ticket (the warning, then the deadline).
  await q.addColumn('tickets', 'alertScanAt', { type: DataTypes.DATE(3), allowNull: true });
  await q.addIndex('tickets', ['alertScanAt'], { name: 'tickets_alert_scan' });
  // "Waiting longest" in the inbox.
  await q.addIndex('tickets', ['waitingSince'], { name: 'tickets_waiting_since' });
  await q.addColumn('agents', 'alertSound', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true });

  await q.createTable('alerts', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    ticketId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tickets', key: 'id' }, onDelete: 'CASCADE' },
    waitSeq: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
    raisedAt: { type: DataTypes.DATE(3), allowNull: false },
    dueAt: { type: DataTypes.DATE(3), allowNull: true },
    resolvedAt: { type: DataTypes.DATE(3), allowNull: true },
    escalatedAt: { type: DataTypes.DATE(3), allowNull: true },
    assigneeId: { type: DataTypes.INTEGER, allowNull: true },
    groupId: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('alerts', ['ticketId', 'waitSeq', 'kind'], { unique: true, name: 'alerts_one_per_wait' });
  await q.addIndex('alerts', ['state', 'raisedAt'], { name: 'alerts_state_raised' });

  await q.createTable('alert_deliveries', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    alertId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'alerts', key: 'id' }, onDelete: 'CASCADE' },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    recipient: { type: DataTypes.STRING(320), allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
    lastError: { type: DataTypes.TEXT, allowNull: true },
    sentAt: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('alert_deliveries', ['alertId', 'channel', 'recipient'], { unique: true, name: 'alert_deliveries_once' });
  await q.addIndex('alert_deliveries', ['state', 'nextAttemptAt'], { name: 'alert_deliveries_due' });

  await q.createTable('job_locks', {
    name: { type: DataTypes.STRING(100), primaryKey: true },
    owner: { type: DataTypes.STRING(100), allowNull: false },
    expiresAt: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.dropTable('job_locks');
  await q.dropTable('alert_deliveries');
  await q.dropTable('alerts');
  await q.removeColumn('agents', 'alertSound');
  await q.removeIndex('tickets', 'tickets_waiting_since');
  await q.removeIndex('tickets', 'tickets_alert_scan');
  for (const column of ['alertScanAt', 'alertWarnAt', 'waitSeq', 'waitCreditMs', 'waitResumedAt']) await q.removeColumn('tickets', column);
}
