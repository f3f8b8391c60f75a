/**
 * Customer care on a schedule: campaigns (who hears what, when), one delivery row per campaign,
 * customer and occasion (the unique key makes a second node or a restart a no-op), and the
 * customers who asked to hear no more.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

const timestamps = {
  createdAt: { type: DataTypes.DATE(3), allowNull: false },
  updatedAt: { type: DataTypes.DATE(3), allowNull: false },
};

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.createTable('care_campaigns', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    audience: { type: DataTypes.STRING(20), allowNull: false },
    inactiveDays: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 30 },
    segment: { type: DataTypes.STRING(20), allowNull: true },
    templateId: { type: DataTypes.INTEGER, allowNull: false },
    subject: { type: DataTypes.STRING(300), allowNull: false },
    sendTime: { type: DataTypes.STRING(5), allowNull: false },
    timeZone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: 'Asia/Shanghai' },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    // The campaign's local date it last picked its audience, so the minute scan does it once a day.
    lastRunOn: { type: DataTypes.STRING(10), allowNull: true },
    ...timestamps,
  });

  await q.createTable('care_deliveries', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    campaignId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'care_campaigns', key: 'id' }, onDelete: 'CASCADE' },
    customerId: { type: DataTypes.INTEGER, allowNull: false },
    occasion: { type: DataTypes.STRING(40), allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'queued' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
    error: { type: DataTypes.TEXT, allowNull: true },
    recipient: { type: DataTypes.STRING(320), allowNull: true },
    sentAt: { type: DataTypes.DATE(3), allowNull: true },
    // The outbound message in the customer's history once sent.
    messageId: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('care_deliveries', ['campaignId', 'customerId', 'occasion'], { unique: true, name: 'care_deliveries_once' });
  await q.addIndex('care_deliveries', ['state', 'nextAttemptAt'], { name: 'care_deliveries_due' });

  await q.createTable('care_unsubscribes', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    customerId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
    createdAt: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.dropTable('care_unsubscribes');
  await q.dropTable('care_deliveries');
  await q.dropTable('care_campaigns');
}
