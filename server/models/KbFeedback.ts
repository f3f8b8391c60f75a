import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One voter's answer to "was this helpful?" on one article (a new vote replaces it). */
export class KbFeedback extends Model<InferAttributes<KbFeedback>, InferCreationAttributes<KbFeedback>> {
  declare id: CreationOptional<number>;
  declare articleId: number;
  declare voterKey: string;
  declare helpful: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    KbFeedback.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        articleId: { type: DataTypes.INTEGER, allowNull: false },
        voterKey: { type: DataTypes.STRING(64), allowNull: false },
        helpful: { type: DataTypes.BOOLEAN, allowNull: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'kb_feedback' },
    );
  }
}
