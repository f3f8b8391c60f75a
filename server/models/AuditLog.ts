import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type ActorType = 'agent' | 'customer' | 'system';

/** Who changed what: one row per change, with the fields' values before and after. */
export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare actorType: ActorType;
  declare actorId: number | null;
  declare action: string;
  declare entityType: string;
  declare entityId: number;
  declare changes: Record<string, unknown> | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    AuditLog.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        actorType: { type: DataTypes.STRING(16), allowNull: false },
        actorId: { type: DataTypes.INTEGER, allowNull: true },
        action: { type: DataTypes.STRING(64), allowNull: false },
        entityType: { type: DataTypes.STRING(32), allowNull: false },
        entityId: { type: DataTypes.INTEGER, allowNull: false },
        changes: {
          type: DataTypes.TEXT,
          allowNull: true,
          get(): Record<string, unknown> | null {
            const raw = this.getDataValue('changes') as unknown;
            return typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : null;
          },
          set(value: Record<string, unknown> | null) {
            this.setDataValue('changes', (value === null ? null : JSON.stringify(value)) as unknown as Record<string, unknown>);
          },
        },
        createdAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'audit_logs', updatedAt: false },
    );
  }
}
