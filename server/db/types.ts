import { DataTypes, type Model, type Sequelize } from 'sequelize';

/** LONGTEXT on MySQL (TEXT stops at 64 KB, too small for a mail body); plain TEXT on SQLite, which has no sizes. */
export function longText(sequelize: Sequelize) {
  return sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long');
}

/**
 * A string array stored as JSON text, so the same column works on SQLite and MySQL (tags,
 * keywords, examples). Returns the attribute options for `Model.init`.
 */
export function jsonStringArray(field: string) {
  return {
    type: DataTypes.TEXT,
    allowNull: false,
    defaultValue: '[]',
    get(this: Model): string[] {
      const raw = this.getDataValue(field) as unknown;
      return typeof raw === 'string' ? (JSON.parse(raw) as string[]) : ((raw as string[] | null) ?? []);
    },
    set(this: Model, value: string[]) {
      this.setDataValue(field, JSON.stringify(value ?? []));
    },
  };
}
