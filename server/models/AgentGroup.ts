import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** Membership of an agent in a group. */
export class AgentGroup extends Model<InferAttributes<AgentGroup>, InferCreationAttributes<AgentGroup>> {
  declare agentId: number;
  declare groupId: number;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    AgentGroup.init(
      {
        agentId: { type: DataTypes.INTEGER, primaryKey: true },
        groupId: { type: DataTypes.INTEGER, primaryKey: true },
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'agent_groups', updatedAt: false },
    );
  }
}
