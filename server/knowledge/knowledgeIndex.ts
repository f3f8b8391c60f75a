/**
 * The suggestion engine kept in step with the database. Each node holds the index in memory,
 * loads it at start, and before ranking catches up on what changed since it last looked
 * (templates and articles by `updatedAt`, learned examples by id), so an edit made on another
 * node is seen within SYNC_MS without any messaging between nodes. Deletes are soft
 * (`deletedAt`), so they arrive the same way.
 */
import { Op } from 'sequelize';
import { KbArticle } from '../models/KbArticle';
import { ReplyTemplate } from '../models/ReplyTemplate';
import { TemplateExample } from '../models/TemplateExample';
import type { Logger } from '../util/logger';
import { markdownToText } from './markdown';
import { SuggestionEngine, type RankOptions, type Ranked } from './suggestionEngine';

const SYNC_MS = 2000;
/** Rows whose updatedAt equals the cursor may have been written in the same millisecond: look back a little. */
const OVERLAP_MS = 5000;

export class KnowledgeIndex {
  readonly engine = new SuggestionEngine();
  private cursor = new Date(0);
  private lastExampleId = 0;
  private syncedAt = 0;
  private syncing: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  /** Ranks after catching up with the database (at most every SYNC_MS). */
  async rank(text: string, options: RankOptions): Promise<Ranked[]> {
    if (Date.now() - this.syncedAt > SYNC_MS) await this.sync();
    return this.engine.rank(text, options);
  }

  /** Catches up now (called after this node's own writes, so its next ranking sees them). */
  sync(): Promise<void> {
    this.syncing ??= this.catchUp().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async catchUp(): Promise<void> {
    const started = Date.now();
    const since = new Date(this.cursor.getTime() - OVERLAP_MS);
    const [templates, articles] = await Promise.all([
      ReplyTemplate.findAll({ where: { updatedAt: { [Op.gte]: since } } }),
      KbArticle.findAll({ where: { updatedAt: { [Op.gte]: since } } }),
    ]);
    for (const template of templates) {
      if (template.deletedAt) this.engine.remove('template', template.id);
      else this.engine.upsert({ kind: 'template', id: template.id, locale: template.locale, title: template.title, keywords: template.keywords, examples: template.examples, body: template.body });
    }
    for (const article of articles) {
      if (article.deletedAt) this.engine.remove('article', article.id);
      else
        this.engine.upsert({
          kind: 'article',
          id: article.id,
          locale: article.locale,
          title: article.title,
          keywords: article.keywords,
          examples: [],
          body: markdownToText(article.body),
          visibility: article.visibility,
          category: article.category,
        });
    }
    await this.loadLearnedExamples();
    for (const row of [...templates, ...articles]) if (row.updatedAt > this.cursor) this.cursor = row.updatedAt;
    this.syncedAt = Date.now();
    if (templates.length + articles.length > 100) this.logger.info('suggestion index loaded', { templates: templates.length, articles: articles.length, ms: Date.now() - started });
  }

  private async loadLearnedExamples(): Promise<void> {
    // Oldest first, so the engine keeps the newest ones when a template has more than it holds.
    for (;;) {
      const rows = await TemplateExample.findAll({ where: { id: { [Op.gt]: this.lastExampleId } }, order: [['id', 'ASC']], limit: 5000, attributes: ['id', 'templateId', 'text'] });
      for (const row of rows) this.engine.learn('template', row.templateId, row.text);
      if (rows.length) this.lastExampleId = rows[rows.length - 1].id;
      if (rows.length < 5000) return;
    }
  }
}
