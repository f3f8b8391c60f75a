import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonStringArray } from '../db/types';

export const ticketStatuses = ['open', 'pending', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const channels = ['email', 'chat', 'web'] as const;
export type Channel = (typeof channels)[number];

/** The first ticket number; numbers are derived from ids so no counter row is contended. */
export const TICKET_NUMBER_OFFSET = 10000;

export class Ticket extends Model<InferAttributes<Ticket>, InferCreationAttributes<Ticket>> {
  declare id: CreationOptional<number>;
  declare number: CreationOptional<number | null>;
  declare subject: string;
  declare status: CreationOptional<TicketStatus>;
  declare priority: CreationOptional<TicketPriority>;
  declare channel: Channel;
  declare customerId: number;
  declare assigneeId: CreationOptional<number | null>;
  declare groupId: CreationOptional<number | null>;
  /** The mailbox an email ticket came in through; replies are sent from its address. */
  declare mailboxId: CreationOptional<number | null>;
  /** For chat: the address the visitor gave, where replies go by email while they are away. */
  declare contactEmail: CreationOptional<string | null>;
  declare tags: CreationOptional<string[]>;
  /** What the ticket is about (a key of the configured categories) and the product it concerns. */
  declare category: CreationOptional<string | null>;
  declare subcategory: CreationOptional<string | null>;
  declare product: CreationOptional<string | null>;
  declare waitingSince: CreationOptional<Date | null>;
  declare alertDueAt: CreationOptional<Date | null>;
  /** The pausable waiting clock (see alerts/waitingClock.ts). */
  declare waitResumedAt: CreationOptional<Date | null>;
  declare waitCreditMs: CreationOptional<number>;
  declare waitSeq: CreationOptional<number>;
  declare alertWarnAt: CreationOptional<Date | null>;
  /** The next moment the alert scanner must look at this ticket; null when nothing is pending. */
  declare alertScanAt: CreationOptional<Date | null>;
  /** Set when this ticket was merged into another one (it is then closed); see ticketMergeService. */
  declare mergedIntoId: CreationOptional<number | null>;
  declare lastActivityAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Ticket.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        number: { type: DataTypes.INTEGER, allowNull: true, unique: true },
        subject: { type: DataTypes.STRING(500), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
        priority: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' },
        channel: { type: DataTypes.STRING(16), allowNull: false },
        customerId: { type: DataTypes.INTEGER, allowNull: false },
        assigneeId: { type: DataTypes.INTEGER, allowNull: true },
        groupId: { type: DataTypes.INTEGER, allowNull: true },
        mailboxId: { type: DataTypes.INTEGER, allowNull: true },
        contactEmail: { type: DataTypes.STRING(320), allowNull: true },
        tags: jsonStringArray('tags'),
        category: { type: DataTypes.STRING(60), allowNull: true },
        subcategory: { type: DataTypes.STRING(60), allowNull: true },
        product: { type: DataTypes.STRING(120), allowNull: true },
        waitingSince: { type: DataTypes.DATE(3), allowNull: true },
        alertDueAt: { type: DataTypes.DATE(3), allowNull: true },
        waitResumedAt: { type: DataTypes.DATE(3), allowNull: true },
        waitCreditMs: {
          type: DataTypes.BIGINT,
          allowNull: false,
          defaultValue: 0,
          // mysql2 returns BIGINT as a string.
          get(this: Ticket) {
            return Number(this.getDataValue('waitCreditMs') ?? 0);
          },
        },
        waitSeq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        alertWarnAt: { type: DataTypes.DATE(3), allowNull: true },
        alertScanAt: { type: DataTypes.DATE(3), allowNull: true },
        mergedIntoId: { type: DataTypes.INTEGER, allowNull: true },
        lastActivityAt: { type: DataTypes.DATE(3), allowNull: false },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'tickets' },
    );
  }
}
