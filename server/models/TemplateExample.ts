import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A customer message an agent answered with a template: learned evidence for suggesting it. */
export class TemplateExample extends Model<InferAttributes<TemplateExample>, InferCreationAttributes<TemplateExample>> {
  declare id: CreationOptional<number>;
  declare templateId: number;
  declare messageId: number;
  declare text: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    TemplateExample.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        templateId: { type: DataTypes.INTEGER, allowNull: false },
        messageId: { type: DataTypes.INTEGER, allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'template_examples' },
    );
  }
}
