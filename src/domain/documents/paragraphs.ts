// What happened to every paragraph between two versions, across the whole document. Pure.
//
// Paragraphs are paired first by identical text (preferring one in the section paired with its
// own, then the first in reading order), then, among those left, by similarity (the comparison's
// score and threshold): within each pair of sections first, then across the whole document. A pair whose sections are not paired with each other moved across
// sections; within one pair of sections, a pair is moved when it is outside the longest run of
// pairs that kept their order (as for sections), so a paragraph merely pushed down by an
// insertion is not moved. A moved paragraph, edited or not, is one MODIFIED or UNCHANGED change
// with `moved` set, never a removal plus an addition.
import {
  countWords,
  diffBodies,
  longestIncreasing,
  pairSections,
  roundSimilarity,
  similarPairs,
  wordChanges,
  type DiffPart,
  type SectionText,
} from './compare.ts';
import { SIMILARITY_THRESHOLD, Vocabulary } from './similarity.ts';
import { paragraphsOf, type ParagraphText } from './structure.ts';

export type ParagraphChangeType = 'ADDED' | 'REMOVED' | 'MODIFIED' | 'UNCHANGED';

/** A section as paragraph comparison and blame read it. */
export interface StructuredSectionText extends SectionText {
  /** Printed paragraph numbers, one per paragraph of the body, when the version has them. */
  paragraphNumbers?: readonly (string | null)[] | null;
}

export interface ParagraphChange {
  change: ParagraphChangeType;
  fromSectionKey: string | null;
  toSectionKey: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  /** 1-based place of the paragraph in its section, on each side. */
  fromIndex: number | null;
  toIndex: number | null;
  /** The later text, or the earlier one for a removed paragraph. */
  text: string;
  moved: boolean;
  movedAcrossSections: boolean;
  /** 1 for identical text, the rounded score for a pair matched by similarity, null when unpaired. */
  similarity: number | null;
  wordsAdded: number;
  wordsRemoved: number;
  diff: DiffPart[];
}

export interface ParagraphSummary {
  paragraphsAdded: number;
  paragraphsRemoved: number;
  paragraphsModified: number;
  paragraphsUnchanged: number;
  paragraphsMoved: number;
  paragraphsMovedAcrossSections: number;
}

export interface ParagraphComparison {
  summary: ParagraphSummary;
  paragraphs: ParagraphChange[];
}

/** A paragraph in a flattened version: its section, place and text. */
export interface FlatParagraph extends ParagraphText {
  sectionKey: string;
  /** Index of its section in the version's reading order. */
  section: number;
  /** 1-based place in its section. */
  index: number;
}

export function flatten(sections: readonly StructuredSectionText[]): FlatParagraph[] {
  const sorted = [...sections].sort((a, b) => a.position - b.position);
  return sorted.flatMap((s, section) =>
    paragraphsOf(s.body, s.paragraphNumbers).map((p, i) => ({ ...p, sectionKey: s.key, section, index: i + 1 })),
  );
}

export interface ParagraphPair {
  from: number;
  to: number;
  /** Exact score; 1 for identical text. */
  score: number;
}

/**
 * Pairs the paragraphs of two flattened versions. `sectionOf` maps an earlier section's index to
 * the later section it is paired with (by the section comparison's rules). A `vocabulary` shared
 * between calls (as blame does along the versions) reads each distinct paragraph text once.
 */
export function pairParagraphs(
  from: readonly FlatParagraph[],
  to: readonly FlatParagraph[],
  sectionOf: ReadonlyMap<number, number>,
  vocabulary: Vocabulary = new Vocabulary(),
): ParagraphPair[] {
  const byText = new Map<string, number[]>();
  from.forEach((p, i) => {
    const list = byText.get(p.text);
    if (list) list.push(i);
    else byText.set(p.text, [i]);
  });
  const usedFrom = new Uint8Array(from.length);
  const pairedTo = new Uint8Array(to.length);
  const pairs: ParagraphPair[] = [];
  to.forEach((p, j) => {
    const candidates = byText.get(p.text);
    if (!candidates) return;
    let chosen = -1;
    for (const i of candidates) {
      if (usedFrom[i]) continue;
      if (chosen < 0) chosen = i;
      if (sectionOf.get(from[i]!.section) === p.section) {
        chosen = i;
        break;
      }
    }
    if (chosen < 0) return;
    usedFrom[chosen] = 1;
    pairedTo[j] = 1;
    pairs.push({ from: chosen, to: j, score: 1 });
  });
  // Similar texts: first within each pair of sections (few candidates each), then across the
  // whole document for what is left, so the costly all-against-all scoring sees only paragraphs
  // that moved, were added or were removed.
  const bySimilarity = (leftFrom: number[], leftTo: number[]) => {
    for (const c of similarPairs(
      leftFrom.map((i) => from[i]!.text),
      leftTo.map((j) => to[j]!.text),
      SIMILARITY_THRESHOLD,
      vocabulary,
    )) {
      usedFrom[leftFrom[c.i]!] = 1;
      pairedTo[leftTo[c.j]!] = 1;
      pairs.push({ from: leftFrom[c.i]!, to: leftTo[c.j]!, score: c.score });
    }
  };
  const groups = new Map<number, { from: number[]; to: number[] }>();
  const group = (section: number) => {
    let g = groups.get(section);
    if (!g) groups.set(section, (g = { from: [], to: [] }));
    return g;
  };
  from.forEach((p, i) => {
    const section = sectionOf.get(p.section);
    if (!usedFrom[i] && section !== undefined) group(section).from.push(i);
  });
  to.forEach((p, j) => {
    if (!pairedTo[j]) group(p.section).to.push(j);
  });
  for (const g of groups.values()) if (g.from.length > 0 && g.to.length > 0) bySimilarity(g.from, g.to);
  bySimilarity(
    from.map((_, i) => i).filter((i) => !usedFrom[i]),
    to.map((_, j) => j).filter((j) => !pairedTo[j]),
  );
  return pairs.sort((a, b) => a.to - b.to);
}

/** Which later section each earlier section is paired with, by index in reading order. */
export function sectionPairing(
  from: readonly StructuredSectionText[],
  to: readonly StructuredSectionText[],
): Map<number, number> {
  const sortedFrom = [...from].sort((a, b) => a.position - b.position);
  const sortedTo = [...to].sort((a, b) => a.position - b.position);
  const fromIndex = new Map(sortedFrom.map((s, i) => [s, i]));
  const toIndex = new Map(sortedTo.map((s, i) => [s, i]));
  return new Map(pairSections(sortedFrom, sortedTo).map((p) => [fromIndex.get(p.from)!, toIndex.get(p.to)!]));
}

function pairChange(
  f: FlatParagraph,
  t: FlatParagraph,
  score: number,
  moved: boolean,
  across: boolean,
): ParagraphChange {
  const same = f.text === t.text;
  const change: ParagraphChange = {
    change: same ? 'UNCHANGED' : 'MODIFIED',
    fromSectionKey: f.sectionKey,
    toSectionKey: t.sectionKey,
    fromNumber: f.number,
    toNumber: t.number,
    fromIndex: f.index,
    toIndex: t.index,
    text: t.text,
    moved: moved || across,
    movedAcrossSections: across,
    similarity: same ? 1 : roundSimilarity(score),
    wordsAdded: 0,
    wordsRemoved: 0,
    diff: [{ kind: 'SAME', text: t.text }],
  };
  if (!same) withLazyWordDiff(change, f.text, t.text);
  return change;
}

/**
 * Makes `diff`, `wordsAdded` and `wordsRemoved` of a modified paragraph read-on-demand: the word
 * diff (the costly part of a comparison) is computed the first time any of them is read, then
 * kept. Most readers of a comparison ask for counts and moves, not every paragraph's diff. The
 * properties stay enumerable and in place, so the change reads (and serialises) as before.
 */
function withLazyWordDiff(change: ParagraphChange, from: string, to: string): void {
  let words: { diff: DiffPart[]; wordsAdded: number; wordsRemoved: number } | null = null;
  const read = () => {
    if (!words) {
      const diff = diffBodies(from, to);
      words = { diff, ...wordChanges(diff, from, to) };
    }
    return words;
  };
  Object.defineProperties(change, {
    wordsAdded: { get: () => read().wordsAdded, enumerable: true },
    wordsRemoved: { get: () => read().wordsRemoved, enumerable: true },
    diff: { get: () => read().diff, enumerable: true },
  });
}

function unpaired(p: FlatParagraph, side: 'ADDED' | 'REMOVED'): ParagraphChange {
  const words = countWords(p.text);
  return {
    change: side,
    fromSectionKey: side === 'REMOVED' ? p.sectionKey : null,
    toSectionKey: side === 'ADDED' ? p.sectionKey : null,
    fromNumber: side === 'REMOVED' ? p.number : null,
    toNumber: side === 'ADDED' ? p.number : null,
    fromIndex: side === 'REMOVED' ? p.index : null,
    toIndex: side === 'ADDED' ? p.index : null,
    text: p.text,
    moved: false,
    movedAcrossSections: false,
    similarity: null,
    wordsAdded: side === 'ADDED' ? words : 0,
    wordsRemoved: side === 'REMOVED' ? words : 0,
    diff: [{ kind: side, text: p.text }],
  };
}

export function compareParagraphs(
  fromSections: readonly StructuredSectionText[],
  toSections: readonly StructuredSectionText[],
): ParagraphComparison {
  const from = flatten(fromSections);
  const to = flatten(toSections);
  const sectionOf = sectionPairing(fromSections, toSections);
  const pairs = pairParagraphs(from, to, sectionOf);

  // Order within each pair of sections: pairs outside the longest run that kept its order moved.
  const across = pairs.map((p) => sectionOf.get(from[p.from]!.section) !== to[p.to]!.section);
  const groups = new Map<string, number[]>();
  pairs.forEach((p, k) => {
    if (across[k]) return;
    const group = `${from[p.from]!.section}:${to[p.to]!.section}`;
    const list = groups.get(group);
    if (list) list.push(k);
    else groups.set(group, [k]);
  });
  const moved = new Set<number>();
  for (const members of groups.values()) {
    const kept = longestIncreasing(members.map((k) => pairs[k]!.from));
    members.forEach((k, m) => {
      if (!kept.has(m)) moved.add(k);
    });
  }

  const changeOfTo = new Map<number, ParagraphChange>();
  const changeOfFrom = new Map<number, ParagraphChange>();
  pairs.forEach((p, k) => {
    const change = pairChange(from[p.from]!, to[p.to]!, p.score, moved.has(k), across[k]!);
    changeOfTo.set(p.to, change);
    changeOfFrom.set(p.from, change);
  });

  // The later version's order, each removed paragraph right after its predecessor in the earlier
  // version (as for sections).
  const removedAfter = new Map<ParagraphChange | null, ParagraphChange>();
  let predecessor: ParagraphChange | null = null;
  from.forEach((f, i) => {
    const paired = changeOfFrom.get(i);
    if (paired) {
      predecessor = paired;
      return;
    }
    const r = unpaired(f, 'REMOVED');
    removedAfter.set(predecessor, r);
    predecessor = r;
  });
  const paragraphs: ParagraphChange[] = [];
  const emit = (change: ParagraphChange | null) => {
    if (change) paragraphs.push(change);
    for (let r = removedAfter.get(change); r; r = removedAfter.get(r)) paragraphs.push(r);
  };
  emit(null);
  to.forEach((t, j) => emit(changeOfTo.get(j) ?? unpaired(t, 'ADDED')));

  const summary: ParagraphSummary = {
    paragraphsAdded: 0,
    paragraphsRemoved: 0,
    paragraphsModified: 0,
    paragraphsUnchanged: 0,
    paragraphsMoved: 0,
    paragraphsMovedAcrossSections: 0,
  };
  for (const p of paragraphs) {
    if (p.change === 'ADDED') summary.paragraphsAdded += 1;
    else if (p.change === 'REMOVED') summary.paragraphsRemoved += 1;
    else if (p.change === 'MODIFIED') summary.paragraphsModified += 1;
    else summary.paragraphsUnchanged += 1;
    if (p.moved) summary.paragraphsMoved += 1;
    if (p.movedAcrossSections) summary.paragraphsMovedAcrossSections += 1;
  }
  return { summary, paragraphs };
}
