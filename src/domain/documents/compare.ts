// What changed between two versions of a document, section by section. Pure: no I/O, no clock.
//
// Sections are paired by key first; sections left over on both sides are paired by how similar
// their bodies are. A pair is MODIFIED when its body changed, and `renamed` when its heading did.
// A paired section is `moved` only when its order relative to the other paired sections changed:
// it is outside the longest run of pairs that kept their order, so a section merely pushed down by
// an insertion above it is not moved.
import { diffWords } from 'diff';

export interface SectionText {
  key: string;
  heading: string;
  body: string;
  /** 1-based place in its version. */
  position: number;
}

export type SectionChangeType = 'ADDED' | 'REMOVED' | 'MODIFIED' | 'UNCHANGED';
export type DiffKind = 'ADDED' | 'REMOVED' | 'SAME';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export interface SectionChange {
  change: SectionChangeType;
  /** The later key when there is one, else the earlier. */
  key: string;
  fromKey: string | null;
  toKey: string | null;
  fromHeading: string | null;
  toHeading: string | null;
  fromPosition: number | null;
  toPosition: number | null;
  moved: boolean;
  renamed: boolean;
  matchedBy: 'KEY' | 'SIMILARITY' | null;
  /** For a pair matched by similarity: how alike the bodies are, 0..1. */
  similarity: number | null;
  wordsAdded: number;
  wordsRemoved: number;
  diff: DiffPart[];
}

export interface ComparisonSummary {
  added: number;
  removed: number;
  modified: number;
  unchanged: number;
  moved: number;
  renamed: number;
  wordsAdded: number;
  wordsRemoved: number;
}

export interface SectionComparison {
  summary: ComparisonSummary;
  sections: SectionChange[];
}

/** Bodies at least this alike (Dice coefficient over word counts) are the same section re-keyed. */
export const SIMILARITY_THRESHOLD = 0.6;

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

interface Pair {
  from: SectionText;
  to: SectionText;
  matchedBy: 'KEY' | 'SIMILARITY';
  similarity: number | null;
}

function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1);
  return bag;
}

function bagSize(bag: Map<string, number>): number {
  let n = 0;
  for (const c of bag.values()) n += c;
  return n;
}

/** Dice coefficient over word multisets: 2·|shared| / (|a| + |b|). Order-blind, cheap, robust to edits. */
function dice(a: Map<string, number>, sizeA: number, b: Map<string, number>, sizeB: number): number {
  if (sizeA + sizeB === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [w, c] of small) shared += Math.min(c, large.get(w) ?? 0);
  return (2 * shared) / (sizeA + sizeB);
}

function matchByKey(from: SectionText[], to: SectionText[]): Pair[] {
  const byKey = new Map(from.map((s) => [s.key, s]));
  const pairs: Pair[] = [];
  for (const t of to) {
    const f = byKey.get(t.key);
    if (f) pairs.push({ from: f, to: t, matchedBy: 'KEY', similarity: null });
  }
  return pairs;
}

/** Pairs left-over sections by body similarity, best pairs first, each section used once. */
function matchBySimilarity(from: SectionText[], to: SectionText[]): Pair[] {
  if (from.length === 0 || to.length === 0) return [];
  const fromBags = from.map((s) => {
    const bag = wordBag(s.body);
    return { bag, size: bagSize(bag) };
  });
  const toBags = to.map((s) => {
    const bag = wordBag(s.body);
    return { bag, size: bagSize(bag) };
  });
  const candidates: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < from.length; i += 1) {
    for (let j = 0; j < to.length; j += 1) {
      const a = fromBags[i]!;
      const b = toBags[j]!;
      // The score cannot reach the threshold when the sizes are too far apart.
      if ((2 * Math.min(a.size, b.size)) / (a.size + b.size || 1) < SIMILARITY_THRESHOLD) continue;
      const score = dice(a.bag, a.size, b.bag, b.size);
      if (score >= SIMILARITY_THRESHOLD) candidates.push({ i, j, score });
    }
  }
  // Best first; ties broken by position so the result never depends on sort stability.
  candidates.sort((x, y) => y.score - x.score || x.j - y.j || x.i - y.i);
  const usedFrom = new Set<number>();
  const usedTo = new Set<number>();
  const pairs: Pair[] = [];
  for (const c of candidates) {
    if (usedFrom.has(c.i) || usedTo.has(c.j)) continue;
    usedFrom.add(c.i);
    usedTo.add(c.j);
    pairs.push({ from: from[c.i]!, to: to[c.j]!, matchedBy: 'SIMILARITY', similarity: Math.round(c.score * 1000) / 1000 });
  }
  return pairs;
}

/**
 * Indexes (into `values`) of one longest strictly increasing subsequence. Among several, the one
 * whose last element is smallest at every length is kept (patience sorting), which keeps the
 * sections that appear earliest in the later version when lengths tie.
 */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i += 1) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}

function wordDiff(from: string, to: string): { diff: DiffPart[]; added: number; removed: number } {
  let added = 0;
  let removed = 0;
  const diff = diffWords(from, to).map((part): DiffPart => {
    if (part.added) {
      added += countWords(part.value);
      return { kind: 'ADDED', text: part.value };
    }
    if (part.removed) {
      removed += countWords(part.value);
      return { kind: 'REMOVED', text: part.value };
    }
    return { kind: 'SAME', text: part.value };
  });
  return { diff, added, removed };
}

function pairChange(pair: Pair, moved: boolean): SectionChange {
  const { from, to } = pair;
  const same = from.body === to.body;
  const words = same ? { diff: from.body ? [{ kind: 'SAME' as const, text: from.body }] : [], added: 0, removed: 0 } : wordDiff(from.body, to.body);
  return {
    change: same ? 'UNCHANGED' : 'MODIFIED',
    key: to.key,
    fromKey: from.key,
    toKey: to.key,
    fromHeading: from.heading,
    toHeading: to.heading,
    fromPosition: from.position,
    toPosition: to.position,
    moved,
    renamed: from.heading !== to.heading,
    matchedBy: pair.matchedBy,
    similarity: pair.similarity,
    wordsAdded: words.added,
    wordsRemoved: words.removed,
    diff: words.diff,
  };
}

function added(s: SectionText): SectionChange {
  const words = countWords(s.body);
  return {
    change: 'ADDED',
    key: s.key,
    fromKey: null,
    toKey: s.key,
    fromHeading: null,
    toHeading: s.heading,
    fromPosition: null,
    toPosition: s.position,
    moved: false,
    renamed: false,
    matchedBy: null,
    similarity: null,
    wordsAdded: words,
    wordsRemoved: 0,
    diff: [{ kind: 'ADDED', text: s.body }],
  };
}

function removed(s: SectionText): SectionChange {
  return {
    change: 'REMOVED',
    key: s.key,
    fromKey: s.key,
    toKey: null,
    fromHeading: s.heading,
    toHeading: null,
    fromPosition: s.position,
    toPosition: null,
    moved: false,
    renamed: false,
    matchedBy: null,
    similarity: null,
    wordsAdded: 0,
    wordsRemoved: countWords(s.body),
    diff: [{ kind: 'REMOVED', text: s.body }],
  };
}

export function compareSections(fromSections: SectionText[], toSections: SectionText[]): SectionComparison {
  const from = [...fromSections].sort((a, b) => a.position - b.position);
  const to = [...toSections].sort((a, b) => a.position - b.position);

  const byKey = matchByKey(from, to);
  const pairedFrom = new Set(byKey.map((p) => p.from));
  const pairedTo = new Set(byKey.map((p) => p.to));
  const bySimilarity = matchBySimilarity(
    from.filter((s) => !pairedFrom.has(s)),
    to.filter((s) => !pairedTo.has(s)),
  );
  const pairs = [...byKey, ...bySimilarity].sort((a, b) => a.to.position - b.to.position);
  const inOrder = longestIncreasing(pairs.map((p) => p.from.position));
  const pairOf = new Map<SectionText, SectionChange>();
  pairs.forEach((p, i) => pairOf.set(p.to, pairChange(p, !inOrder.has(i))));
  const fromPaired = new Map<SectionText, SectionChange>();
  for (const p of pairs) fromPaired.set(p.from, pairOf.get(p.to)!);

  // The later version's order, with each removed section right after its predecessor in the
  // earlier version (wherever that predecessor ended up); removed ones with none come first.
  const sections: SectionChange[] = [];
  const after = new Map<SectionChange | null, SectionChange[]>();
  let predecessor: SectionChange | null = null;
  for (const f of from) {
    const paired = fromPaired.get(f);
    if (paired) {
      predecessor = paired;
      continue;
    }
    const r = removed(f);
    const list = after.get(predecessor) ?? [];
    list.push(r);
    after.set(predecessor, list);
    predecessor = r;
  }
  const emit = (change: SectionChange) => {
    sections.push(change);
    for (const r of after.get(change) ?? []) emit(r);
  };
  for (const r of after.get(null) ?? []) emit(r);
  for (const t of to) emit(pairOf.get(t) ?? added(t));

  const summary: ComparisonSummary = {
    added: 0,
    removed: 0,
    modified: 0,
    unchanged: 0,
    moved: 0,
    renamed: 0,
    wordsAdded: 0,
    wordsRemoved: 0,
  };
  for (const s of sections) {
    if (s.change === 'ADDED') summary.added += 1;
    else if (s.change === 'REMOVED') summary.removed += 1;
    else if (s.change === 'MODIFIED') summary.modified += 1;
    else summary.unchanged += 1;
    if (s.moved) summary.moved += 1;
    if (s.renamed) summary.renamed += 1;
    summary.wordsAdded += s.wordsAdded;
    summary.wordsRemoved += s.wordsRemoved;
  }
  return { summary, sections };
}
