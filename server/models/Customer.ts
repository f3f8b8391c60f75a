import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonStringArray, jsonValue } from '../db/types';

/** Private fields only roles with `customers.restricted.read` may see (see policies/permissions.ts). */
export interface RestrictedFields {
  homeAddress: string | null;
  income: string | null;
  householdSize: number | null;
  birthday: string | null;
}
export const restrictedFieldNames = ['homeAddress', 'income', 'householdSize', 'birthday'] as const;

/** Value tiers from purchase records (see services/segmentService.ts). */
export const customerSegments = ['high_value', 'regular', 'at_risk', 'never_bought'] as const;
export type CustomerSegment = (typeof customerSegments)[number];
/** Recency in days, frequency and monetary over the last 365 days, and their 1–5 quintile scores. */
export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
}

export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare name: string | null;
  declare organisation: CreationOptional<string | null>;
  declare locale: CreationOptional<string | null>;
  declare notes: CreationOptional<string | null>;
  declare tags: CreationOptional<string[]>;
  declare customFields: CreationOptional<Record<string, string>>;
  declare restricted: CreationOptional<RestrictedFields | null>;
  /** Set when this customer was folded into another (the survivor); null otherwise. */
  declare mergedIntoId: CreationOptional<number | null>;
  /** Null until segments are first computed for this customer. */
  declare segment: CreationOptional<CustomerSegment | null>;
  declare rfm: CreationOptional<RfmScores | null>;
  declare segmentAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Customer.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(200), allowNull: true },
        organisation: { type: DataTypes.STRING(200), allowNull: true },
        locale: { type: DataTypes.STRING(10), allowNull: true },
        notes: { type: DataTypes.TEXT, allowNull: true },
        tags: jsonStringArray('tags'),
        customFields: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}', ...jsonValue<Record<string, string>>('customFields', {}) },
        restricted: { type: DataTypes.TEXT, allowNull: true, ...jsonValue<RestrictedFields>('restricted', null) },
        mergedIntoId: { type: DataTypes.INTEGER, allowNull: true },
        segment: { type: DataTypes.STRING(20), allowNull: true },
        rfm: { type: DataTypes.TEXT, allowNull: true, ...jsonValue<RfmScores>('rfm', null) },
        segmentAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      {
        sequelize,
        tableName: 'customers',
        // Restricted fields are read only where a policy decided the reader may see them.
        defaultScope: { attributes: { exclude: ['restricted'] } },
        scopes: { withRestricted: { attributes: { include: ['restricted'] } } },
      },
    );
  }
}
