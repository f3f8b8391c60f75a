import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/**
 * An IMAP mailbox the help desk reads, with its checkpoint: the UIDVALIDITY of the folder and the
 * last UID whose mail is safely stored (or quarantined). Updated in the same transaction as that mail.
 */
export class Mailbox extends Model<InferAttributes<Mailbox>, InferCreationAttributes<Mailbox>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** The support address customers write to (replies are sent from it); defaults to MAIL_FROM. */
  declare address: string | null;
  declare host: string;
  declare port: number;
  declare secure: boolean;
  declare username: string;
  declare password: string;
  declare folder: CreationOptional<string>;
  declare groupId: number | null;
  declare active: CreationOptional<boolean>;
  declare uidValidity: CreationOptional<number | null>;
  declare lastUid: CreationOptional<number>;
  declare lastSyncedAt: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    // BIGINT comes back as a string from mysql2; the getters keep numbers numbers.
    const bigNumber = (name: 'uidValidity' | 'lastUid') => ({
      type: DataTypes.BIGINT,
      get(this: Mailbox) {
        const raw = this.getDataValue(name) as unknown;
        return raw === null || raw === undefined ? raw : Number(raw);
      },
    });
    Mailbox.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        address: { type: DataTypes.STRING(320), allowNull: true },
        host: { type: DataTypes.STRING(255), allowNull: false },
        port: { type: DataTypes.INTEGER, allowNull: false },
        secure: { type: DataTypes.BOOLEAN, allowNull: false },
        username: { type: DataTypes.STRING(320), allowNull: false },
        password: { type: DataTypes.STRING(500), allowNull: false },
        folder: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'INBOX' },
        groupId: { type: DataTypes.INTEGER, allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        uidValidity: { ...bigNumber('uidValidity'), allowNull: true },
        lastUid: { ...bigNumber('lastUid'), allowNull: false, defaultValue: 0 },
        lastSyncedAt: { type: DataTypes.DATE(3), allowNull: true },
        lastError: { type: DataTypes.TEXT, allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'mailboxes' },
    );
  }
}
