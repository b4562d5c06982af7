// Pairing the sections of two versions: by key, then the left-over ones by similarity, and which
// pairs kept their relative order (the rest are `moved`). Pure: no I/O.
import type { SectionText } from './comparisonTypes.ts';
import { SIMILARITY_THRESHOLD, SimilarityIndex, Vocabulary } from './similarity.ts';

// ---------------------------------------------------------------------------------------------
// Pairing
// ---------------------------------------------------------------------------------------------

export interface Pair {
  from: SectionText;
  to: SectionText;
  matchedBy: 'KEY' | 'SIMILARITY';
  similarity: number | null;
}

export function matchByKey(from: SectionText[], to: SectionText[]): Pair[] {
  const byKey = new Map(from.map((s) => [s.key, s]));
  const pairs: Pair[] = [];
  for (const t of to) {
    const f = byKey.get(t.key);
    if (f) pairs.push({ from: f, to: t, matchedBy: 'KEY', similarity: null });
  }
  return pairs;
}

/**
 * Pairs texts of one side with texts of the other by similarity (see similarity.ts): best pairs
 * first, each text used once, only pairs scoring at least `threshold`. Gives indexes into `from`
 * and `to` and the exact score. A `vocabulary` shared between calls reads each distinct text once.
 */
export function similarPairs(
  from: readonly string[],
  to: readonly string[],
  threshold = SIMILARITY_THRESHOLD,
  vocabulary: Vocabulary = new Vocabulary(),
): { i: number; j: number; score: number }[] {
  if (from.length === 0 || to.length === 0) return [];
  const index = new SimilarityIndex([...from, ...to], vocabulary);
  const candidates: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < from.length; i += 1) {
    index.select(i);
    for (let j = 0; j < to.length; j += 1) {
      const score = index.score(from.length + j, threshold);
      if (score >= threshold) candidates.push({ i, j, score });
    }
  }
  index.unselect();
  // Best first; equal scores go in the later version's order, then the earlier's, so the result
  // never depends on sort stability.
  candidates.sort((x, y) => y.score - x.score || x.j - y.j || x.i - y.i);
  const usedFrom = new Set<number>();
  const usedTo = new Set<number>();
  const pairs: { i: number; j: number; score: number }[] = [];
  for (const c of candidates) {
    if (usedFrom.has(c.i) || usedTo.has(c.j)) continue;
    usedFrom.add(c.i);
    usedTo.add(c.j);
    pairs.push(c);
  }
  return pairs;
}

/** Rounded for display; acceptance used the exact score, and rounding never takes a score at or above the threshold below it. */
export const roundSimilarity = (score: number): number => Math.round(score * 1000) / 1000;

/** Pairs left-over sections by body similarity, best pairs first, each section used once. */
export function matchBySimilarity(from: SectionText[], to: SectionText[]): Pair[] {
  return similarPairs(
    from.map((s) => s.body),
    to.map((s) => s.body),
  ).map((c) => ({ from: from[c.i]!, to: to[c.j]!, matchedBy: 'SIMILARITY', similarity: roundSimilarity(c.score) }));
}

/** Pairs of sections, by key and then by body similarity, in the later version's order (sides sorted by position). */
export function pairSections<S extends SectionText>(
  from: readonly S[],
  to: readonly S[],
): { from: S; to: S; matchedBy: 'KEY' | 'SIMILARITY'; similarity: number | null }[] {
  const byKey = matchByKey([...from], [...to]);
  const pairedFrom = new Set(byKey.map((p) => p.from));
  const pairedTo = new Set(byKey.map((p) => p.to));
  const bySimilarity = matchBySimilarity(
    from.filter((s) => !pairedFrom.has(s)),
    to.filter((s) => !pairedTo.has(s)),
  );
  return (
    [...byKey, ...bySimilarity] as { from: S; to: S; matchedBy: 'KEY' | 'SIMILARITY'; similarity: number | null }[]
  ).sort((a, b) => a.to.position - b.to.position);
}

/**
 * Indexes (into `values`, which are distinct) of one longest strictly increasing subsequence.
 *
 * When several exist, the one chosen is the first by index: its first element is the earliest
 * index that starts any longest subsequence, its second the earliest after that which can still
 * complete one, and so on. For sections this keeps those that come first in the later version, so
 * of two neighbours that swapped places, the one now second is the one reported moved.
 */
export function longestIncreasing(values: number[]): Set<number> {
  // lengthFrom[i]: length of the longest increasing subsequence starting at i. Scanning from the
  // right, heads[k] is the largest value that starts an increasing run of length k + 1 in the part
  // scanned so far; heads is strictly decreasing, so a binary search finds where a value fits.
  const lengthFrom = new Array<number>(values.length);
  const heads: number[] = [];
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const v = values[i]!;
    let lo = 0;
    let hi = heads.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (heads[mid]! > v) lo = mid + 1;
      else hi = mid;
    }
    heads[lo] = v;
    lengthFrom[i] = lo + 1;
  }
  const kept = new Set<number>();
  let wanted = heads.length;
  let last = -Infinity;
  for (let i = 0; i < values.length && wanted > 0; i += 1) {
    if (lengthFrom[i] === wanted && values[i]! > last) {
      kept.add(i);
      last = values[i]!;
      wanted -= 1;
    }
  }
  return kept;
}
