/**
 * The foundation schema: agents, groups, customers and their identities, tickets, messages,
 * attachments, the audit log and login sessions. Reversible: `down` drops what `up` made.
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';
import { longText } from '../server/db/types';

const timestamps = {
  createdAt: { type: DataTypes.DATE(3), allowNull: false },
  updatedAt: { type: DataTypes.DATE(3), allowNull: false },
};
const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const ref = (table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT', allowNull = false) => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
  onUpdate: 'CASCADE',
});

export async function up({ queryInterface: q, sequelize }: MigrationContext): Promise<void> {
  await q.createTable('agents', {
    id,
    name: { type: DataTypes.STRING(200), allowNull: false },
    email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
    passwordHash: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'agent' },
    locale: { type: DataTypes.STRING(10), allowNull: true },
    phone: { type: DataTypes.STRING(40), allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });

  await q.createTable('groups', {
    id,
    name: { type: DataTypes.STRING(200), allowNull: false, unique: true },
    email: { type: DataTypes.STRING(320), allowNull: true },
    ...timestamps,
  });

  await q.createTable('agent_groups', {
    agentId: { ...ref('agents', 'CASCADE'), primaryKey: true },
    groupId: { ...ref('groups', 'CASCADE'), primaryKey: true },
    createdAt: timestamps.createdAt,
  });

  await q.createTable('customers', {
    id,
    name: { type: DataTypes.STRING(200), allowNull: true },
    organisation: { type: DataTypes.STRING(200), allowNull: true },
    locale: { type: DataTypes.STRING(10), allowNull: true },
    notes: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });

  await q.createTable('identities', {
    id,
    customerId: ref('customers', 'CASCADE'),
    kind: { type: DataTypes.STRING(16), allowNull: false },
    value: { type: DataTypes.STRING(320), allowNull: false },
    verified: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });
  await q.addIndex('identities', ['kind', 'value'], { unique: true, name: 'identities_kind_value' });
  await q.addIndex('identities', ['customerId'], { name: 'identities_customer' });

  await q.createTable('tickets', {
    id,
    number: { type: DataTypes.INTEGER, allowNull: true, unique: true },
    subject: { type: DataTypes.STRING(500), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
    priority: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    customerId: ref('customers', 'RESTRICT'),
    assigneeId: ref('agents', 'SET NULL', true),
    groupId: ref('groups', 'SET NULL', true),
    tags: { type: DataTypes.TEXT, allowNull: false },
    waitingSince: { type: DataTypes.DATE(3), allowNull: true },
    alertDueAt: { type: DataTypes.DATE(3), allowNull: true },
    lastActivityAt: { type: DataTypes.DATE(3), allowNull: false },
    ...timestamps,
  });
  // The ticket list sorts by last activity, filtered by status, assignee, group or customer.
  await q.addIndex('tickets', ['lastActivityAt', 'id'], { name: 'tickets_activity' });
  await q.addIndex('tickets', ['status', 'lastActivityAt', 'id'], { name: 'tickets_status_activity' });
  await q.addIndex('tickets', ['assigneeId', 'status', 'lastActivityAt'], { name: 'tickets_assignee_status' });
  await q.addIndex('tickets', ['groupId', 'status', 'lastActivityAt'], { name: 'tickets_group_status' });
  await q.addIndex('tickets', ['customerId', 'lastActivityAt'], { name: 'tickets_customer_activity' });
  await q.addIndex('tickets', ['channel', 'lastActivityAt'], { name: 'tickets_channel_activity' });
  // The alert scanner's one query: tickets whose alertDueAt has passed.
  await q.addIndex('tickets', ['alertDueAt'], { name: 'tickets_alert_due' });

  await q.createTable('messages', {
    id,
    ticketId: ref('tickets', 'CASCADE'),
    direction: { type: DataTypes.STRING(10), allowNull: false },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    authorType: { type: DataTypes.STRING(10), allowNull: false },
    authorId: { type: DataTypes.INTEGER, allowNull: true },
    body: { type: longText(sequelize), allowNull: false },
    html: { type: longText(sequelize), allowNull: true },
    internal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    templateId: { type: DataTypes.INTEGER, allowNull: true },
    clientId: { type: DataTypes.STRING(100), allowNull: true },
    externalId: { type: DataTypes.STRING(500), allowNull: true },
    deliveryState: { type: DataTypes.STRING(16), allowNull: true },
    deliveryError: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('messages', ['ticketId', 'createdAt', 'id'], { name: 'messages_ticket_time' });
  await q.addIndex('messages', ['externalId'], { name: 'messages_external' });
  await q.addIndex('messages', ['ticketId', 'clientId'], { unique: true, name: 'messages_ticket_client' });

  await q.createTable('attachments', {
    id,
    messageId: ref('messages', 'CASCADE', true),
    uploadedById: ref('agents', 'SET NULL', true),
    filename: { type: DataTypes.STRING(255), allowNull: false },
    contentType: { type: DataTypes.STRING(255), allowNull: false },
    size: { type: DataTypes.INTEGER, allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: false },
    storageKey: { type: DataTypes.STRING(255), allowNull: false },
    inline: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    contentId: { type: DataTypes.STRING(255), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('attachments', ['messageId'], { name: 'attachments_message' });

  await q.createTable('audit_logs', {
    id,
    actorType: { type: DataTypes.STRING(16), allowNull: false },
    actorId: { type: DataTypes.INTEGER, allowNull: true },
    action: { type: DataTypes.STRING(64), allowNull: false },
    entityType: { type: DataTypes.STRING(32), allowNull: false },
    entityId: { type: DataTypes.INTEGER, allowNull: false },
    changes: { type: DataTypes.TEXT, allowNull: true },
    createdAt: timestamps.createdAt,
  });
  await q.addIndex('audit_logs', ['entityType', 'entityId', 'createdAt'], { name: 'audit_entity' });
  await q.addIndex('audit_logs', ['actorType', 'actorId', 'createdAt'], { name: 'audit_actor' });

  await q.createTable('sessions', {
    id,
    agentId: ref('agents', 'CASCADE'),
    tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    expiresAt: { type: DataTypes.DATE(3), allowNull: false },
    userAgent: { type: DataTypes.STRING(500), allowNull: true },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    createdAt: timestamps.createdAt,
  });
  await q.addIndex('sessions', ['agentId'], { name: 'sessions_agent' });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  for (const table of ['sessions', 'audit_logs', 'attachments', 'messages', 'tickets', 'identities', 'customers', 'agent_groups', 'groups', 'agents']) {
    await q.dropTable(table);
  }
}
