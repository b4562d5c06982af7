// How similar two section bodies are, for pairing the sections a comparison could not pair by key.
// Pure: no I/O.

/** Left-over sections whose bodies score at least this (see "Similarity of bodies") are one section re-keyed. */
export const SIMILARITY_THRESHOLD = 0.6;

// ---------------------------------------------------------------------------------------------
// Similarity of bodies
//
// The score is the mean of two Dice coefficients, 2·|A ∩ B| / (|A| + |B|) over multisets:
//   - over the lower-cased words, which forgives edits and reordering, and
//   - over pairs of adjacent words, which two passages on the same subject rarely share unless one
//     was written from the other.
// Words alone are not enough: long passages of one document share most of their common words, so
// two unrelated halves (~450 words each) of one guidance document score ≈0.47 on words but ≈0.10
// on pairs. The blend stays ≥0.6 for a section that keeps roughly 70-75% of its words in place
// (replacing 10% of the words scores ≈0.85, 20% ≈0.72), so at the 0.6 threshold a re-keyed and
// edited section is recognised and a different one on the same subject is not. Bodies without
// words never match.
// ---------------------------------------------------------------------------------------------

/** A word: letters, marks and digits, with inner apostrophes. */
export const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/** A multiset of dense ids: each distinct id once, with how many times it occurs. */
interface Counts {
  ids: Int32Array;
  counts: Int32Array;
  total: number;
}

/** Counts of tokens that are dense ids, using `scratch` (all zeros, longer than any id, left all zeros). */
function countTokens(tokens: Int32Array, scratch: Int32Array): Counts {
  let distinct = 0;
  const firsts = new Int32Array(tokens.length);
  for (let k = 0; k < tokens.length; k += 1) if (scratch[tokens[k]!]!++ === 0) firsts[distinct++] = tokens[k]!;
  const ids = firsts.slice(0, distinct);
  const counts = new Int32Array(distinct);
  for (let k = 0; k < distinct; k += 1) {
    counts[k] = scratch[ids[k]!]!;
    scratch[ids[k]!] = 0;
  }
  return { ids, counts, total: tokens.length };
}

/** How many of `b`'s items the multiset spread into `spread` (a count per id) also has. */
function sharedCount(spread: Int32Array, b: Counts): number {
  let shared = 0;
  for (let k = 0; k < b.ids.length; k += 1) shared += Math.min(spread[b.ids[k]!]!, b.counts[k]!);
  return shared;
}

function spreadInto(spread: Int32Array, c: Counts, sign: 1 | -1): void {
  for (let k = 0; k < c.ids.length; k += 1) spread[c.ids[k]!]! += sign * c.counts[k]!;
}

/**
 * Scores bodies against each other. Words get dense ids shared by all the bodies; word pairs are
 * counted only for bodies whose words alone make the threshold reachable, which for sections that
 * merely share vocabulary is none of them.
 */
export class SimilarityIndex {
  private readonly words: Counts[];
  private readonly tokens: Int32Array[];
  private readonly vocabulary: number;
  private readonly pairs: (Counts | undefined)[];
  private readonly pairIds = new Map<number, number>();
  private readonly wordSpread: Int32Array;
  /** Counts of the selected body's pairs by id. */
  private pairSpread = new Int32Array(0);
  /** All zeros between uses: for counting one body's pairs. */
  private pairScratch = new Int32Array(0);
  private spread: { index: number; pairs: boolean } | null = null;

  constructor(bodies: string[]) {
    const vocabulary = new Map<string, number>();
    this.tokens = bodies.map((body) => {
      const words = body.toLowerCase().match(WORD) ?? [];
      const ids = new Int32Array(words.length);
      for (let k = 0; k < words.length; k += 1) {
        let id = vocabulary.get(words[k]!);
        if (id === undefined) vocabulary.set(words[k]!, (id = vocabulary.size));
        ids[k] = id;
      }
      return ids;
    });
    this.vocabulary = vocabulary.size;
    this.wordSpread = new Int32Array(this.vocabulary);
    this.words = this.tokens.map((t) => countTokens(t, this.wordSpread));
    this.pairs = bodies.map(() => undefined);
  }

  /** Sets body `a` as the one the next `score` calls compare with. */
  select(a: number): void {
    this.unselect();
    spreadInto(this.wordSpread, this.words[a]!, 1);
    this.spread = { index: a, pairs: false };
  }

  unselect(): void {
    if (!this.spread) return;
    spreadInto(this.wordSpread, this.words[this.spread.index]!, -1);
    if (this.spread.pairs) spreadInto(this.pairSpread, this.pairCounts(this.spread.index), -1);
    this.spread = null;
  }

  /** The similarity of the selected body and body `b`, or 0 when it is below `atLeast`. */
  score(b: number, atLeast: number): number {
    const selected = this.spread!;
    const wa = this.words[selected.index]!.total;
    const wb = this.words[b]!.total;
    if (wa === 0 || wb === 0) return 0;
    // Word pairs: one fewer than words. One-word bodies have none, and their words decide alone.
    const pairTotal = wa + wb - 2;
    const wordsBound = (2 * Math.min(wa, wb)) / (wa + wb);
    const pairsBound = pairTotal === 0 ? wordsBound : (2 * Math.min(wa - 1, wb - 1)) / pairTotal;
    if ((wordsBound + pairsBound) / 2 < atLeast) return 0;
    const sharedWords = sharedCount(this.wordSpread, this.words[b]!);
    const words = (2 * sharedWords) / (wa + wb);
    if (pairTotal === 0) return words >= atLeast ? words : 0;
    // Each shared pair starts with a shared word, so pairs cannot share more than words do.
    if ((words + Math.min(pairsBound, (2 * sharedWords) / pairTotal)) / 2 < atLeast) return 0;
    if (!selected.pairs) {
      const counts = this.pairCounts(selected.index);
      this.pairSpread = grown(this.pairSpread, this.pairIds.size);
      spreadInto(this.pairSpread, counts, 1);
      selected.pairs = true;
    }
    const counts = this.pairCounts(b);
    this.pairSpread = grown(this.pairSpread, this.pairIds.size);
    const score = (words + (2 * sharedCount(this.pairSpread, counts)) / pairTotal) / 2;
    return score >= atLeast ? score : 0;
  }

  private pairCounts(i: number): Counts {
    let counts = this.pairs[i];
    if (counts) return counts;
    const words = this.tokens[i]!;
    const pairs = new Int32Array(Math.max(0, words.length - 1));
    for (let k = 1; k < words.length; k += 1) {
      // first·V + second names a pair exactly, and stays far below 2^53 for any real vocabulary V.
      const name = words[k - 1]! * this.vocabulary + words[k]!;
      let id = this.pairIds.get(name);
      if (id === undefined) this.pairIds.set(name, (id = this.pairIds.size));
      pairs[k - 1] = id;
    }
    this.pairScratch = grown(this.pairScratch, this.pairIds.size);
    counts = countTokens(pairs, this.pairScratch);
    this.pairs[i] = counts;
    return counts;
  }
}

/** `array` if it is at least `size` long, else a longer copy of it. */
function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (array.length >= size) return array;
  const longer = new Int32Array(Math.max(1024, size * 2));
  longer.set(array);
  return longer;
}
