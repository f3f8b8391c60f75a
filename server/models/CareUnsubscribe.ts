import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A customer who asked for no more care mail (one row per customer). */
export class CareUnsubscribe extends Model<InferAttributes<CareUnsubscribe>, InferCreationAttributes<CareUnsubscribe>> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CareUnsubscribe.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        customerId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'care_unsubscribes', updatedAt: false },
    );
  }
}
