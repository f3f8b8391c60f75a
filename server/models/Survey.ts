import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type SurveyChannel = 'email' | 'chat';

/** One satisfaction survey for one solve of a ticket; rating and comment once answered. */
export class Survey extends Model<InferAttributes<Survey>, InferCreationAttributes<Survey>> {
  declare id: CreationOptional<number>;
  declare ticketId: number;
  /** 1 for the first solve, 2 after a reopen and a second solve … */
  declare round: number;
  /** The assignee when the ticket was solved. */
  declare agentId: number | null;
  /** The ticket's category when it was solved. */
  declare category: string | null;
  declare channel: SurveyChannel;
  /** SHA-256 (hex) of the link's token; the token itself is never stored. */
  declare tokenHash: string;
  declare sentAt: Date;
  declare rating: CreationOptional<number | null>;
  declare comment: CreationOptional<string | null>;
  declare answeredAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Survey.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        ticketId: { type: DataTypes.INTEGER, allowNull: false },
        round: { type: DataTypes.INTEGER, allowNull: false },
        agentId: { type: DataTypes.INTEGER, allowNull: true },
        category: { type: DataTypes.STRING(60), allowNull: true },
        channel: { type: DataTypes.STRING(10), allowNull: false },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false },
        sentAt: { type: DataTypes.DATE(3), allowNull: false },
        rating: { type: DataTypes.INTEGER, allowNull: true },
        comment: { type: DataTypes.TEXT, allowNull: true },
        answeredAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'surveys' },
    );
  }
}
