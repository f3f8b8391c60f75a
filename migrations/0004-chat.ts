/**
 * Live chat: where a chat ticket's replies go by email when the visitor is away (the address
 * the visitor gave), and an index to find a visitor's message by its clientId (dedupe).
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.addColumn('tickets', 'contactEmail', { type: DataTypes.STRING(320), allowNull: true });
  await q.addIndex('messages', ['clientId'], { name: 'messages_client' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.removeIndex('messages', 'messages_client');
  await q.removeColumn('tickets', 'contactEmail');
}
