import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonStringArray } from '../db/types';

export const webhookEvents = ['ticket.created', 'ticket.updated', 'message.created', 'alert.raised'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** An outgoing webhook: where to POST which domain events, signed with its own secret. */
export class Webhook extends Model<InferAttributes<Webhook>, InferCreationAttributes<Webhook>> {
  declare id: CreationOptional<number>;
  declare url: string;
  declare events: WebhookEvent[];
  declare active: CreationOptional<boolean>;
  declare description: CreationOptional<string | null>;
  /** The HMAC key receivers verify signatures with (kept in clear: we must sign with it). */
  declare secret: string;
  declare createdById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Webhook.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        url: { type: DataTypes.STRING(2000), allowNull: false },
        events: jsonStringArray('events'),
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        description: { type: DataTypes.STRING(500), allowNull: true },
        secret: { type: DataTypes.STRING(64), allowNull: false },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'webhooks' },
    );
  }
}
