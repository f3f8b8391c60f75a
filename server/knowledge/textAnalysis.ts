/**
 * Turns text into the terms the suggestion engine and the portal search match on.
 *
 * Latin-script runs go through `natural`: word tokeniser, stop words, Porter stemmer, and word
 * bigrams (so "cancellation fee" means more than "cancellation" and "fee" apart). CJK runs go
 * through `Intl.Segmenter` (full ICU ships with Node 20) for words, plus overlapping character
 * bigrams, because the segmenter often splits one customer's "到账" into "到" + "账" while the
 * article it should match keeps it whole; bigrams make both sides meet.
 */
import stemmers from 'natural/lib/natural/stemmers/index.js';
import tokenizers from 'natural/lib/natural/tokenizers/index.js';
import englishStopwords from 'natural/lib/natural/util/stopwords.js';
import chineseStopwords from 'natural/lib/natural/util/stopwords_zh.js';

export type TextLocale = 'en' | 'zh-CN';

export interface Term {
  /** The normalised term: a stem, a stem bigram (`a_b`), a CJK word, or a CJK bigram (`~ab`). */
  key: string;
  /** What the text said, for explaining a match ("refunds" for the stem "refund"). */
  surface: string;
  /** How much the term counts: bigrams of characters count less than real words. */
  weight: number;
}

const stemmer = stemmers.PorterStemmer;
const wordTokenizer = new tokenizers.WordTokenizer();
// Words that carry the question's meaning in support mail are kept even though natural lists them.
const keepEnglish = new Set(['not', 'no', 'never', 'cannot', 'can', 'off', 'down', 'up', 'out', 'change', 'wrong', 'new', 'back', 'help', 'how', 'where', 'when', 'why']);
const englishStops = new Set([...(englishStopwords.words as string[]), 'please', 'pls', 'plz', 'hi', 'hello', 'dear', 'thanks', 'thank', 'regards', 'would', 'could', 'should', 'im', 've', 'll', 'd', 's', 't', 'm', 're'].filter((w) => !keepEnglish.has(w)));
const chineseStops = new Set([...(chineseStopwords.words as string[]), '您好', '你好', '谢谢', '请问', '一下', '吗', '呢', '吧', '啊', '呀', '了', '是', '在', '我的', '我们', '你们', '您', '请', '我想', '想要', '可以', '能不能', '是不是', '怎么办']);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
const LONG_NUMBER = /^\d{4,}$/;

/** `zh-CN` when the text has Chinese (or other CJK) characters, else `en`. */
export function detectLocale(text: string): TextLocale {
  return CJK.test(text) ? 'zh-CN' : 'en';
}

function englishTerms(text: string, out: Term[]): void {
  const words = wordTokenizer
    .tokenize(text.replace(/[’`]/g, "'").replace(/(\w)'(\w)/g, '$1$2'))
    .map((w) => w.toLowerCase())
    // Order numbers, tracking codes and amounts say nothing about what the customer wants.
    .filter((w) => !LONG_NUMBER.test(w) && !/\d/.test(w.slice(1)));
  let previous: { stem: string; surface: string } | null = null;
  for (const word of words) {
    if (englishStops.has(word) || word.length > 40) {
      previous = null;
      continue;
    }
    const stem = stemmer.stem(word);
    out.push({ key: stem, surface: word, weight: 1 });
    if (previous) out.push({ key: `${previous.stem}_${stem}`, surface: `${previous.surface} ${word}`, weight: 1 });
    previous = { stem, surface: word };
  }
}

function cjkTerms(run: string, out: Term[]): void {
  for (const { segment, isWordLike } of segmenter.segment(run)) {
    if (!isWordLike || chineseStops.has(segment)) continue;
    // Single characters are too ambiguous alone; the bigrams below carry them.
    if (segment.length > 1) out.push({ key: segment, surface: segment, weight: 1 });
  }
  const chars = [...run];
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i] + chars[i + 1];
    if (chineseStops.has(chars[i]) && chineseStops.has(chars[i + 1])) continue;
    out.push({ key: `~${pair}`, surface: pair, weight: 0.5 });
  }
  if (chars.length === 1 && !chineseStops.has(run)) out.push({ key: `~${run}`, surface: run, weight: 0.5 });
}

/** Every term of the text, in order, with repeats (the caller counts them). */
export function analyze(text: string): Term[] {
  const out: Term[] = [];
  const normalised = text.normalize('NFKC');
  let last = 0;
  for (const match of normalised.matchAll(CJK_RUN)) {
    englishTerms(normalised.slice(last, match.index), out);
    cjkTerms(match[0], out);
    last = match.index + match[0].length;
  }
  englishTerms(normalised.slice(last), out);
  return out;
}
