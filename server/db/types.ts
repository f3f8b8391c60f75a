import { DataTypes, type Sequelize } from 'sequelize';

/** LONGTEXT on MySQL (TEXT stops at 64 KB, too small for a mail body); plain TEXT on SQLite, which has no sizes. */
export function longText(sequelize: Sequelize) {
  return sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long');
}
