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
  /** Raw term frequencies (weighted), kept so vectors can be re-weighted when IDF moves. */
  tf: Vector;
  weight: number;
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

/** How many of a candidate's best texts make its nearest-example score (a mean, so one lucky text is not enough). */
const NEAREST_K = 5;
const WEIGHTS = { nearest: 0.4, profile: 0.4, keywords: 0.2 };
/** Texts by where they come from: a learned or written example is as good as it gets. */
const DOC_WEIGHT = { example: 1, title: 0.9, keyword: 0.9, body: 0.35 } as const;
/** Learned examples kept per template (the newest): enough to learn, bounded in memory. */
export const MAX_LEARNED_EXAMPLES = 400;

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

export class SuggestionEngine {
  private readonly candidates = new Map<string, Candidate>();
  private readonly candidateList: Array<Candidate | null> = [];
  private readonly docs: Array<TextDoc | null> = [];
  private readonly freeDocs: number[] = [];
  /** Document frequency of each term over all texts, and the texts that hold it. */
  private readonly postings = new Map<string, Set<number>>();
  private docCount = 0;
  /** Vectors and profiles are rebuilt lazily after IDF has moved enough (see refresh()). */
  private dirty = true;
  private profilePostings = new Map<string, Array<{ candidate: number; weight: number }>>();
  private docPostings = new Map<string, Array<{ doc: number; weight: number }>>();

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
    const learnedTexts = existing ? this.learnedTexts(existing) : [];
    if (existing) this.removeDocs(existing);
    const index = existing ? existing.index : this.candidateList.length;
    const keywordTerms = new Set<string>();
    for (const text of [...input.keywords, input.title]) for (const term of analyze(text)) keywordTerms.add(term.key);
    const candidate: Candidate = { index, input, docs: [], keywordTerms, profile: null, learned: 0 };
    this.candidateList[index] = candidate;
    this.candidates.set(key, candidate);
    this.addDoc(index, input.title, DOC_WEIGHT.title);
    for (const keyword of input.keywords) this.addDoc(index, keyword, DOC_WEIGHT.keyword);
    for (const example of input.examples) this.addDoc(index, example, DOC_WEIGHT.example);
    if (input.body) this.addDoc(index, input.body, DOC_WEIGHT.body);
    for (const text of learnedTexts) this.learn(input.kind, input.id, text);
    this.dirty = true;
  }

  remove(kind: CandidateKind, id: number): void {
    const key = keyOf(kind, id);
    const candidate = this.candidates.get(key);
    if (!candidate) return;
    this.removeDocs(candidate);
    this.candidateList[candidate.index] = null;
    this.candidates.delete(key);
    this.dirty = true;
  }

  /** A message an agent answered with this candidate becomes one more example of it. */
  learn(kind: CandidateKind, id: number, text: string): boolean {
    const candidate = this.candidates.get(keyOf(kind, id));
    if (!candidate || !text.trim()) return false;
    if (candidate.learned >= MAX_LEARNED_EXAMPLES) {
      const oldest = candidate.docs.find((doc) => this.docs[doc]?.weight === -DOC_WEIGHT.example);
      if (oldest !== undefined) this.dropDoc(candidate, oldest);
    }
    // Learned texts are marked by a negative weight so a replace can carry them over.
    this.addDoc(candidate.index, text, -DOC_WEIGHT.example);
    candidate.learned++;
    this.dirty = true;
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

    const nearest = new Map<number, number>();
    const dots = new Map<number, number>();
    for (const [term, weight] of query) {
      for (const posting of this.docPostings.get(term) ?? []) dots.set(posting.doc, (dots.get(posting.doc) ?? 0) + weight * posting.weight);
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
    for (const [candidate, top] of best) {
      const docs = this.candidateList[candidate]?.docs.length ?? 1;
      nearest.set(candidate, top.reduce((a, b) => a + b, 0) / Math.min(NEAREST_K, docs));
    }
    const profiles = new Map<number, number>();
    for (const [term, weight] of query) {
      for (const posting of this.profilePostings.get(term) ?? []) profiles.set(posting.candidate, (profiles.get(posting.candidate) ?? 0) + weight * posting.weight);
    }

    const score = (locale: string | null | undefined): Ranked[] => {
      const ranked: Ranked[] = [];
      for (const index of new Set([...nearest.keys(), ...profiles.keys()])) {
        const candidate = this.candidateList[index];
        if (!accept(candidate, locale)) continue;
        let cover = 0;
        const matched: Array<[string, number]> = [];
        for (const [term, weight] of query) {
          const inKeywords = candidate.keywordTerms.has(term);
          if (inKeywords) cover += weight * weight;
          if (inKeywords || candidate.profile?.has(term)) matched.push([term, weight * (candidate.profile?.get(term) ?? 0) + (inKeywords ? weight * weight : 0)]);
        }
        const value = WEIGHTS.nearest * (nearest.get(index) ?? 0) + WEIGHTS.profile * (profiles.get(index) ?? 0) + WEIGHTS.keywords * cover;
        if (value <= (options.minScore ?? 0)) continue;
        ranked.push({
          kind: candidate.input.kind,
          id: candidate.input.id,
          score: Math.round(value * 10_000) / 10_000,
          matched: explain(matched, surfaces),
        });
      }
      return ranked.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, options.limit ?? 5);
    };
    const ranked = score(options.locale);
    return ranked.length || !options.locale ? ranked : score(null);
  }

  // ---- internals ----

  private learnedTexts(candidate: Candidate): string[] {
    return candidate.docs.filter((doc) => (this.docs[doc]?.weight ?? 0) < 0).map((doc) => this.textOf.get(doc) ?? '').filter(Boolean);
  }

  /** The text of each learned doc, so a replace can re-add it. */
  private readonly textOf = new Map<number, string>();

  private addDoc(candidate: number, text: string, weight: number): void {
    const { tf } = termFrequencies(text);
    if (tf.size === 0) return;
    const doc = this.freeDocs.pop() ?? this.docs.length;
    this.docs[doc] = { candidate, tf, weight };
    if (weight < 0) this.textOf.set(doc, text);
    this.candidateList[candidate]?.docs.push(doc);
    for (const term of tf.keys()) {
      let set = this.postings.get(term);
      if (!set) this.postings.set(term, (set = new Set()));
      set.add(doc);
    }
    this.docCount++;
  }

  private dropDoc(candidate: Candidate, doc: number): void {
    const entry = this.docs[doc];
    if (!entry) return;
    for (const term of entry.tf.keys()) {
      const set = this.postings.get(term);
      set?.delete(doc);
      if (set?.size === 0) this.postings.delete(term);
    }
    if (entry.weight < 0) candidate.learned--;
    this.docs[doc] = null;
    this.textOf.delete(doc);
    this.freeDocs.push(doc);
    candidate.docs = candidate.docs.filter((d) => d !== doc);
    this.docCount--;
  }

  private removeDocs(candidate: Candidate): void {
    for (const doc of [...candidate.docs]) this.dropDoc(candidate, doc);
  }

  private idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
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

  /**
   * Rebuilds vectors and the inverted indexes when texts were added or removed. A rebuild is
   * linear in the index size; learning one example between two queries triggers one, which is
   * cheap next to the database work around it at help-desk rates (see bench/suggestions.ts).
   */
  private refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.docPostings = new Map();
    this.profilePostings = new Map();
    const profileSums = new Map<number, Vector>();
    this.docs.forEach((entry, doc) => {
      if (!entry) return;
      const vector = this.weigh(entry.tf);
      let sum = profileSums.get(entry.candidate);
      if (!sum) profileSums.set(entry.candidate, (sum = new Map()));
      for (const [term, value] of vector) {
        let list = this.docPostings.get(term);
        if (!list) this.docPostings.set(term, (list = []));
        list.push({ doc, weight: value });
        sum.set(term, (sum.get(term) ?? 0) + value * Math.abs(entry.weight));
      }
    });
    for (const [index, sum] of profileSums) {
      const candidate = this.candidateList[index];
      if (!candidate) continue;
      let norm = 0;
      for (const value of sum.values()) norm += value * value;
      norm = Math.sqrt(norm) || 1;
      const profile: Vector = new Map();
      for (const [term, value] of sum) {
        profile.set(term, value / norm);
        let list = this.profilePostings.get(term);
        if (!list) this.profilePostings.set(term, (list = []));
        list.push({ candidate: index, weight: value / norm });
      }
      candidate.profile = profile;
    }
  }
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
