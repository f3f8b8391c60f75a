/**
 * The email channel: mailboxes with their IMAP checkpoint, quarantined mail, settings (the
 * threading secret), and the message/ticket columns email needs.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';
import { longText } from '../server/db/types';

const timestamps = {
  createdAt: { type: DataTypes.DATE(3), allowNull: false },
  updatedAt: { type: DataTypes.DATE(3), allowNull: false },
};

export async function up({ queryInterface: q, sequelize }: MigrationContext): Promise<void> {
  await q.createTable('settings', {
    key: { type: DataTypes.STRING(100), primaryKey: true },
    value: { type: DataTypes.TEXT, allowNull: false },
    ...timestamps,
  });

  await q.createTable('mailboxes', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(200), allowNull: false },
    address: { type: DataTypes.STRING(320), allowNull: true },
    host: { type: DataTypes.STRING(255), allowNull: false },
    port: { type: DataTypes.INTEGER, allowNull: false },
    secure: { type: DataTypes.BOOLEAN, allowNull: false },
    username: { type: DataTypes.STRING(320), allowNull: false },
    password: { type: DataTypes.STRING(500), allowNull: false },
    folder: { type: DataTypes.STRING(255), allowNull: false, defaultValue: 'INBOX' },
    groupId: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'groups', key: 'id' }, onDelete: 'SET NULL' },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    // UIDs and UIDVALIDITY are unsigned 32-bit numbers in IMAP.
    uidValidity: { type: DataTypes.BIGINT, allowNull: true },
    lastUid: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    lastSyncedAt: { type: DataTypes.DATE(3), allowNull: true },
    lastError: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('mailboxes', ['host', 'username', 'folder'], { unique: true, name: 'mailboxes_account' });

  await q.createTable('quarantined_mails', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    mailboxId: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'mailboxes', key: 'id' }, onDelete: 'SET NULL' },
    uid: { type: DataTypes.BIGINT, allowNull: true },
    messageId: { type: DataTypes.STRING(500), allowNull: true },
    subject: { type: DataTypes.STRING(500), allowNull: true },
    fromAddress: { type: DataTypes.STRING(320), allowNull: true },
    reason: { type: DataTypes.TEXT, allowNull: false },
    rawKey: { type: DataTypes.STRING(255), allowNull: false },
    size: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'quarantined' },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    resolvedMessageId: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('quarantined_mails', ['status', 'createdAt'], { name: 'quarantine_status' });

  await q.addColumn('tickets', 'mailboxId', { type: DataTypes.INTEGER, allowNull: true, references: { model: 'mailboxes', key: 'id' }, onDelete: 'SET NULL' });

  await q.addColumn('messages', 'fromAddress', { type: DataTypes.STRING(320), allowNull: true });
  await q.addColumn('messages', 'recipients', { type: DataTypes.TEXT, allowNull: true });
  await q.addColumn('messages', 'originalBody', { type: longText(sequelize), allowNull: true });
  await q.addColumn('messages', 'rawKey', { type: DataTypes.STRING(255), allowNull: true });
  await q.addColumn('messages', 'autoKind', { type: DataTypes.STRING(16), allowNull: true });
  await q.addColumn('messages', 'deliveryAttempts', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await q.addColumn('messages', 'nextAttemptAt', { type: DataTypes.DATE(3), allowNull: true });
  await q.addIndex('messages', ['deliveryState', 'nextAttemptAt'], { name: 'messages_delivery_due' });
  // One stored message per Message-ID: the database itself refuses a mail fetched twice.
  await q.removeIndex('messages', 'messages_external');
  await q.addIndex('messages', ['externalId'], { unique: true, name: 'messages_external_unique' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.removeIndex('messages', 'messages_external_unique');
  await q.addIndex('messages', ['externalId'], { name: 'messages_external' });
  await q.removeIndex('messages', 'messages_delivery_due');
  for (const column of ['nextAttemptAt', 'deliveryAttempts', 'autoKind', 'rawKey', 'originalBody', 'recipients', 'fromAddress']) {
    await q.removeColumn('messages', column);
  }
  await q.removeColumn('tickets', 'mailboxId');
  await q.dropTable('quarantined_mails');
  await q.dropTable('mailboxes');
  await q.dropTable('settings');
}
