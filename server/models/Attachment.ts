import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A file on a message. The bytes live on disk under DATA_DIR/attachments, addressed by storageKey. */
export class Attachment extends Model<InferAttributes<Attachment>, InferCreationAttributes<Attachment>> {
  declare id: CreationOptional<number>;
  /** Null while an upload waits to be attached to the message being written. */
  declare messageId: number | null;
  declare uploadedById: number | null;
  declare filename: string;
  declare contentType: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  declare inline: CreationOptional<boolean>;
  declare contentId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Attachment.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        messageId: { type: DataTypes.INTEGER, allowNull: true },
        uploadedById: { type: DataTypes.INTEGER, allowNull: true },
        filename: { type: DataTypes.STRING(255), allowNull: false },
        contentType: { type: DataTypes.STRING(255), allowNull: false },
        size: { type: DataTypes.INTEGER, allowNull: false },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        storageKey: { type: DataTypes.STRING(255), allowNull: false },
        inline: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        contentId: { type: DataTypes.STRING(255), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'attachments' },
    );
  }
}
