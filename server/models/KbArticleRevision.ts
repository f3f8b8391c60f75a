import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonStringArray, longText } from '../db/types';

/** What an article said at one revision, and who wrote it (every save keeps one). */
export class KbArticleRevision extends Model<InferAttributes<KbArticleRevision>, InferCreationAttributes<KbArticleRevision>> {
  declare id: CreationOptional<number>;
  declare articleId: number;
  declare revision: number;
  declare title: string;
  declare body: string;
  declare category: string;
  declare keywords: CreationOptional<string[]>;
  declare visibility: string;
  declare locale: string;
  declare editedById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    KbArticleRevision.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        articleId: { type: DataTypes.INTEGER, allowNull: false },
        revision: { type: DataTypes.INTEGER, allowNull: false },
        title: { type: DataTypes.STRING(300), allowNull: false },
        body: { type: longText(sequelize), allowNull: false },
        category: { type: DataTypes.STRING(60), allowNull: false },
        keywords: jsonStringArray('keywords'),
        visibility: { type: DataTypes.STRING(10), allowNull: false },
        locale: { type: DataTypes.STRING(10), allowNull: false },
        editedById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'kb_article_revisions' },
    );
  }
}
