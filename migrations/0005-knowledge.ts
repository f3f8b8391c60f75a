/**
 * Knowledge: reply templates and the examples learned from agents' replies, knowledge-base
 * articles with their revisions and "was this helpful?" votes (one per voter and article).
 */
import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/db/migrator';
import { longText } from '../server/db/types';

const timestamps = {
  createdAt: { type: DataTypes.DATE(3), allowNull: false },
  updatedAt: { type: DataTypes.DATE(3), allowNull: false },
};

export async function up({ queryInterface: q, sequelize }: MigrationContext): Promise<void> {
  const long = longText(sequelize);
  await q.createTable('reply_templates', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    title: { type: DataTypes.STRING(200), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    keywords: { type: DataTypes.TEXT, allowNull: false },
    examples: { type: DataTypes.TEXT, allowNull: false },
    locale: { type: DataTypes.STRING(10), allowNull: false },
    // The file under templates/ it was seeded from, so a file is imported once, never over an edit.
    sourceFile: { type: DataTypes.STRING(255), allowNull: true, unique: true },
    usageCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    deletedAt: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  // Nodes keep the suggestion index in memory and catch up on what changed since they last looked.
  await q.addIndex('reply_templates', ['updatedAt'], { name: 'reply_templates_updated' });

  await q.createTable('template_examples', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    templateId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'reply_templates', key: 'id' }, onDelete: 'CASCADE' },
    // The customer message the agent answered with the template.
    messageId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'messages', key: 'id' }, onDelete: 'CASCADE' },
    text: { type: DataTypes.TEXT, allowNull: false },
    ...timestamps,
  });
  await q.addIndex('template_examples', ['templateId', 'messageId'], { unique: true, name: 'template_examples_once' });

  await q.createTable('kb_articles', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    slug: { type: DataTypes.STRING(160), allowNull: false, unique: true },
    title: { type: DataTypes.STRING(300), allowNull: false },
    body: { type: long, allowNull: false },
    category: { type: DataTypes.STRING(60), allowNull: false },
    keywords: { type: DataTypes.TEXT, allowNull: false },
    visibility: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'public' },
    locale: { type: DataTypes.STRING(10), allowNull: false },
    revision: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    helpfulYes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    helpfulNo: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    sourceFile: { type: DataTypes.STRING(255), allowNull: true, unique: true },
    updatedById: { type: DataTypes.INTEGER, allowNull: true },
    deletedAt: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await q.addIndex('kb_articles', ['locale', 'category'], { name: 'kb_articles_locale_category' });
  await q.addIndex('kb_articles', ['updatedAt'], { name: 'kb_articles_updated' });

  await q.createTable('kb_article_revisions', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    articleId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'kb_articles', key: 'id' }, onDelete: 'CASCADE' },
    revision: { type: DataTypes.INTEGER, allowNull: false },
    title: { type: DataTypes.STRING(300), allowNull: false },
    body: { type: long, allowNull: false },
    category: { type: DataTypes.STRING(60), allowNull: false },
    keywords: { type: DataTypes.TEXT, allowNull: false },
    visibility: { type: DataTypes.STRING(10), allowNull: false },
    locale: { type: DataTypes.STRING(10), allowNull: false },
    editedById: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await q.addIndex('kb_article_revisions', ['articleId', 'revision'], { unique: true, name: 'kb_article_revisions_once' });

  await q.createTable('kb_feedback', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    articleId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'kb_articles', key: 'id' }, onDelete: 'CASCADE' },
    // A hash of the voter (portal cookie, else address and browser): a second vote changes the first.
    voterKey: { type: DataTypes.STRING(64), allowNull: false },
    helpful: { type: DataTypes.BOOLEAN, allowNull: false },
    ...timestamps,
  });
  await q.addIndex('kb_feedback', ['articleId', 'voterKey'], { unique: true, name: 'kb_feedback_one_vote' });

  // Set when a message was written by the system on the agents' behalf (an automatic first answer).
  await q.addColumn('messages', 'automatic', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
}

export async function down({ queryInterface: q }: MigrationContext): Promise<void> {
  await q.removeColumn('messages', 'automatic');
  await q.dropTable('kb_feedback');
  await q.dropTable('kb_article_revisions');
  await q.dropTable('kb_articles');
  await q.dropTable('template_examples');
  await q.dropTable('reply_templates');
}
