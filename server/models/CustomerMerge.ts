import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export interface MovedRecords {
  identityIds: number[];
  ticketIds: number[];
  /** Absent on merges recorded before purchases moved with a merge. */
  purchaseIds?: number[];
}

/** One customer folded into another, with exactly what moved, so the merge can be undone. */
export class CustomerMerge extends Model<InferAttributes<CustomerMerge>, InferCreationAttributes<CustomerMerge>> {
  declare id: CreationOptional<number>;
  declare survivorId: number;
  declare mergedId: number;
  declare moved: MovedRecords;
  declare actorId: number | null;
  declare undoneAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CustomerMerge.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        survivorId: { type: DataTypes.INTEGER, allowNull: false },
        mergedId: { type: DataTypes.INTEGER, allowNull: false },
        moved: {
          type: DataTypes.TEXT,
          allowNull: false,
          get(): MovedRecords {
            return JSON.parse(this.getDataValue('moved') as unknown as string) as MovedRecords;
          },
          set(value: MovedRecords) {
            this.setDataValue('moved', JSON.stringify(value) as unknown as MovedRecords);
          },
        },
        actorId: { type: DataTypes.INTEGER, allowNull: true },
        undoneAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'customer_merges' },
    );
  }
}
