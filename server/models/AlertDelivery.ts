import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type AlertChannel = 'email' | 'sms';
export type AlertDeliveryState = 'pending' | 'sent' | 'failed';

/** One notification of an alert to one recipient on one channel, retried until sent or given up. */
export class AlertDelivery extends Model<InferAttributes<AlertDelivery>, InferCreationAttributes<AlertDelivery>> {
  declare id: CreationOptional<number>;
  declare alertId: number;
  declare channel: AlertChannel;
  declare recipient: string;
  declare state: CreationOptional<AlertDeliveryState>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    AlertDelivery.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        alertId: { type: DataTypes.INTEGER, allowNull: false },
        channel: { type: DataTypes.STRING(16), allowNull: false },
        recipient: { type: DataTypes.STRING(320), allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
        lastError: { type: DataTypes.TEXT, allowNull: true },
        sentAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'alert_deliveries' },
    );
  }
}
