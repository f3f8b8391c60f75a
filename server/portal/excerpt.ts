/** Short extracts of an article's text for lists and search results (escaped HTML, matches in <mark>). */
import { escapeHtml } from './layout';

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Chinese characters are twice as wide (and say more): about half as many make an extract. */
const lengthFor = (text: string, max: number) => (/[\u3400-\u9fff]/.test(text.slice(0, 80)) ? Math.round(max * 0.55) : max);

/** text[start…] cut to about `max` characters, at a space when there is one near (Chinese has none). */
function extract(text: string, start: number, max: number): string {
  let from = start;
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < from + 20) from = space + 1;
  }
  let end = Math.min(text.length, from + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > from + max * 0.6) end = space;
  }
  return `${from > 0 ? '…' : ''}${text.slice(from, end).trim()}${end < text.length ? '…' : ''}`;
}

/** The first `max` characters of the text, as plain text. */
export function plainExcerpt(text: string, max = 180): string {
  const clean = collapse(text);
  return extract(clean, 0, lengthFor(clean, max));
}

/**
 * An extract around the first of the matched words, with every match highlighted; escaped HTML.
 * Without a match in the text it is the start of the text.
 */
export function highlightedExcerpt(text: string, terms: string[], max = 200): string {
  const clean = collapse(text);
  max = lengthFor(clean, max);
  const words = [...new Set(terms.map((term) => term.trim()).filter((term) => term.length > 0 && term.length <= 60))].sort((a, b) => b.length - a.length);
  if (!words.length) return escapeHtml(extract(clean, 0, max));
  const pattern = new RegExp(`(${words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  const first = clean.search(pattern);
  const lead = Math.round(max * 0.3);
  const snippet = extract(clean, first > lead ? first - lead : 0, max);
  return snippet
    .split(pattern)
    .map((part, index) => (index % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
}
