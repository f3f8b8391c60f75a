import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const careDeliveryStates = ['queued', 'sent', 'failed'] as const;
export type CareDeliveryState = (typeof careDeliveryStates)[number];

/** One care mail to one customer for one occasion (unique), retried while queued. */
export class CareDelivery extends Model<InferAttributes<CareDelivery>, InferCreationAttributes<CareDelivery>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare customerId: number;
  /** What the mail is for: the local date of the birthday, of the silence reaching N days, of the segment computation. */
  declare occasion: string;
  declare state: CreationOptional<CareDeliveryState>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare error: CreationOptional<string | null>;
  declare recipient: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  /** The outbound message recorded in the customer's history. */
  declare messageId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CareDelivery.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        campaignId: { type: DataTypes.INTEGER, allowNull: false },
        customerId: { type: DataTypes.INTEGER, allowNull: false },
        occasion: { type: DataTypes.STRING(40), allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'queued' },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
        error: { type: DataTypes.TEXT, allowNull: true },
        recipient: { type: DataTypes.STRING(320), allowNull: true },
        sentAt: { type: DataTypes.DATE(3), allowNull: true },
        messageId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'care_deliveries' },
    );
  }
}
