import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonValue, longText } from '../db/types';

export const webhookDeliveryStates = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];

/** One try: when, how the receiver answered (or why it could not), how long it took. */
export interface WebhookAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** One event for one webhook: the exact body to POST, retried with backoff until delivered or given up. */
export class WebhookDelivery extends Model<InferAttributes<WebhookDelivery>, InferCreationAttributes<WebhookDelivery>> {
  declare id: CreationOptional<number>;
  /** Sent as X-Helpdesk-Delivery and in the body, so receivers can drop a repeat. */
  declare uuid: string;
  declare webhookId: number;
  declare event: string;
  /** The JSON body, fixed when the event happened: a retry sends the same bytes. */
  declare payload: string;
  declare state: CreationOptional<WebhookDeliveryState>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare lastStatus: CreationOptional<number | null>;
  declare lastError: CreationOptional<string | null>;
  declare durationMs: CreationOptional<number | null>;
  declare attemptLog: CreationOptional<WebhookAttempt[] | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    WebhookDelivery.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        uuid: { type: DataTypes.STRING(36), allowNull: false, unique: true },
        webhookId: { type: DataTypes.INTEGER, allowNull: false },
        event: { type: DataTypes.STRING(40), allowNull: false },
        payload: { type: longText(sequelize), allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
        lastStatus: { type: DataTypes.INTEGER, allowNull: true },
        lastError: { type: DataTypes.TEXT, allowNull: true },
        durationMs: { type: DataTypes.INTEGER, allowNull: true },
        attemptLog: { type: DataTypes.TEXT, allowNull: true, ...jsonValue<WebhookAttempt[]>('attemptLog', null) },
        deliveredAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'webhook_deliveries' },
    );
  }
}
