import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const identityKinds = ['email', 'visitor', 'phone'] as const;
export type IdentityKind = (typeof identityKinds)[number];

/** One way to recognise a customer: an email address, a chat visitor token, a phone number. */
export class Identity extends Model<InferAttributes<Identity>, InferCreationAttributes<Identity>> {
  declare id: CreationOptional<number>;
  declare customerId: number;
  declare kind: IdentityKind;
  /** Normalised: emails lower-cased, phones reduced to + and digits. */
  declare value: string;
  declare verified: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Identity.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        customerId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        value: { type: DataTypes.STRING(320), allowNull: false },
        verified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'identities' },
    );
  }
}
