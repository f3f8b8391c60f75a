import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** warning: at the warn ratio; overdue: the threshold passed; escalation: still open after a further time. */
export type AlertKind = 'warning' | 'overdue' | 'escalation';
export type AlertState = 'open' | 'resolved';

/** One alert per ticket, wait and kind: the unique key makes a second scanner or a restart a no-op. */
export class Alert extends Model<InferAttributes<Alert>, InferCreationAttributes<Alert>> {
  declare id: CreationOptional<number>;
  declare ticketId: number;
  declare waitSeq: number;
  declare kind: AlertKind;
  declare state: CreationOptional<AlertState>;
  declare raisedAt: Date;
  declare dueAt: Date | null;
  declare resolvedAt: CreationOptional<Date | null>;
  declare escalatedAt: CreationOptional<Date | null>;
  declare assigneeId: number | null;
  declare groupId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Alert.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        ticketId: { type: DataTypes.INTEGER, allowNull: false },
        waitSeq: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
        raisedAt: { type: DataTypes.DATE(3), allowNull: false },
        dueAt: { type: DataTypes.DATE(3), allowNull: true },
        resolvedAt: { type: DataTypes.DATE(3), allowNull: true },
        escalatedAt: { type: DataTypes.DATE(3), allowNull: true },
        assigneeId: { type: DataTypes.INTEGER, allowNull: true },
        groupId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'alerts' },
    );
  }
}
