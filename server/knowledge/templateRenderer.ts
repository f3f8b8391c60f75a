/**
 * Reply templates are Handlebars texts rendered for one ticket: `{{customer.name}}`,
 * `{{ticket.number}}`, `{{agent.name}}`, `{{company.name}}` … The output is plain text (replies
 * are sanitised where HTML is made), so nothing is HTML-escaped here. Compiled templates are
 * cached by their source text.
 */
import Handlebars from 'handlebars';
import { badRequest } from '../http/errors';

export interface TemplateContext {
  customer: { name: string | null; email: string | null };
  ticket: { number: number | null; subject: string | null };
  agent: { name: string | null; email: string | null };
  company: { name: string };
}

// An isolated environment: no helper registered elsewhere can change what templates do.
const handlebars = Handlebars.create();
const cache = new Map<string, HandlebarsTemplateDelegate<TemplateContext>>();
const CACHE_LIMIT = 5000;

function compile(source: string): HandlebarsTemplateDelegate<TemplateContext> {
  let compiled = cache.get(source);
  if (!compiled) {
    compiled = handlebars.compile<TemplateContext>(source, { noEscape: true, strict: false, knownHelpersOnly: true, knownHelpers: { if: true, unless: true, each: true, with: true } });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, compiled);
  }
  return compiled;
}

/** Throws a 400 naming the problem when the text is not a valid template (checked on save). */
export function assertValidTemplate(source: string): void {
  try {
    handlebars.precompile(source, { knownHelpersOnly: true, knownHelpers: { if: true, unless: true, each: true, with: true } });
  } catch (error) {
    throw badRequest(`body is not a valid template: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function renderTemplate(source: string, context: TemplateContext): string {
  try {
    return compile(source)(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }).trim();
  } catch {
    // A template saved before validation existed, or data it cannot use: show it unrendered.
    return source.trim();
  }
}
