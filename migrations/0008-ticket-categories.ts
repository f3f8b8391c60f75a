/** What each ticket is about (complaint, question, suggestion … with a sub-category) and the product, for feedback reports. */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.addColumn('tickets', 'category', { type: DataTypes.STRING(60), allowNull: true });
  await q.addColumn('tickets', 'subcategory', { type: DataTypes.STRING(60), allowNull: true });
  await q.addColumn('tickets', 'product', { type: DataTypes.STRING(120), allowNull: true });
  await q.addIndex('tickets', ['category', 'createdAt'], { name: 'tickets_category_created' });
  await q.addIndex('tickets', ['createdAt'], { name: 'tickets_created' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.removeIndex('tickets', 'tickets_created');
  await q.removeIndex('tickets', 'tickets_category_created');
  for (const column of ['product', 'subcategory', 'category']) await q.removeColumn('tickets', column);
}
