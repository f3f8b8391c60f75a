import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { CustomerSegment } from './Customer';

/** birthday: restricted birthday is today; no_contact: silent for inactiveDays; segment: in a value tier. */
export const careAudiences = ['birthday', 'no_contact', 'segment'] as const;
export type CareAudience = (typeof careAudiences)[number];

/** A mail from the company to a group of customers, at a time of day in a time zone (see server/care). */
export class CareCampaign extends Model<InferAttributes<CareCampaign>, InferCreationAttributes<CareCampaign>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare audience: CareAudience;
  declare inactiveDays: CreationOptional<number>;
  /** The tier for `segment`; an extra filter for the other audiences (null: everyone). */
  declare segment: CreationOptional<CustomerSegment | null>;
  declare templateId: number;
  declare subject: string;
  /** HH:MM in `timeZone`. */
  declare sendTime: string;
  declare timeZone: CreationOptional<string>;
  declare active: CreationOptional<boolean>;
  /** The local date (YYYY-MM-DD) the scheduler last picked the audience. */
  declare lastRunOn: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CareCampaign.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        audience: { type: DataTypes.STRING(20), allowNull: false },
        inactiveDays: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 30 },
        segment: { type: DataTypes.STRING(20), allowNull: true },
        templateId: { type: DataTypes.INTEGER, allowNull: false },
        subject: { type: DataTypes.STRING(300), allowNull: false },
        sendTime: { type: DataTypes.STRING(5), allowNull: false },
        timeZone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: 'Asia/Shanghai' },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        lastRunOn: { type: DataTypes.STRING(10), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'care_campaigns' },
    );
  }
}
