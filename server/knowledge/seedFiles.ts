/**
 * Reads the starter content shipped in `knowledge-base/` (Markdown articles) and `templates/`
 * (Handlebars replies), each with YAML front matter, and imports every file not imported before.
 * A file is imported once (its path is kept as `sourceFile`): later edits in the console, or a
 * deletion, are never overwritten by the file, and files added by an upgrade still arrive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { z } from 'zod';
import type { AppContext } from '../context';
import { articleLocales, articleVisibilities, KbArticle } from '../models/KbArticle';
import { KbArticleRevision } from '../models/KbArticleRevision';
import { ReplyTemplate } from '../models/ReplyTemplate';
import { assertValidTemplate } from './templateRenderer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KNOWLEDGE_DIR = path.join(root, 'knowledge-base');
export const TEMPLATES_DIR = path.join(root, 'templates');

const phrases = z.array(z.coerce.string().trim().min(1)).default([]);
export const articleFrontMatter = z.object({
  title: z.string().trim().min(1).max(300),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and hyphens').max(160),
  category: z.string().trim().min(1).max(60),
  keywords: phrases,
  visibility: z.enum(articleVisibilities).default('public'),
  locale: z.enum(articleLocales),
});
export const templateFrontMatter = z.object({
  title: z.string().trim().min(1).max(200),
  locale: z.enum(articleLocales),
  keywords: phrases,
  examples: phrases,
});

function filesUnder(dir: string, extension: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension) && !/(^|\/)README\.md$/i.test(file))
    .sort();
}

function read<T>(dir: string, file: string, schema: z.ZodType<T>): { data: T; body: string } {
  const parsed = matter(fs.readFileSync(path.join(dir, file), 'utf8'));
  const result = schema.safeParse(parsed.data);
  if (!result.success) throw new Error(`${path.join(path.basename(dir), file)}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { data: result.data, body: parsed.content.trim() };
}

/** Imports the files not seen before; a bad file is logged and skipped, never stops the start. */
export async function seedKnowledge(ctx: AppContext, dirs = { articles: KNOWLEDGE_DIR, templates: TEMPLATES_DIR }): Promise<{ articles: number; templates: number }> {
  const sources = (rows: Array<{ sourceFile: string | null }>) => new Set(rows.map((row) => row.sourceFile));
  const [knownArticles, knownTemplates] = await Promise.all([
    KbArticle.findAll({ attributes: ['sourceFile'] }).then(sources),
    ReplyTemplate.findAll({ attributes: ['sourceFile'] }).then(sources),
  ]);
  let articles = 0;
  let templates = 0;
  for (const file of filesUnder(dirs.articles, '.md')) {
    const sourceFile = `knowledge-base/${file}`;
    if (knownArticles.has(sourceFile)) continue;
    try {
      const { data, body } = read(dirs.articles, file, articleFrontMatter);
      await ctx.transactions.run(async (transaction) => {
        if (await KbArticle.findOne({ where: { slug: data.slug }, transaction })) throw new Error(`${sourceFile}: slug ${data.slug} is taken`);
        const article = await KbArticle.create({ ...data, body, sourceFile }, { transaction });
        await KbArticleRevision.create({ articleId: article.id, revision: 1, ...data, body, editedById: null }, { transaction });
      });
      articles++;
    } catch (error) {
      ctx.logger.warn('knowledge-base file skipped', { file: sourceFile, error: (error as Error).message });
    }
  }
  for (const file of filesUnder(dirs.templates, '.hbs')) {
    const sourceFile = `templates/${file}`;
    if (knownTemplates.has(sourceFile)) continue;
    try {
      const { data, body } = read(dirs.templates, file, templateFrontMatter);
      assertValidTemplate(body);
      await ctx.transactions.run((transaction) => ReplyTemplate.create({ ...data, body, sourceFile }, { transaction }));
      templates++;
    } catch (error) {
      ctx.logger.warn('template file skipped', { file: sourceFile, error: (error as Error).message });
    }
  }
  if (articles || templates) ctx.logger.info('knowledge seeded', { articles, templates });
  return { articles, templates };
}
