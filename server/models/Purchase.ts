import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One purchase of a customer, imported from a shop's or a spreadsheet's records. */
export class Purchase extends Model<InferAttributes<Purchase>, InferCreationAttributes<Purchase>> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  /** The shop's order number; unique per customer when present, so re-imports do not double count. */
  declare orderRef: string | null;
  declare product: string | null;
  /** Decimal text with two places ("1299.00"): money is never a float here. */
  declare amount: string;
  declare currency: CreationOptional<string>;
  declare purchasedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Purchase.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        customerId: { type: DataTypes.INTEGER, allowNull: false },
        orderRef: { type: DataTypes.STRING(100), allowNull: true },
        product: { type: DataTypes.STRING(200), allowNull: true },
        amount: {
          type: DataTypes.DECIMAL(12, 2),
          allowNull: false,
          // MariaDB returns DECIMAL as text, SQLite as a number: read both as the same text.
          get(this: Purchase): string {
            const raw = this.getDataValue('amount') as unknown;
            return raw === null || raw === undefined ? (raw as never) : Number(raw).toFixed(2);
          },
        },
        currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'CNY' },
        purchasedAt: { type: DataTypes.DATE(3), allowNull: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'purchases' },
    );
  }
}
