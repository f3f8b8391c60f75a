/**
 * What the search index stores for a text and what a query asks for, built on the project's
 * tokeniser (server/knowledge/textAnalysis.ts) so search, suggestions and the portal agree on
 * words: English words are lower-cased Porter stems; Chinese is indexed as overlapping character
 * bigrams only (`~ab`), so any two-character substring of a Chinese word finds it and a longer
 * Chinese query becomes "all of its bigrams" whatever way the segmenter would have cut it.
 * Literal tokens the tokeniser drops on purpose (order numbers, ticket numbers, email addresses,
 * phone digits) are kept here as `=`-prefixed terms, because agents search by them.
 */
import { analyze } from '../knowledge/textAnalysis';

/** Longest term the index column holds (in characters). */
export const MAX_TERM_LENGTH = 64;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const DIGITS = /\d{3,}/g;

export interface WeightedText {
  text: string | null | undefined;
  /** How much a match in this field counts (a subject more than a message body). */
  weight: number;
}

/** The literal terms of a text: email addresses (lower-cased) and runs of 3+ digits. */
export function literalTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(EMAIL)) out.push(`=${match[0].toLowerCase()}`);
  for (const match of text.replace(EMAIL, ' ').matchAll(DIGITS)) out.push(`=${match[0]}`);
  return out.map((term) => term.slice(0, MAX_TERM_LENGTH));
}

/** The analysed terms of a query: word stems and CJK bigrams (not stem pairs or CJK words, which the index does not keep). */
function wordTerms(text: string): Array<{ key: string; weight: number; surface: string }> {
  return analyze(text).filter((term) => (term.key.startsWith('~') ? true : !term.surface.includes(' ') && !CJK.test(term.key)));
}

// The same CJK ranges as textAnalysis.ts.
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;

/**
 * The terms a document is indexed under: the shared tokeniser for the Latin-script words (with
 * CJK runs cut out), and every character bigram of each CJK run, as analyze() makes them. The
 * runs skip analyze() on purpose: its Intl.Segmenter costs ~50 µs per run and the words it finds
 * are not kept, and keeping every bigram (stop characters too) only makes the index a superset of
 * what a query can ask for.
 */
function indexTerms(text: string): Array<{ key: string; weight: number }> {
  const normalised = text.normalize('NFKC');
  const out: Array<{ key: string; weight: number }> = [];
  for (const term of analyze(normalised.replace(CJK_RUN, '\n'))) if (!term.surface.includes(' ')) out.push({ key: term.key, weight: term.weight });
  for (const run of normalised.match(CJK_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.push({ key: `~${run}`, weight: 0.5 });
    for (let i = 0; i + 1 < chars.length; i++) out.push({ key: `~${chars[i]}${chars[i + 1]}`, weight: 0.5 });
  }
  return out;
}

/** term → summed weight for a document made of weighted fields. */
export function documentTerms(fields: WeightedText[]): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (key: string, weight: number) => {
    const term = key.slice(0, MAX_TERM_LENGTH);
    terms.set(term, (terms.get(term) ?? 0) + weight);
  };
  for (const { text, weight } of fields) {
    if (!text) continue;
    for (const literal of literalTerms(text.normalize('NFKC'))) add(literal, 2 * weight);
    for (const term of indexTerms(text)) add(term.key, term.weight * weight);
  }
  return terms;
}

/** One thing every result must contain: one of `terms` exactly, or (for a lone CJK character) a term starting with `prefix`. */
export interface QueryGroup {
  terms: string[];
  prefix: string | null;
  /** What the agent typed for this group, for highlighting. */
  surface: string;
}

export interface ParsedQuery {
  groups: QueryGroup[];
  /** `#123` or `123`: the ticket number asked for. */
  ticketNumber: number | null;
}

/** Splits a query into AND-groups; an empty list means nothing searchable was typed (only stop words). */
export function parseQuery(raw: string): ParsedQuery {
  const q = raw.normalize('NFKC').trim();
  const numberMatch = /^#?\s*(\d{1,9})$/.exec(q);
  const groups = new Map<string, QueryGroup>();
  const addGroup = (group: QueryGroup) => {
    const key = group.prefix !== null ? `prefix:${group.prefix}` : group.terms.join('|');
    if (!groups.has(key)) groups.set(key, group);
  };
  for (const literal of literalTerms(q)) addGroup({ terms: [literal], prefix: null, surface: literal.slice(1) });
  for (const term of wordTerms(q.replace(EMAIL, ' '))) {
    // A CJK run of one character has no bigram of its own: look for bigrams that start with it.
    if (term.key.startsWith('~') && [...term.key].length === 2) addGroup({ terms: [], prefix: term.key, surface: term.surface });
    else addGroup({ terms: [term.key], prefix: null, surface: term.surface });
  }
  return { groups: [...groups.values()], ticketNumber: numberMatch ? Number(numberMatch[1]) : null };
}
