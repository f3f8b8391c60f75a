/**
 * Ticket merge: a merged ticket points at the ticket it was merged into (`mergedIntoId`), so the
 * console can link to it and mail threading can follow it. Indexed because the target's page
 * asks "what was merged into me". No foreign key: a ticket row is never deleted, and adding one
 * to a big table on MariaDB would copy it.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';

export async function up({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.addColumn('tickets', 'mergedIntoId', { type: DataTypes.INTEGER, allowNull: true });
  await q.addIndex('tickets', ['mergedIntoId'], { name: 'tickets_merged_into' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.removeIndex('tickets', 'tickets_merged_into');
  await q.removeColumn('tickets', 'mergedIntoId');
}
