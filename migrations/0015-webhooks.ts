/**
 * Outgoing webhooks and their delivery queue. The deliverer selects due rows with one indexed
 * query (state, nextAttemptAt); the console lists a webhook's deliveries newest first
 * (webhookId, id); the uuid is what receivers dedupe on.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q, sequelize }: MigrationContext): Promise<void> {
  await q.createTable('webhooks', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    url: { type: DataTypes.STRING(2000), allowNull: false },
    events: { type: DataTypes.TEXT, allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    description: { type: DataTypes.STRING(500), allowNull: true },
    secret: { type: DataTypes.STRING(64), allowNull: false },
    createdById: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'agents', key: 'id' }, onDelete: 'SET NULL' },
    createdAt: { type: DataTypes.DATE(3), allowNull: false },
    updatedAt: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.createTable('webhook_deliveries', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    uuid: { type: DataTypes.STRING(36), allowNull: false, unique: true },
    webhookId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'webhooks', key: 'id' }, onDelete: 'CASCADE' },
    event: { type: DataTypes.STRING(40), allowNull: false },
    payload: { type: sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
    lastStatus: { type: DataTypes.INTEGER, allowNull: true },
    lastError: { type: DataTypes.TEXT, allowNull: true },
    durationMs: { type: DataTypes.INTEGER, allowNull: true },
    attemptLog: { type: DataTypes.TEXT, allowNull: true },
    deliveredAt: { type: DataTypes.DATE(3), allowNull: true },
    createdAt: { type: DataTypes.DATE(3), allowNull: false },
    updatedAt: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('webhook_deliveries', ['state', 'nextAttemptAt'], { name: 'webhook_deliveries_due' });
  await q.addIndex('webhook_deliveries', ['webhookId', 'id'], { name: 'webhook_deliveries_webhook' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.dropTable('webhook_deliveries');
  await q.dropTable('webhooks');
}
