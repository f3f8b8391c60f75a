/**
 * Suggestion accuracy on the labelled intent dataset in ../shared/data/bitext: for each intent,
 * a seeded 20% of its messages are held out; the other 80% become the examples of one reply
 * template per intent (titled by the intent, its body the dataset's most common answer, no
 * keywords: nothing hand-tuned to this file). Each held-out message is then ranked against all
 * templates through the same engine the server uses; top-1 and top-3 count a hit when the
 * intent's template is first / among the first three.
 *
 * Run alone: `npx tsx bench/suggestionAccuracy.ts [path/to/file.csv]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { SuggestionEngine } from '../server/knowledge/suggestionEngine';

export const BITEXT_CSV = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data/bitext/customer-support-intents.csv');

interface Row {
  instruction: string;
  intent: string;
  response: string;
}

/** A small seeded generator (mulberry32), so the split is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

export interface AccuracyResult {
  intents: number;
  trainExamples: number;
  heldOut: number;
  top1: number;
  top3: number;
  confusions: Array<{ expected: string; got: string; count: number }>;
}

export function measureAccuracy(file = BITEXT_CSV, seed = 42): AccuracyResult {
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Row[];
  const byIntent = new Map<string, Row[]>();
  for (const row of rows) byIntent.set(row.intent, [...(byIntent.get(row.intent) ?? []), row]);
  const random = seededRandom(seed);
  const engine = new SuggestionEngine();
  const intents = [...byIntent.keys()].sort();
  const heldOut: Array<{ text: string; intent: number }> = [];
  let trainExamples = 0;
  intents.forEach((intent, id) => {
    const shuffled = [...(byIntent.get(intent) ?? [])].map((row) => ({ row, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.row);
    const cut = Math.round(shuffled.length * 0.2);
    for (const row of shuffled.slice(0, cut)) heldOut.push({ text: row.instruction, intent: id });
    const train = shuffled.slice(cut);
    trainExamples += train.length;
    engine.upsert({
      kind: 'template',
      id,
      locale: 'en',
      title: intent.replace(/_/g, ' '),
      keywords: [],
      examples: train.map((row) => row.instruction),
      body: mostCommon(train.map((row) => row.response)),
    });
  });
  let top1 = 0;
  let top3 = 0;
  const confusions = new Map<string, number>();
  for (const sample of heldOut) {
    const ranked = engine.rank(sample.text, { limit: 3 });
    if (ranked[0]?.id === sample.intent) top1++;
    else {
      const key = `${intents[sample.intent]} → ${ranked[0] ? intents[ranked[0].id] : '(none)'}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    if (ranked.some((r) => r.id === sample.intent)) top3++;
  }
  return {
    intents: intents.length,
    trainExamples,
    heldOut: heldOut.length,
    top1: top1 / heldOut.length,
    top3: top3 / heldOut.length,
    confusions: [...confusions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([pair, count]) => ({ expected: pair.split(' → ')[0], got: pair.split(' → ')[1], count })),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = measureAccuracy(process.argv[2] ?? BITEXT_CSV, Number(process.env.SEED ?? 42));
  console.log(`intents ${result.intents}, examples ${result.trainExamples}, held out ${result.heldOut}`);
  console.log(`top-1 ${(result.top1 * 100).toFixed(2)}%  top-3 ${(result.top3 * 100).toFixed(2)}%`);
  console.table(result.confusions);
}
