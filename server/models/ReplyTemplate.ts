import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonStringArray } from '../db/types';

/** A reply text agents insert (Handlebars, rendered for the ticket), with what it answers. */
export class ReplyTemplate extends Model<InferAttributes<ReplyTemplate>, InferCreationAttributes<ReplyTemplate>> {
  declare id: CreationOptional<number>;
  declare title: string;
  declare body: string;
  declare keywords: CreationOptional<string[]>;
  /** Customer messages this template answers, written by an admin (learned ones: TemplateExample). */
  declare examples: CreationOptional<string[]>;
  declare locale: string;
  declare sourceFile: CreationOptional<string | null>;
  declare usageCount: CreationOptional<number>;
  /** Deleted templates stay (messages refer to them) but are never suggested or listed. */
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    ReplyTemplate.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        title: { type: DataTypes.STRING(200), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        keywords: jsonStringArray('keywords'),
        examples: jsonStringArray('examples'),
        locale: { type: DataTypes.STRING(10), allowNull: false },
        sourceFile: { type: DataTypes.STRING(255), allowNull: true },
        usageCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        deletedAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'reply_templates' },
    );
  }
}
