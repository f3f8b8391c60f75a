import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { longText } from '../db/types';
import type { Channel } from './Ticket';

export type MessageDirection = 'inbound' | 'outbound';
export type AuthorType = 'customer' | 'agent' | 'system';
/** For outbound messages on a channel that delivers later: queued → sending → sent | failed (retried while queued). */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';
/** Mail sent by machines: never answered automatically and never starts the waiting clock. */
export type AutoKind = 'bounce' | 'auto-reply' | 'bulk';

export interface Recipients {
  to: string[];
  cc: string[];
}

export class Message extends Model<InferAttributes<Message>, InferCreationAttributes<Message>> {
  declare id: CreationOptional<number>;
  declare ticketId: number;
  declare direction: MessageDirection;
  declare channel: Channel;
  declare authorType: AuthorType;
  declare authorId: number | null;
  /** Plain text, what agents read. */
  declare body: string;
  /** Sanitised HTML, or null for plain-text messages. */
  declare html: CreationOptional<string | null>;
  declare internal: CreationOptional<boolean>;
  declare templateId: CreationOptional<number | null>;
  /** The sender's own id for the message (chat), so a re-sent message is stored once. */
  declare clientId: CreationOptional<string | null>;
  /** The channel's id for the message (an email's Message-ID). */
  declare externalId: CreationOptional<string | null>;
  declare deliveryState: CreationOptional<DeliveryState | null>;
  declare deliveryError: CreationOptional<string | null>;
  declare deliveryAttempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  /** Email: the sender's address and the recipients, for threading and reply-all. */
  declare fromAddress: CreationOptional<string | null>;
  declare recipients: CreationOptional<Recipients | null>;
  /** The full text when `body` had quoted history or a signature stripped; else null. */
  declare originalBody: CreationOptional<string | null>;
  /** Where the raw source (.eml) is kept on disk. */
  declare rawKey: CreationOptional<string | null>;
  declare autoKind: CreationOptional<AutoKind | null>;
  /** Written by the system for the agents (an automatic first answer from a template). */
  declare automatic: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Message.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        ticketId: { type: DataTypes.INTEGER, allowNull: false },
        direction: { type: DataTypes.STRING(10), allowNull: false },
        channel: { type: DataTypes.STRING(16), allowNull: false },
        authorType: { type: DataTypes.STRING(10), allowNull: false },
        authorId: { type: DataTypes.INTEGER, allowNull: true },
        body: { type: longText(sequelize), allowNull: false },
        html: { type: longText(sequelize), allowNull: true },
        internal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        templateId: { type: DataTypes.INTEGER, allowNull: true },
        clientId: { type: DataTypes.STRING(100), allowNull: true },
        externalId: { type: DataTypes.STRING(500), allowNull: true },
        deliveryState: { type: DataTypes.STRING(16), allowNull: true },
        deliveryError: { type: DataTypes.TEXT, allowNull: true },
        deliveryAttempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE(3), allowNull: true },
        fromAddress: { type: DataTypes.STRING(320), allowNull: true },
        recipients: {
          type: DataTypes.TEXT,
          allowNull: true,
          get(): Recipients | null {
            const raw = this.getDataValue('recipients') as unknown;
            return typeof raw === 'string' ? (JSON.parse(raw) as Recipients) : null;
          },
          set(value: Recipients | null) {
            this.setDataValue('recipients', (value ? JSON.stringify(value) : null) as unknown as Recipients);
          },
        },
        originalBody: { type: longText(sequelize), allowNull: true },
        rawKey: { type: DataTypes.STRING(255), allowNull: true },
        autoKind: { type: DataTypes.STRING(16), allowNull: true },
        automatic: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'messages' },
    );
  }
}
