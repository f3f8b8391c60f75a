import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** What a search index row points at. */
export const searchDocTypes = ['ticket', 'message', 'customer'] as const;
export type SearchDocType = (typeof searchDocTypes)[number];

/**
 * One row of the inverted search index: `term` occurs in document (`docType`, `docId`) with this
 * summed `weight`. `ticketId` (the ticket itself, or a message's ticket; null for customers) lets a
 * query check visibility without loading messages. Written only by server/search/indexWriter.ts.
 */
export class SearchTerm extends Model<InferAttributes<SearchTerm>, InferCreationAttributes<SearchTerm>> {
  declare term: string;
  declare docType: SearchDocType;
  declare docId: number;
  declare ticketId: number | null;
  declare weight: number;

  static initModel(sequelize: Sequelize): void {
    SearchTerm.init(
      {
        term: { type: DataTypes.STRING(64), primaryKey: true },
        docType: { type: DataTypes.STRING(10), primaryKey: true },
        docId: { type: DataTypes.INTEGER, primaryKey: true },
        ticketId: { type: DataTypes.INTEGER, allowNull: true },
        weight: { type: DataTypes.FLOAT, allowNull: false },
      },
      { sequelize, tableName: 'search_terms', timestamps: false },
    );
  }
}

/** Which version (the source row's `updatedAt` in ms) of a document the index holds. */
export class SearchDoc extends Model<InferAttributes<SearchDoc>, InferCreationAttributes<SearchDoc>> {
  declare docType: SearchDocType;
  declare docId: number;
  declare ticketId: number | null;
  declare version: number;
  declare indexedAt: Date;

  static initModel(sequelize: Sequelize): void {
    SearchDoc.init(
      {
        docType: { type: DataTypes.STRING(10), primaryKey: true },
        docId: { type: DataTypes.INTEGER, primaryKey: true },
        ticketId: { type: DataTypes.INTEGER, allowNull: true },
        version: {
          type: DataTypes.BIGINT,
          allowNull: false,
          // mysql2 returns BIGINT as a string.
          get(this: SearchDoc) {
            return Number(this.getDataValue('version'));
          },
        },
        indexedAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'search_docs', timestamps: false },
    );
  }
}
