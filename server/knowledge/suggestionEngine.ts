/**
 * Ranks reply templates and articles for a customer's message, in memory.
 *
 * Each candidate (a template or an article) is known by several short texts: its title, its
 * keywords, the example messages it answers (written by an admin, and learned from the messages
 * agents actually answered with it) and, with less weight, its own body. Every text is a TF-IDF
 * vector over the terms of textAnalysis.ts, with IDF taken over all texts in the index.
 *
 * A candidate's score blends three views of the same evidence:
 * - nearest examples: the mean cosine between the message and its five closest texts (a kNN
 *   vote, which knows that "change my address" and "add an address" are different requests);
 * - profile: the cosine with the sum of its texts (what the candidate is about overall);
 * - keyword cover: the share of the message's weight that the candidate's keywords and title
 *   account for (what an admin said matters).
 * The matched terms explain the score: the message's terms the candidate shares, strongest first.
 *
 * Lookups go through inverted indexes (term → texts, term → profiles), so a query touches only
 * texts that share a term with it; the cost grows with the postings of its terms, not with the
 * number of candidates.
 */
import { analyze } from './textAnalysis';

export type CandidateKind = 'template' | 'article';

export interface CandidateInput {
  kind: CandidateKind;
  id: number;
  locale: string;
  title: string;
  keywords: string[];
  /** Example customer messages this candidate answers. */
  examples: string[];
  /** The reply or article text: weak evidence, since it is written in the answerer's words. */
  body: string;
  /** Articles: `public` ones may be shown to customers. */
  visibility?: 'public' | 'internal';
  category?: string | null;
}

export interface RankOptions {
  kinds?: CandidateKind[];
  /** Only candidates of this locale (falls back to every locale when none matches a term). */
  locale?: string | null;
  publicOnly?: boolean;
  category?: string | null;
  limit?: number;
  /** Scores below this are dropped. */
  minScore?: number;
}

export interface Ranked {
  kind: CandidateKind;
  id: number;
  score: number;
  /** The message's words that matched, strongest first (as the customer wrote them). */
  matched: string[];
}

type Vector = Map<string, number>;

interface TextDoc {
  candidate: number;
  /** Term frequencies (weighted), kept so the vector can be re-weighted when IDF has moved. */
  tf: Vector;
  /** Negative for learned texts, so a replace of the candidate can carry them over. */
  weight: number;
  /** Learned texts only: the text itself. */
  text: string | null;
  /** The normalised TF-IDF vector it is indexed with (null until the first build). */
  vector: Vector | null;
}

interface Candidate {
  /** Its slot in candidateList, which texts refer to. */
  index: number;
  input: CandidateInput;
  docs: number[];
  keywordTerms: Set<string>;
  profile: Vector | null;
  learned: number;
}

const WEIGHTS = { nearest: 0.4, profile: 0.4, keywords: 0.2 };
/** How many of a candidate's best texts make its nearest-example score (a mean, so one lucky text is not enough). */
const NEAREST_K = 5;
/** Texts by where they come from: a learned or written example is as good as it gets. */
const DOC_WEIGHT = { example: 1, title: 0.9, keyword: 0.9, body: 0.35 } as const;
/** Learned examples kept per template (the newest): enough to learn, bounded in memory. */
export const MAX_LEARNED_EXAMPLES = 400;
/**
 * A term in more than this share of all texts says little about which text is nearest, and
 * walking its postings would make a query touch most of the index; it still counts in the
 * profile and keyword views.
 */
const DENSE_TERM_SHARE = 0.2;
/** IDF is re-taken over the whole index once the number of texts has moved this much since. */
const REBUILD_DRIFT = 0.2;

const keyOf = (kind: CandidateKind, id: number) => `${kind}:${id}`;

function termFrequencies(text: string): { tf: Vector; surfaces: Map<string, string> } {
  const tf: Vector = new Map();
  const surfaces = new Map<string, string>();
  for (const term of analyze(text)) {
    tf.set(term.key, (tf.get(term.key) ?? 0) + term.weight);
    if (!surfaces.has(term.key)) surfaces.set(term.key, term.surface);
  }
  return { tf, surfaces };
}

function addPosting(index: Map<string, Map<number, number>>, term: string, id: number, weight: number): void {
  let postings = index.get(term);
  if (!postings) index.set(term, (postings = new Map()));
  postings.set(id, weight);
}

function dropPosting(index: Map<string, Map<number, number>>, term: string, id: number): void {
  const postings = index.get(term);
  postings?.delete(id);
  if (postings?.size === 0) index.delete(term);
}

/**
 * Changes are cheap: a new, learned or removed text updates its own postings and its
 * candidate's profile, with the IDF of the moment. The whole index is re-weighted only on the
 * first ranking and after the number of texts has drifted by REBUILD_DRIFT.
 */
export class SuggestionEngine {
  private readonly candidates = new Map<string, Candidate>();
  private readonly candidateList: Array<Candidate | null> = [];
  private readonly docs: Array<TextDoc | null> = [];
  private readonly freeDocs: number[] = [];
  /** In how many texts each term occurs. */
  private readonly df = new Map<string, number>();
  private docCount = 0;
  private readonly docPostings = new Map<string, Map<number, number>>();
  private readonly profilePostings = new Map<string, Map<number, number>>();
  /** The number of texts at the last full build; -1 before the first. */
  private builtWith = -1;
  private readonly staleProfiles = new Set<number>();

  get size(): number {
    return this.candidates.size;
  }

  has(kind: CandidateKind, id: number): boolean {
    return this.candidates.has(keyOf(kind, id));
  }

  /** Adds or replaces a candidate (learned examples are kept across a replace). */
  upsert(input: CandidateInput): void {
    const key = keyOf(input.kind, input.id);
    const existing = this.candidates.get(key);
    const learnedTexts = existing ? existing.docs.flatMap((doc) => this.docs[doc]?.text ?? []) : [];
    if (existing) this.removeDocs(existing);
    const index = existing ? existing.index : this.candidateList.length;
    const keywordTerms = new Set<string>();
    for (const text of [...input.keywords, input.title]) for (const term of analyze(text)) keywordTerms.add(term.key);
    const candidate: Candidate = { index, input, docs: [], keywordTerms, profile: existing?.profile ?? null, learned: 0 };
    this.candidateList[index] = candidate;
    this.candidates.set(key, candidate);
    this.addDoc(candidate, input.title, DOC_WEIGHT.title);
    for (const keyword of input.keywords) this.addDoc(candidate, keyword, DOC_WEIGHT.keyword);
    for (const example of input.examples) this.addDoc(candidate, example, DOC_WEIGHT.example);
    if (input.body) this.addDoc(candidate, input.body, DOC_WEIGHT.body);
    for (const text of learnedTexts) this.learn(input.kind, input.id, text);
  }

  remove(kind: CandidateKind, id: number): void {
    const key = keyOf(kind, id);
    const candidate = this.candidates.get(key);
    if (!candidate) return;
    this.removeDocs(candidate);
    this.setProfile(candidate, null);
    this.staleProfiles.delete(candidate.index);
    this.candidateList[candidate.index] = null;
    this.candidates.delete(key);
  }

  /** A message an agent answered with this candidate becomes one more example of it. */
  learn(kind: CandidateKind, id: number, text: string): boolean {
    const candidate = this.candidates.get(keyOf(kind, id));
    if (!candidate || !text.trim()) return false;
    if (candidate.learned >= MAX_LEARNED_EXAMPLES) {
      const oldest = candidate.docs.find((doc) => this.docs[doc]?.text !== null);
      if (oldest !== undefined) this.dropDoc(candidate, oldest);
    }
    if (this.addDoc(candidate, text, -DOC_WEIGHT.example, text)) candidate.learned++;
    return true;
  }

  rank(text: string, options: RankOptions = {}): Ranked[] {
    this.refresh();
    const { tf, surfaces } = termFrequencies(text);
    const query = this.weigh(tf);
    if (query.size === 0) return [];
    const accept = (candidate: Candidate | null, locale: string | null | undefined): candidate is Candidate =>
      candidate !== null &&
      (!options.kinds || options.kinds.includes(candidate.input.kind)) &&
      (!locale || candidate.input.locale === locale) &&
      (!options.category || candidate.input.category === options.category) &&
      (!options.publicOnly || candidate.input.kind !== 'article' || candidate.input.visibility === 'public');

    const dots = new Map<number, number>();
    const denseLimit = Math.max(50, this.docCount * DENSE_TERM_SHARE);
    for (const [term, weight] of query) {
      const postings = this.docPostings.get(term);
      if (!postings || postings.size > denseLimit) continue;
      for (const [doc, value] of postings) dots.set(doc, (dots.get(doc) ?? 0) + weight * value);
    }
    const best = new Map<number, number[]>();
    for (const [doc, dot] of dots) {
      const entry = this.docs[doc];
      if (!entry) continue;
      const score = dot * Math.abs(entry.weight);
      const top = best.get(entry.candidate);
      if (!top) best.set(entry.candidate, [score]);
      else if (top.length < NEAREST_K) top.push(score);
      else {
        const low = top.indexOf(Math.min(...top));
        if (score > top[low]) top[low] = score;
      }
    }
    const nearest = new Map<number, number>();
    for (const [candidate, top] of best) {
      const docs = this.candidateList[candidate]?.docs.length ?? 1;
      nearest.set(candidate, top.reduce((a, b) => a + b, 0) / Math.min(NEAREST_K, docs));
    }
    const profiles = new Map<number, number>();
    for (const [term, weight] of query) {
      for (const [candidate, value] of this.profilePostings.get(term) ?? []) profiles.set(candidate, (profiles.get(candidate) ?? 0) + weight * value);
    }

    // Score every candidate cheaply, then explain only the ones returned.
    const score = (locale: string | null | undefined): Ranked[] => {
      const scored: Array<{ candidate: Candidate; value: number }> = [];
      for (const index of new Set([...nearest.keys(), ...profiles.keys()])) {
        const candidate = this.candidateList[index];
        if (!accept(candidate, locale)) continue;
        let cover = 0;
        for (const [term, weight] of query) if (candidate.keywordTerms.has(term)) cover += weight * weight;
        const value = WEIGHTS.nearest * (nearest.get(index) ?? 0) + WEIGHTS.profile * (profiles.get(index) ?? 0) + WEIGHTS.keywords * cover;
        if (value > (options.minScore ?? 0)) scored.push({ candidate, value });
      }
      scored.sort((a, b) => b.value - a.value || a.candidate.input.id - b.candidate.input.id);
      return scored.slice(0, options.limit ?? 5).map(({ candidate, value }) => ({
        kind: candidate.input.kind,
        id: candidate.input.id,
        score: Math.round(value * 10_000) / 10_000,
        matched: explain(matchedTerms(candidate, query), surfaces),
      }));
    };
    const ranked = score(options.locale);
    return ranked.length || !options.locale ? ranked : score(null);
  }

  // ---- internals ----

  private addDoc(candidate: Candidate, text: string, weight: number, learnedText: string | null = null): boolean {
    const { tf } = termFrequencies(text);
    if (tf.size === 0) return false;
    const doc = this.freeDocs.pop() ?? this.docs.length;
    for (const term of tf.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    this.docCount++;
    const entry: TextDoc = { candidate: candidate.index, tf, weight, text: learnedText, vector: null };
    this.docs[doc] = entry;
    candidate.docs.push(doc);
    if (this.builtWith >= 0) this.indexDoc(doc, entry);
    this.staleProfiles.add(candidate.index);
    return true;
  }

  private indexDoc(doc: number, entry: TextDoc): void {
    entry.vector = this.weigh(entry.tf);
    for (const [term, value] of entry.vector) addPosting(this.docPostings, term, doc, value);
  }

  private dropDoc(candidate: Candidate, doc: number): void {
    const entry = this.docs[doc];
    if (!entry) return;
    for (const term of entry.tf.keys()) {
      const left = (this.df.get(term) ?? 1) - 1;
      if (left > 0) this.df.set(term, left);
      else this.df.delete(term);
    }
    for (const term of entry.vector?.keys() ?? []) dropPosting(this.docPostings, term, doc);
    if (entry.text !== null) candidate.learned--;
    this.docs[doc] = null;
    this.freeDocs.push(doc);
    candidate.docs = candidate.docs.filter((d) => d !== doc);
    this.docCount--;
    this.staleProfiles.add(candidate.index);
  }

  private removeDocs(candidate: Candidate): void {
    for (const doc of [...candidate.docs]) this.dropDoc(candidate, doc);
  }

  private idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    return df === 0 ? 0 : Math.log(1 + this.docCount / df);
  }

  /** A normalised TF-IDF vector (sublinear TF). */
  private weigh(tf: Vector): Vector {
    const vector: Vector = new Map();
    let norm = 0;
    for (const [term, count] of tf) {
      const value = (1 + Math.log(count)) * this.idf(term);
      if (value <= 0) continue;
      vector.set(term, value);
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    for (const [term, value] of vector) vector.set(term, value / norm);
    return vector;
  }

  private setProfile(candidate: Candidate, profile: Vector | null): void {
    for (const term of candidate.profile?.keys() ?? []) dropPosting(this.profilePostings, term, candidate.index);
    candidate.profile = profile;
    for (const [term, value] of profile ?? []) addPosting(this.profilePostings, term, candidate.index, value);
  }

  /** The normalised sum of the candidate's text vectors: what it is about overall. */
  private rebuildProfile(candidate: Candidate): void {
    const sum: Vector = new Map();
    for (const doc of candidate.docs) {
      const entry = this.docs[doc];
      for (const [term, value] of entry?.vector ?? []) sum.set(term, (sum.get(term) ?? 0) + value * Math.abs(entry?.weight ?? 0));
    }
    let norm = 0;
    for (const value of sum.values()) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (const [term, value] of sum) sum.set(term, value / norm);
    this.setProfile(candidate, sum.size ? sum : null);
  }

  private refresh(): void {
    const drift = Math.abs(this.docCount - this.builtWith);
    if (this.builtWith < 0 || drift > this.builtWith * REBUILD_DRIFT) {
      this.docPostings.clear();
      this.docs.forEach((entry, doc) => entry && this.indexDoc(doc, entry));
      this.builtWith = this.docCount;
      for (const candidate of this.candidateList) if (candidate) this.rebuildProfile(candidate);
    } else {
      for (const index of this.staleProfiles) {
        const candidate = this.candidateList[index];
        if (candidate) this.rebuildProfile(candidate);
      }
    }
    this.staleProfiles.clear();
  }
}

/** The query's terms this candidate shares, with how much each contributed. */
function matchedTerms(candidate: Candidate, query: Vector): Array<[string, number]> {
  const matched: Array<[string, number]> = [];
  for (const [term, weight] of query) {
    const inKeywords = candidate.keywordTerms.has(term);
    const inProfile = candidate.profile?.get(term) ?? 0;
    if (inKeywords || inProfile) matched.push([term, weight * inProfile + (inKeywords ? weight * weight : 0)]);
  }
  return matched;
}

/**
 * The words behind the strongest matched terms, as the customer wrote them. A word bigram
 * replaces the single words it covers ("cancellation fee" over "fee"); CJK character bigrams,
 * which often straddle two words, are shown only when no whole word matched.
 */
function explain(matched: Array<[string, number]>, surfaces: Map<string, string>): string[] {
  const sorted = matched.sort((a, b) => b[1] - a[1]);
  const words = sorted.filter(([term]) => !term.startsWith('~'));
  const shown: string[] = [];
  for (const [term] of words.length ? words : sorted.slice(0, 3)) {
    const surface = surfaces.get(term);
    if (!surface || shown.some((word) => word.includes(surface))) continue;
    const covered = shown.filter((word) => surface.includes(word));
    if (covered.length) shown.splice(0, shown.length, ...shown.filter((word) => !covered.includes(word)));
    shown.push(surface);
    if (shown.length >= 8) break;
  }
  return shown;
}
