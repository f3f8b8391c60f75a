import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type QuarantineStatus = 'quarantined' | 'resolved';

/** A mail that could not be processed: kept with its reason and raw source (on disk), retryable by an admin. */
export class QuarantinedMail extends Model<InferAttributes<QuarantinedMail>, InferCreationAttributes<QuarantinedMail>> {
  declare id: CreationOptional<number>;
  declare mailboxId: number | null;
  declare uid: number | null;
  declare messageId: string | null;
  declare subject: string | null;
  declare fromAddress: string | null;
  declare reason: string;
  declare rawKey: string;
  declare size: number;
  declare status: CreationOptional<QuarantineStatus>;
  declare attempts: CreationOptional<number>;
  declare resolvedMessageId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    QuarantinedMail.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        mailboxId: { type: DataTypes.INTEGER, allowNull: true },
        uid: {
          type: DataTypes.BIGINT,
          allowNull: true,
          get(this: QuarantinedMail) {
            const raw = this.getDataValue('uid') as unknown;
            return raw === null || raw === undefined ? null : Number(raw);
          },
        },
        messageId: { type: DataTypes.STRING(500), allowNull: true },
        subject: { type: DataTypes.STRING(500), allowNull: true },
        fromAddress: { type: DataTypes.STRING(320), allowNull: true },
        reason: { type: DataTypes.TEXT, allowNull: false },
        rawKey: { type: DataTypes.STRING(255), allowNull: false },
        size: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'quarantined' },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        resolvedMessageId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'quarantined_mails' },
    );
  }
}
