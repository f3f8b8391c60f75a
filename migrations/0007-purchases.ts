/**
 * Purchase records imported from shops and spreadsheets, and the value segment (RFM) computed from
 * them per customer. A purchase with an order reference is unique per customer, so importing the
 * same file twice does not count an order twice.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.createTable('purchases', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    customerId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'customers', key: 'id' }, onDelete: 'CASCADE' },
    orderRef: { type: DataTypes.STRING(100), allowNull: true },
    product: { type: DataTypes.STRING(200), allowNull: true },
    amount: { type: DataTypes.DECIMAL(12, 2), allowNull: false },
    currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'CNY' },
    purchasedAt: { type: DataTypes.DATE(3), allowNull: false },
    createdAt: { type: DataTypes.DATE(3), allowNull: false },
    updatedAt: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Rows without an order reference (NULL) never collide: both databases allow repeated NULLs here.
  await q.addIndex('purchases', ['customerId', 'orderRef'], { name: 'purchases_customer_order', unique: true });
  await q.addIndex('purchases', ['customerId', 'purchasedAt'], { name: 'purchases_customer_date' });
  await q.addColumn('customers', 'segment', { type: DataTypes.STRING(20), allowNull: true });
  // JSON {recency, frequency, monetary, r, f, m}: kept as text so SQLite and MariaDB read it alike.
  await q.addColumn('customers', 'rfm', { type: DataTypes.TEXT, allowNull: true });
  await q.addColumn('customers', 'segmentAt', { type: DataTypes.DATE(3), allowNull: true });
  await q.addIndex('customers', ['segment'], { name: 'customers_segment' });
}

export async function down({ queryInterface: q, sequelize }: MigrationContext): Promise<void> {
  await q.removeIndex('customers', 'customers_segment');
  // Plain DROP COLUMN (SQLite ≥ 3.35 and MariaDB alike): Sequelize's removeColumn rebuilds the
  // table on SQLite and silently loses the other indexes of customers (customers_name).
  for (const column of ['segmentAt', 'rfm', 'segment']) await sequelize.query(`ALTER TABLE ${q.quoteIdentifier('customers')} DROP COLUMN ${q.quoteIdentifier(column)}`);
  await q.dropTable('purchases');
}
