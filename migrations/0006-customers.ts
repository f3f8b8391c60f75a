/**
 * Customer profiles as a CRM keeps them: tags, custom fields, restricted private fields (kept
 * apart in their own column so no query returns them by accident), and merges that can be undone.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.addColumn('customers', 'tags', { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' });
  await q.addColumn('customers', 'customFields', { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' });
  await q.addColumn('customers', 'restricted', { type: DataTypes.TEXT, allowNull: true });
  await q.addColumn('customers', 'mergedIntoId', { type: DataTypes.INTEGER, allowNull: true });
  await q.addIndex('customers', ['name'], { name: 'customers_name' });
  await q.createTable('customer_merges', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    survivorId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'customers', key: 'id' }, onDelete: 'CASCADE' },
    mergedId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'customers', key: 'id' }, onDelete: 'CASCADE' },
    // What moved (identity and ticket ids), so an undo moves exactly that back.
    moved: { type: DataTypes.TEXT, allowNull: false },
    actorId: { type: DataTypes.INTEGER, allowNull: true },
    undoneAt: { type: DataTypes.DATE(3), allowNull: true },
    createdAt: { type: DataTypes.DATE(3), allowNull: false },
    updatedAt: { type: DataTypes.DATE(3), allowNull: false },
  });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.dropTable('customer_merges');
  await q.removeIndex('customers', 'customers_name');
  for (const column of ['mergedIntoId', 'restricted', 'customFields', 'tags']) await q.removeColumn('customers', column);
}
