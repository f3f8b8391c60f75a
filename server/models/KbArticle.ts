import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonStringArray, longText } from '../db/types';

export const articleVisibilities = ['public', 'internal'] as const;
export type ArticleVisibility = (typeof articleVisibilities)[number];
export const articleLocales = ['en', 'zh-CN'] as const;
export type ArticleLocale = (typeof articleLocales)[number];

/** A knowledge-base article (Markdown). `public` ones are in the portal; `internal` ones only for agents. */
export class KbArticle extends Model<InferAttributes<KbArticle>, InferCreationAttributes<KbArticle>> {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare title: string;
  declare body: string;
  declare category: string;
  declare keywords: CreationOptional<string[]>;
  declare visibility: ArticleVisibility;
  declare locale: ArticleLocale;
  declare revision: CreationOptional<number>;
  declare helpfulYes: CreationOptional<number>;
  declare helpfulNo: CreationOptional<number>;
  declare sourceFile: CreationOptional<string | null>;
  declare updatedById: CreationOptional<number | null>;
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    KbArticle.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        slug: { type: DataTypes.STRING(160), allowNull: false },
        title: { type: DataTypes.STRING(300), allowNull: false },
        body: { type: longText(sequelize), allowNull: false },
        category: { type: DataTypes.STRING(60), allowNull: false },
        keywords: jsonStringArray('keywords'),
        visibility: { type: DataTypes.STRING(10), allowNull: false },
        locale: { type: DataTypes.STRING(10), allowNull: false },
        revision: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        helpfulYes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        helpfulNo: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        sourceFile: { type: DataTypes.STRING(255), allowNull: true },
        updatedById: { type: DataTypes.INTEGER, allowNull: true },
        deletedAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'kb_articles' },
    );
  }
}
