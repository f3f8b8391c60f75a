import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A lease on a background job (e.g. the alert scanner), so one node runs it at a time. */
export class JobLock extends Model<InferAttributes<JobLock>, InferCreationAttributes<JobLock>> {
  declare name: string;
  declare owner: string;
  declare expiresAt: Date;

  static initModel(sequelize: Sequelize): void {
    JobLock.init(
      {
        name: { type: DataTypes.STRING(100), primaryKey: true },
        owner: { type: DataTypes.STRING(100), allowNull: false },
        expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'job_locks', timestamps: false },
    );
  }
}
