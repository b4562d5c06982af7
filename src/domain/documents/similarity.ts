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

/** What a vocabulary keeps of one body: its word ids in order, their counts, and (once asked) its word pairs' counts. */
interface Body {
  tokens: Int32Array;
  words: Counts;
  pairs: Counts | undefined;
}

/**
 * Dense ids for words and adjacent word pairs, and each body's counts of them, kept by body text so
 * that a text compared many times (a paragraph left over in several pairings, a version read by
 * both of its neighbours in blame) is read once. Ids only name words and pairs; scores never depend
 * on which id a word got. Pure: memory only, grows with the distinct texts given.
 */
export class Vocabulary {
  private readonly wordIds = new Map<string, number>();
  /** Pair ids in an open-addressing table: first word id + 1 (0 for an empty slot), second word id, pair id. */
  private pairFirsts = new Int32Array(1 << 12);
  private pairSeconds = new Int32Array(1 << 12);
  private pairValues = new Int32Array(1 << 12);
  private pairCount = 0;
  private readonly bodies = new Map<string, Body>();
  /** All zeros between uses: for counting one body's words or pairs. */
  private scratch = new Int32Array(1024);
  /**
   * Counts by id of the body an index has selected (see SimilarityIndex.select), all zeros when none
   * is: kept here, not per index, so that the many small indexes of one pairing share them.
   */
  wordSpread = new Int32Array(1024);
  pairSpread = new Int32Array(1024);

  get words(): number {
    return this.wordIds.size;
  }

  get pairs(): number {
    return this.pairCount;
  }

  body(text: string): Body {
    let body = this.bodies.get(text);
    if (body) return body;
    const words = text.toLowerCase().match(WORD) ?? [];
    const tokens = new Int32Array(words.length);
    for (let k = 0; k < words.length; k += 1) {
      let id = this.wordIds.get(words[k]!);
      if (id === undefined) this.wordIds.set(words[k]!, (id = this.wordIds.size));
      tokens[k] = id;
    }
    this.scratch = grown(this.scratch, this.wordIds.size);
    this.wordSpread = grown(this.wordSpread, this.wordIds.size);
    body = { tokens, words: countTokens(tokens, this.scratch), pairs: undefined };
    this.bodies.set(text, body);
    return body;
  }

  pairCounts(body: Body): Counts {
    if (body.pairs) return body.pairs;
    const words = body.tokens;
    const pairs = new Int32Array(Math.max(0, words.length - 1));
    for (let k = 1; k < words.length; k += 1) {
      pairs[k - 1] = this.pairId(words[k - 1]!, words[k]!);
    }
    this.scratch = grown(this.scratch, this.pairCount);
    this.pairSpread = grown(this.pairSpread, this.pairCount);
    body.pairs = countTokens(pairs, this.scratch);
    return body.pairs;
  }

  /** The id of the pair (first, second), given the next free id if it is new. */
  private pairId(first: number, second: number): number {
    if (2 * (this.pairCount + 1) > this.pairFirsts.length) this.growPairs();
    const mask = this.pairFirsts.length - 1;
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77)) & mask;
    for (;;) {
      const f = this.pairFirsts[slot]!;
      if (f === 0) {
        this.pairFirsts[slot] = first + 1;
        this.pairSeconds[slot] = second;
        this.pairValues[slot] = this.pairCount;
        return this.pairCount++;
      }
      if (f === first + 1 && this.pairSeconds[slot] === second) return this.pairValues[slot]!;
      slot = (slot + 1) & mask;
    }
  }

  private growPairs(): void {
    const [firsts, seconds, values] = [this.pairFirsts, this.pairSeconds, this.pairValues];
    this.pairFirsts = new Int32Array(firsts.length * 2);
    this.pairSeconds = new Int32Array(firsts.length * 2);
    this.pairValues = new Int32Array(firsts.length * 2);
    const mask = this.pairFirsts.length - 1;
    for (let k = 0; k < firsts.length; k += 1) {
      if (firsts[k] === 0) continue;
      let slot = (Math.imul(firsts[k]! - 1, 0x9e3779b1) ^ Math.imul(seconds[k]!, 0x85ebca77)) & mask;
      while (this.pairFirsts[slot] !== 0) slot = (slot + 1) & mask;
      this.pairFirsts[slot] = firsts[k]!;
      this.pairSeconds[slot] = seconds[k]!;
      this.pairValues[slot] = values[k]!;
    }
  }
}

/**
 * Scores bodies against each other. Words get dense ids shared by all the bodies (through the
 * vocabulary, which may be shared with other indexes); word pairs are counted only for bodies whose
 * words alone make the threshold reachable, which for sections that merely share vocabulary is none
 * of them.
 */
export class SimilarityIndex {
  private readonly bodies: Body[];
  private spread: { index: number; pairs: boolean } | null = null;

  constructor(
    texts: readonly string[],
    private readonly vocabulary: Vocabulary = new Vocabulary(),
  ) {
    this.bodies = texts.map((t) => vocabulary.body(t));
  }

  /** Sets body `a` as the one the next `score` calls compare with. */
  select(a: number): void {
    this.unselect();
    spreadInto(this.vocabulary.wordSpread, this.bodies[a]!.words, 1);
    this.spread = { index: a, pairs: false };
  }

  unselect(): void {
    if (!this.spread) return;
    spreadInto(this.vocabulary.wordSpread, this.bodies[this.spread.index]!.words, -1);
    if (this.spread.pairs)
      spreadInto(this.vocabulary.pairSpread, this.vocabulary.pairCounts(this.bodies[this.spread.index]!), -1);
    this.spread = null;
  }

  /** The similarity of the selected body and body `b`, or 0 when it is below `atLeast`. */
  score(b: number, atLeast: number): number {
    const selected = this.spread!;
    const wa = this.bodies[selected.index]!.words.total;
    const wb = this.bodies[b]!.words.total;
    if (wa === 0 || wb === 0) return 0;
    // Word pairs: one fewer than words. One-word bodies have none, and their words decide alone.
    const pairTotal = wa + wb - 2;
    const wordsBound = (2 * Math.min(wa, wb)) / (wa + wb);
    const pairsBound = pairTotal === 0 ? wordsBound : (2 * Math.min(wa - 1, wb - 1)) / pairTotal;
    if ((wordsBound + pairsBound) / 2 < atLeast) return 0;
    const sharedWords = sharedCount(this.vocabulary.wordSpread, this.bodies[b]!.words);
    const words = (2 * sharedWords) / (wa + wb);
    if (pairTotal === 0) return words >= atLeast ? words : 0;
    // Each shared pair starts with a shared word, so pairs cannot share more than words do.
    if ((words + Math.min(pairsBound, (2 * sharedWords) / pairTotal)) / 2 < atLeast) return 0;
    if (!selected.pairs) {
      // Counting may grow the spread, so count before reading it.
      const selectedPairs = this.vocabulary.pairCounts(this.bodies[selected.index]!);
      spreadInto(this.vocabulary.pairSpread, selectedPairs, 1);
      selected.pairs = true;
    }
    const counts = this.vocabulary.pairCounts(this.bodies[b]!);
    const score = (words + (2 * sharedCount(this.vocabulary.pairSpread, counts)) / pairTotal) / 2;
    return score >= atLeast ? score : 0;
  }
}

/** `array` if it is at least `size` long, else a longer copy of it. */
function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (array.length >= size) return array;
  const longer = new Int32Array(Math.max(1024, size * 2));
  longer.set(array);
  return longer;
}

/**
 * How much of the shorter of two bodies the longer one also holds: the mean of two overlap
 * coefficients, |A ∩ B| / min(|A|, |B|) over multisets, over the lower-cased words and over pairs
 * of adjacent words (as the similarity above, but divided by the smaller side rather than by both).
 * 1 when one body's words all appear, in the same runs, within the other; 0 when either has no words.
 * Where a section grew or shrank by whole paragraphs, its similarity drops with the share of text
 * added or removed while this stays near 1; it is therefore used only with other evidence that the
 * two are one section (keys.ts: the same place in the document).
 */
export function overlap(a: string, b: string, vocabulary: Vocabulary = new Vocabulary()): number {
  const [x, y] = [vocabulary.body(a), vocabulary.body(b)];
  if (x.words.total === 0 || y.words.total === 0) return 0;
  const shared = (spread: Int32Array, p: Counts, q: Counts) => {
    spreadInto(spread, p, 1);
    const n = sharedCount(spread, q);
    spreadInto(spread, p, -1);
    return n;
  };
  const words = shared(vocabulary.wordSpread, x.words, y.words) / Math.min(x.words.total, y.words.total);
  const [xPairs, yPairs] = [vocabulary.pairCounts(x), vocabulary.pairCounts(y)];
  const fewerPairs = Math.min(xPairs.total, yPairs.total);
  // A one-word body has no pairs: its words decide alone.
  if (fewerPairs === 0) return words;
  return (words + shared(vocabulary.pairSpread, xPairs, yPairs) / fewerPairs) / 2;
}
