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
/**
 * A row's `updatedAt` is taken before its transaction commits, and nodes' clocks differ a little:
 * each look goes back this far before the previous one, and rows already indexed at the same
 * version are skipped.
 */
const OVERLAP_MS = 10_000;

export class KnowledgeIndex {
  readonly engine = new SuggestionEngine();
  /** Rows changed at or after this time are looked at on the next sync. */
  private since = new Date(0);
  /** The `updatedAt` each candidate is indexed at, and the learned examples already indexed. */
  private readonly versions = new Map<string, number>();
  private readonly learnedIds = new Set<number>();
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
    const since = this.since;
    const nextSince = new Date(started - OVERLAP_MS);
    const [templates, articles] = await Promise.all([
      ReplyTemplate.findAll({ where: { updatedAt: { [Op.gte]: since } } }),
      KbArticle.findAll({ where: { updatedAt: { [Op.gte]: since } } }),
    ]);
    let changed = 0;
    for (const template of templates) {
      if (!this.isNewVersion(`template:${template.id}`, template.updatedAt)) continue;
      changed++;
      if (template.deletedAt) this.engine.remove('template', template.id);
      else this.engine.upsert({ kind: 'template', id: template.id, locale: template.locale, title: template.title, keywords: template.keywords, examples: template.examples, body: template.body });
    }
    for (const article of articles) {
      if (!this.isNewVersion(`article:${article.id}`, article.updatedAt)) continue;
      changed++;
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
    await this.loadLearnedExamples(since);
    if (nextSince > this.since) this.since = nextSince;
    this.syncedAt = Date.now();
    if (changed > 100) this.logger.info('suggestion index loaded', { candidates: changed, ms: Date.now() - started });
  }

  private isNewVersion(key: string, updatedAt: Date): boolean {
    if (this.versions.get(key) === updatedAt.getTime()) return false;
    this.versions.set(key, updatedAt.getTime());
    return true;
  }

  private async loadLearnedExamples(since: Date): Promise<void> {
    // Oldest first, so the engine keeps the newest ones when a template has more than it holds.
    let afterId = 0;
    for (;;) {
      const rows = await TemplateExample.findAll({ where: { createdAt: { [Op.gte]: since }, id: { [Op.gt]: afterId } }, order: [['id', 'ASC']], limit: 5000, attributes: ['id', 'templateId', 'text'] });
      for (const row of rows) {
        if (this.learnedIds.has(row.id)) continue;
        this.learnedIds.add(row.id);
        this.engine.learn('template', row.templateId, row.text);
      }
      if (rows.length < 5000) return;
      afterId = rows[rows.length - 1].id;
    }
  }
}
