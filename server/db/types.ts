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

/** Getter and setter for a JSON value kept as text (objects; null stays NULL). */
export function jsonValue<T>(field: string, fallback: T | null) {
  return {
    get(this: Model): T | null {
      const raw = this.getDataValue(field) as unknown;
      return typeof raw === 'string' ? (JSON.parse(raw) as T) : ((raw as T | null) ?? fallback);
    },
    set(this: Model, value: T | null) {
      this.setDataValue(field, value === null ? null : JSON.stringify(value));
    },
  };
}
