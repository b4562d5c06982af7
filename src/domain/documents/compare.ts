// What changed between two versions of a document, section by section. Pure: no I/O, no clock.
//
// Sections are paired by key first; sections left over on both sides are paired by how similar
// their bodies are. A pair is MODIFIED when its body changed, and `renamed` when its heading did.
// A paired section is `moved` only when its order relative to the other paired sections changed:
// it is outside the longest run of pairs that kept their order, so a section merely pushed down by
// an insertion or a removal elsewhere is not moved.
import { diffArrays, diffWords } from 'diff';
import { countWords, isWhiteSpace } from '../../events/text.ts';

export { countWords };

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
  /** For a pair matched by similarity: how alike the bodies are, 0..1 (see "Similarity of bodies"), to 3 places. */
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

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

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
class SimilarityIndex {
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

// ---------------------------------------------------------------------------------------------
// Pairing
// ---------------------------------------------------------------------------------------------

interface Pair {
  from: SectionText;
  to: SectionText;
  matchedBy: 'KEY' | 'SIMILARITY';
  similarity: number | null;
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

/**
 * Pairs texts of one side with texts of the other by similarity (see "Similarity of bodies"): best
 * pairs first, each text used once, only pairs scoring at least `threshold`. Gives indexes into
 * `from` and `to` and the exact score.
 */
export function similarPairs(from: readonly string[], to: readonly string[], threshold = SIMILARITY_THRESHOLD): { i: number; j: number; score: number }[] {
  if (from.length === 0 || to.length === 0) return [];
  const index = new SimilarityIndex([...from, ...to]);
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
function matchBySimilarity(from: SectionText[], to: SectionText[]): Pair[] {
  return similarPairs(from.map((s) => s.body), to.map((s) => s.body)).map((c) => ({
    from: from[c.i]!,
    to: to[c.j]!,
    matchedBy: 'SIMILARITY',
    similarity: roundSimilarity(c.score),
  }));
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

// ---------------------------------------------------------------------------------------------
// Word-level diff of two bodies
//
// jsdiff's diffWords takes time that grows with the text's length times the number of edits, which
// for a long, heavily rewritten section runs to tenths of a second. So the bodies are first aligned
// sentence by sentence (cheap: few tokens), and diffWords runs only on each stretch of sentences
// that differ; for ordinary edits the counts come out as diffWords on the whole bodies gives them.
// A stretch needing more than WORD_EDIT_LIMIT edits (words or punctuation marks removed or added;
// 10% of the words of a 600-word section replaced needs ~120) is shown as removed and re-added
// whole: the more readable diff for a passage rewritten that much, and it bounds the time per
// stretch, so even ~60,000 words shuffled in every sentence compare in under a second.
// As with diffWords, the SAME and ADDED parts spell the later body exactly; the SAME and REMOVED
// parts spell the earlier one up to whitespace (a SAME part carries the later whitespace).
// ---------------------------------------------------------------------------------------------

/** A sentence (up to and including its closing punctuation) or a line, with the whitespace after it. */
const SENTENCE = /[^\n.!?]*(?:[.!?]+|\n|$)\s*/g;
const SENTENCE_EDIT_LIMIT = 400;
const WORD_EDIT_LIMIT = 150;

function sentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).filter((s) => s !== '');
}

/**
 * Fewest words that must be removed or added to turn one text into the other, ignoring order and
 * case. diffWords, which also counts punctuation and minds order and case, needs at least as many
 * for ordinary text, so a stretch over the limit here need not be tried there.
 */
function minimumWordEdits(a: string, b: string): number {
  const count = (text: string) => {
    const bag = new Map<string, number>();
    for (const w of text.toLowerCase().match(WORD) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1);
    return bag;
  };
  const bagA = count(a);
  let edits = 0;
  for (const [w, n] of count(b)) {
    const m = bagA.get(w) ?? 0;
    edits += Math.abs(n - m);
    bagA.delete(w);
  }
  for (const m of bagA.values()) edits += m;
  return edits;
}

function diffStretch(removed: string, added: string): DiffPart[] {
  const whole: DiffPart[] = [
    { kind: 'REMOVED', text: removed },
    { kind: 'ADDED', text: added },
  ];
  if (removed === '' || added === '') return whole;
  if (minimumWordEdits(removed, added) > WORD_EDIT_LIMIT) return whole;
  const parts = diffWords(removed, added, { maxEditLength: WORD_EDIT_LIMIT });
  if (!parts) return whole;
  return parts.map((p): DiffPart => ({ kind: p.added ? 'ADDED' : p.removed ? 'REMOVED' : 'SAME', text: p.value }));
}

export function diffBodies(from: string, to: string): DiffPart[] {
  const raw: DiffPart[] = [];
  const before = sentences(from);
  const after = sentences(to);
  // Sentences are compared ignoring whitespace, as diffWords compares words; a sentence kept is
  // shown as it now is, as diffWords shows kept words.
  const normal = (sentence: string) => sentence.replace(/\s+/g, ' ').trim();
  const aligned = diffArrays(before.map(normal), after.map(normal), { maxEditLength: SENTENCE_EDIT_LIMIT });
  if (!aligned) {
    raw.push(...diffStretch(from, to));
  } else {
    let i = 0;
    let j = 0;
    let removed = '';
    let added = '';
    for (const change of aligned) {
      const n = change.value.length;
      if (change.removed) removed += before.slice(i, (i += n)).join('');
      else if (change.added) added += after.slice(j, (j += n)).join('');
      else {
        raw.push(...diffStretch(removed, added), { kind: 'SAME', text: after.slice(j, j + n).join('') });
        removed = '';
        added = '';
        i += n;
        j += n;
      }
    }
    raw.push(...diffStretch(removed, added));
  }
  // Drop empty parts and join neighbours of one kind (a stretch's diff may end as it was, just
  // before the next unchanged sentence).
  const parts: DiffPart[] = [];
  for (const p of raw) {
    if (p.text === '') continue;
    const last = parts.at(-1);
    if (last?.kind === p.kind) last.text += p.text;
    else parts.push({ ...p });
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Words added and removed
//
// A word is a run of non-white-space characters, as `countWords` and every `wordCount` count them.
// jsdiff splits punctuation from words, so counting the words in each ADDED and REMOVED part
// counted "end" → "end." as one word added and none removed, while the word count did not change.
// Instead a word is kept when it stands whole and untouched in both texts (every character SAME,
// nothing inserted within it, white space or the text's end on both sides in both texts); every
// other word of the later text is added and every other word of the earlier text removed. So
// wordsAdded − wordsRemoved is exactly the change in word count, and a word whose punctuation
// changed counts as one removed and one added.
// ---------------------------------------------------------------------------------------------

/** Words added and removed by a diff whose SAME and ADDED parts spell `to` and SAME and REMOVED parts spell `from` up to white space. */
export function wordChanges(diff: readonly DiffPart[], from: string, to: string): { wordsAdded: number; wordsRemoved: number } {
  // The later text is spelt exactly, so each SAME character has its place in `to`; the earlier
  // one only up to white space, so SAME characters are found in `from` by counting the
  // non-white-space characters of the parts that spell it.
  const samePlaceInTo: number[] = [];
  const fromIsSame: boolean[] = [];
  let toOffset = 0;
  for (const part of diff) {
    for (let k = 0; k < part.text.length; k += 1) {
      const space = isWhiteSpace(part.text.charCodeAt(k));
      if (part.kind !== 'ADDED' && !space) fromIsSame.push(part.kind === 'SAME');
      if (part.kind !== 'REMOVED') {
        if (part.kind === 'SAME' && !space) samePlaceInTo.push(toOffset);
        toOffset += 1;
      }
    }
  }
  const spaceInTo = (at: number) => at < 0 || at >= to.length || isWhiteSpace(to.charCodeAt(at));
  let kept = 0;
  let nonSpace = 0;
  let same = 0;
  // The word of `from` being read: the place in `to` of its last character, while it can still be kept.
  let inWord = false;
  let lastInTo: number | null = null;
  const endWord = () => {
    if (inWord && lastInTo !== null && spaceInTo(lastInTo + 1)) kept += 1;
    inWord = false;
  };
  for (let k = 0; k < from.length; k += 1) {
    if (isWhiteSpace(from.charCodeAt(k))) {
      endWord();
      continue;
    }
    const isSame = fromIsSame[nonSpace++] ?? false;
    const placeInTo = isSame ? samePlaceInTo[same++] : undefined;
    if (!inWord) {
      inWord = true;
      lastInTo = placeInTo !== undefined && spaceInTo(placeInTo - 1) ? placeInTo : null;
    } else if (lastInTo !== null) {
      lastInTo = placeInTo === lastInTo + 1 ? placeInTo : null;
    }
  }
  endWord();
  return { wordsAdded: countWords(to) - kept, wordsRemoved: countWords(from) - kept };
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

function pairChange(pair: Pair, moved: boolean): SectionChange {
  const { from, to } = pair;
  const same = from.body === to.body;
  const diff: DiffPart[] = same ? (from.body === '' ? [] : [{ kind: 'SAME', text: from.body }]) : diffBodies(from.body, to.body);
  const { wordsAdded, wordsRemoved } = same ? { wordsAdded: 0, wordsRemoved: 0 } : wordChanges(diff, from.body, to.body);
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
    wordsAdded,
    wordsRemoved,
    diff,
  };
}

function added(s: SectionText): SectionChange {
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
    wordsAdded: countWords(s.body),
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

/** Pairs of sections, by key and then by body similarity, in the later version's order (sides sorted by position). */
export function pairSections<S extends SectionText>(from: readonly S[], to: readonly S[]): { from: S; to: S; matchedBy: 'KEY' | 'SIMILARITY'; similarity: number | null }[] {
  const byKey = matchByKey([...from], [...to]);
  const pairedFrom = new Set(byKey.map((p) => p.from));
  const pairedTo = new Set(byKey.map((p) => p.to));
  const bySimilarity = matchBySimilarity(
    from.filter((s) => !pairedFrom.has(s)),
    to.filter((s) => !pairedTo.has(s)),
  );
  return ([...byKey, ...bySimilarity] as { from: S; to: S; matchedBy: 'KEY' | 'SIMILARITY'; similarity: number | null }[]).sort(
    (a, b) => a.to.position - b.to.position,
  );
}

export function compareSections(fromSections: SectionText[], toSections: SectionText[]): SectionComparison {
  const from = [...fromSections].sort((a, b) => a.position - b.position);
  const to = [...toSections].sort((a, b) => a.position - b.position);

  const pairs = pairSections(from, to);
  const inOrder = longestIncreasing(pairs.map((p) => p.from.position));
  const changeOfTo = new Map<SectionText, SectionChange>();
  const changeOfFrom = new Map<SectionText, SectionChange>();
  pairs.forEach((p, i) => {
    const change = pairChange(p, !inOrder.has(i));
    changeOfTo.set(p.to, change);
    changeOfFrom.set(p.from, change);
  });

  // The later version's order, with each removed section right after its predecessor in the
  // earlier version (wherever that predecessor ended up); removed ones with none come first. Each
  // section has at most one removed section right after it: a run of removed sections is a chain.
  const removedAfter = new Map<SectionChange | null, SectionChange>();
  let predecessor: SectionChange | null = null;
  for (const f of from) {
    const paired = changeOfFrom.get(f);
    if (paired) {
      predecessor = paired;
      continue;
    }
    const r = removed(f);
    removedAfter.set(predecessor, r);
    predecessor = r;
  }
  const sections: SectionChange[] = [];
  const emitWithRemovedAfter = (change: SectionChange | null) => {
    if (change) sections.push(change);
    for (let r = removedAfter.get(change); r; r = removedAfter.get(r)) sections.push(r);
  };
  emitWithRemovedAfter(null);
  for (const t of to) emitWithRemovedAfter(changeOfTo.get(t) ?? added(t));

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
