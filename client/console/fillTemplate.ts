/**
 * Fills a reply template's placeholders in the browser, for a template that was not among the
 * ticket's suggestions (those come rendered by the server). Handles what the templates use:
 * `{{path}}` and `{{#if path}}…{{else}}…{{/if}}` / `{{#unless path}}…{{/unless}}`.
 * A placeholder the console does not know (e.g. `{{company.name}}`) is left in the text for
 * the agent to fill in; `unfilledPlaceholders` lists them.
 */
export interface PlaceholderValues {
  customer: { name: string | null; email: string | null };
  ticket: { number: number; subject: string };
  agent: { name: string | null };
}

const BLOCK = /\{\{#(if|unless)\s+([\w.]+)\s*\}\}((?:(?!\{\{#(?:if|unless)\b)[\s\S])*?)\{\{\/\1\s*\}\}/;
const VALUE = /\{\{\{?\s*([\w.]+)\s*\}?\}\}/g;

export function fillTemplate(source: string, values: PlaceholderValues): string {
  // undefined: not a placeholder the console knows; null/'': known and empty.
  const lookup = (path: string): string | null | undefined => {
    let node: unknown = values;
    for (const part of path.split('.')) {
      if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node === null || node === undefined ? null : String(node);
  };
  let text = source;
  // Innermost blocks first, so nested ones resolve from the inside out.
  for (let match = BLOCK.exec(text); match; match = BLOCK.exec(text)) {
    const [whole, helper, path, inner] = match;
    const value = lookup(path);
    // An unknown value is one the server always sets (the company name): take it as present.
    const truthy = value === undefined || Boolean(value);
    const [yes, no = ''] = inner.split(/\{\{else\}\}/);
    text = text.replace(whole, () => ((helper === 'if') === truthy ? yes : no));
  }
  return text.replace(VALUE, (whole, path: string) => {
    const value = lookup(path);
    return value === undefined ? whole : (value ?? '');
  }).trim();
}

/** The `{{…}}` still in a text, each once: what the agent must replace before sending. */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set(text.match(/\{\{[^{}]*\}\}/g) ?? [])];
}
