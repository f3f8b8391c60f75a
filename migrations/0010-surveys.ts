/**
 * Satisfaction surveys: one row per ticket and solve round (the unique key makes a duplicate
 * event a no-op), the assignee and category as they were at solve time (so reassigning or
 * recategorising later does not move old ratings), and only the SHA-256 of the link's token.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.createTable('surveys', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    ticketId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tickets', key: 'id' }, onDelete: 'CASCADE' },
    round: { type: DataTypes.INTEGER, allowNull: false },
    agentId: { type: DataTypes.INTEGER, allowNull: true },
    category: { type: DataTypes.STRING(60), allowNull: true },
    channel: { type: DataTypes.STRING(10), allowNull: false },
    tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    sentAt: { type: DataTypes.DATE(3), allowNull: false },
    rating: { type: DataTypes.INTEGER, allowNull: true },
    comment: { type: DataTypes.TEXT, allowNull: true },
    answeredAt: { type: DataTypes.DATE(3), allowNull: true },
    createdAt: { type: DataTypes.DATE(3), allowNull: false },
    updatedAt: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('surveys', ['ticketId', 'round'], { unique: true, name: 'surveys_ticket_round' });
  // The CSAT report reads answers by answer time.
  await q.addIndex('surveys', ['answeredAt'], { name: 'surveys_answered' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.dropTable('surveys');
}
