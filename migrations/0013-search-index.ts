/**
 * The full-text search index (issue #8, search): an inverted index that works the same on SQLite
 * and MariaDB. `search_terms` holds one row per (term, document) with the term's weight in that
 * document; its primary key (term, docType, docId) makes "documents containing term X" a range
 * scan of the clustered key (InnoDB; SQLite `WITHOUT ROWID`), weight and ticketId included, so a
 * query never touches the base tables until the final page. `search_docs` remembers which
 * version (source `updatedAt`) of each document is indexed, so the catch-up can skip rows that
 * are already current. The `updatedAt` indexes on the source tables let the catch-up find what
 * changed since its watermark without scanning them.
 */
import type { MigrationContext } from '../server/db/migrator';

const sourceIndexes = [
  { table: 'tickets', name: 'search_src_tickets_updated' },
  { table: 'messages', name: 'search_src_messages_updated' },
  { table: 'customers', name: 'search_src_customers_updated' },
  { table: 'identities', name: 'search_src_identities_updated' },
];

export async function up({ queryInterface: q, sequelize }: MigrationContext): Promise<void> {
  if (sequelize.getDialect() === 'sqlite') {
    await sequelize.query(`CREATE TABLE search_terms (
      term VARCHAR(64) NOT NULL, docType VARCHAR(10) NOT NULL, docId INTEGER NOT NULL, ticketId INTEGER NULL, weight REAL NOT NULL,
      PRIMARY KEY (term, docType, docId)) WITHOUT ROWID`);
    await sequelize.query(`CREATE TABLE search_docs (
      docType VARCHAR(10) NOT NULL, docId INTEGER NOT NULL, ticketId INTEGER NULL, version BIGINT NOT NULL, indexedAt DATETIME NOT NULL,
      PRIMARY KEY (docType, docId)) WITHOUT ROWID`);
  } else {
    // Terms compare byte for byte: the database's default *_ci collation would fold "résumé" into
    // "resume" and make two different terms of one document collide on the primary key.
    await sequelize.query(`CREATE TABLE search_terms (
      term VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, docType VARCHAR(10) CHARACTER SET ascii NOT NULL,
      docId INT NOT NULL, ticketId INT NULL, weight FLOAT NOT NULL,
      PRIMARY KEY (term, docType, docId)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await sequelize.query(`CREATE TABLE search_docs (
      docType VARCHAR(10) CHARACTER SET ascii NOT NULL, docId INT NOT NULL, ticketId INT NULL, version BIGINT NOT NULL, indexedAt DATETIME(3) NOT NULL,
      PRIMARY KEY (docType, docId)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }
  // Replacing one document's rows deletes by document.
  await q.addIndex('search_terms', ['docType', 'docId'], { name: 'search_terms_doc' });
  // A one-word query reads its best postings straight off this index, stopping after a page.
  await q.addIndex('search_terms', ['term', 'docType', 'weight', 'docId'], { name: 'search_terms_rank' });
  for (const { table, name } of sourceIndexes) await q.addIndex(table, ['updatedAt', 'id'], { name });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  for (const { table, name } of sourceIndexes) await q.removeIndex(table, name);
  await q.dropTable('search_docs');
  await q.dropTable('search_terms');
}
