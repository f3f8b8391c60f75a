/**
 * Plain-text snippets around the first match, and the exact words that matched (so the console
 * can mark them: "refunds" finds "refund", and the console cannot stem). Never HTML: the console
 * escapes the snippet and wraps the listed words itself.
 */
import { analyze } from '../knowledge/textAnalysis';
import type { QueryGroup } from './searchTerms';

const SCAN_CHARS = 20_000;
const BEFORE = 60;
const LENGTH = 200;
const LATIN_WORD = /[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}'’]*/gu;

interface Match {
  at: number;
  surface: string;
}

/** Every place in `text` where one of the query's groups matches. */
export function findMatches(text: string, groups: QueryGroup[]): Match[] {
  const scanned = text.slice(0, SCAN_CHARS);
  const lower = scanned.toLowerCase();
  const stems = new Set(groups.flatMap((g) => g.terms).filter((t) => !t.startsWith('~') && !t.startsWith('=')));
  const matches: Match[] = [];
  if (stems.size) {
    // Porter only rewrites endings, so a word can stem to a query stem only if it starts like it:
    // this keeps the tokeniser off almost every word of a long mail.
    const heads = [...new Set([...stems].map((stem) => stem.slice(0, 3)))];
    for (const word of scanned.matchAll(LATIN_WORD)) {
      const lowerWord = word[0].toLowerCase();
      if (!heads.some((head) => lowerWord.startsWith(head))) continue;
      const key = analyze(word[0])[0]?.key;
      if (key && stems.has(key)) matches.push({ at: word.index, surface: word[0] });
    }
  }
  for (const group of groups) {
    const needles = group.prefix !== null ? [group.prefix.slice(1)] : group.terms.filter((t) => t.startsWith('~') || t.startsWith('=')).map((t) => t.slice(1));
    for (const needle of needles) {
      let at = lower.indexOf(needle.toLowerCase());
      while (at >= 0 && matches.length < 200) {
        matches.push({ at, surface: scanned.slice(at, at + needle.length) });
        at = lower.indexOf(needle.toLowerCase(), at + needle.length);
      }
    }
  }
  return matches.sort((a, b) => a.at - b.at);
}

/** The snippet around the first match (or the start) and the matched words inside it. */
export function makeSnippet(text: string, groups: QueryGroup[]): { snippet: string; highlights: string[] } {
  const flat = text.replace(/\s+/g, ' ').trim();
  const matches = findMatches(flat, groups);
  const first = matches[0]?.at ?? 0;
  let start = Math.max(0, first - BEFORE);
  // Start at a word boundary when one is near, so the snippet does not open mid-word.
  if (start > 0) {
    const space = flat.lastIndexOf(' ', start);
    if (space >= 0 && start - space < 15) start = space + 1;
  }
  const end = Math.min(flat.length, start + LENGTH);
  const snippet = `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
  const highlights = [...new Set(matches.filter((m) => m.at >= start && m.at + m.surface.length <= end).map((m) => m.surface))];
  return { snippet, highlights };
}
