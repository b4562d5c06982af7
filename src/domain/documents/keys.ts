// Section keys for an imported version, carried over from the previous version so comparisons see
// moves and renames without an editor choosing keys. Pure.
//
// A heading that matches one of the previous version (same text, ignoring case, white space and
// the printed number) takes its key; of the sections left, one whose content (its own paragraphs
// and those of its subsections) is similar to a left-over previous section's (the comparison's
// similarity, at its threshold) takes that key, so a renamed chapter keeps its key. Of the sections
// still left, one in the same place as a left-over previous section (the same level and printed
// number, or with no printed numbers the same parent and the same place among its siblings, or the
// same distance from a sibling before or after it that was matched by heading or content, so that
// a chapter inserted or removed before it does not move it out of its place) whose content mostly
// holds the other's or is mostly held by it (`overlap`, at the same threshold) takes that key: a
// renamed chapter that also gained or lost whole paragraphs, which similarity alone counts as a
// different chapter once the paragraphs are a large share of it. Whole paragraphs must carry over,
// not a sentence: most of the shorter text (`heldInWholeParagraphs`, at the same threshold) is
// paragraphs that have a similar paragraph on the other side, or were merged into one there or
// split into several there, so a new chapter at the same number that quotes one sentence of the old
// one, or holds its one sentence inside a longer paragraph of its own, does not take its key. Any
// other section gets a new key made from its heading, never one the previous version used.
import { similarPairs } from './compare.ts';
import { overlap, SIMILARITY_THRESHOLD, SimilarityIndex, Vocabulary } from './similarity.ts';
import { bodyOf, parentKeys, splitParagraphs, type ParsedSection, type StructuredSection } from './structure.ts';

/** A section of the previous version, as carried-over keys need it. */
export interface PreviousSection {
  key: string;
  heading: string;
  level: number;
  body: string;
  /** The number the previous version printed before the heading; absent or null when none. */
  number?: string | null;
}

const normalHeading = (heading: string) => heading.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** A readable key from a heading: lower-case ASCII letters, digits and hyphens, at most 64 characters. */
export function keyFromHeading(heading: string): string {
  const key = heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return key || 'section';
}

/**
 * The text of section `i` with that of its subsections (the sections after it of a deeper level),
 * for sections given in reading order with levels. `ends[i]` is where its subtree ends.
 */
function subtreeText(sections: readonly { level: number; body: string }[], ends: readonly number[], i: number): string {
  const parts: string[] = [];
  for (let j = i; j < ends[i]!; j += 1) if (sections[j]!.body !== '') parts.push(sections[j]!.body);
  return parts.join('\n\n');
}

/** For each section, the index just past its subtree: one pass with a stack of open sections. */
function subtreeEnds(sections: readonly { level: number }[]): number[] {
  const ends = sections.map(() => sections.length);
  const open: number[] = [];
  sections.forEach((s, j) => {
    while (open.length > 0 && sections[open.at(-1)!]!.level >= s.level) ends[open.pop()!] = j;
    open.push(j);
  });
  return ends;
}

/**
 * Where each section stands, as a function called for sections in reading order that gives the
 * places to look it up by: its level and printed number, or, when it prints none, its parent's key
 * (`keyOf`, asked once the parent has been placed) and its place among that parent's children
 * without printed numbers; and its distance from the nearest sibling before it and after it that
 * is an anchor (`anchorOf` gives the key of a section already matched by heading or content),
 * counted in printed numbers when both print one and in places among the siblings when neither
 * does. The distances find a section pushed down by a sibling inserted before it, or pulled up by
 * one removed, beside the same neighbour. None for a section whose parent has no key.
 */
function placer(
  sections: readonly { level: number; number?: string | null }[],
  keyOf: (k: number) => string | null,
  anchorOf: (k: number) => string | null,
) {
  const parents = parentKeys(sections.map((s, k) => ({ key: String(k), level: s.level })));
  const groups = new Map<string, number[]>();
  const place = sections.map((s, k) => {
    const under = `${s.level} ${parents[k] ?? ''}`;
    const group = groups.get(under) ?? [];
    groups.set(under, group);
    group.push(k);
    return group.length;
  });
  // The nearest anchor among the siblings before and after each section.
  const before = sections.map((): number | null => null);
  const after = sections.map((): number | null => null);
  for (const group of groups.values()) {
    let last: number | null = null;
    for (const k of group) [before[k], last] = [last, anchorOf(k) === null ? last : k];
    last = null;
    for (const k of group.toReversed()) [after[k], last] = [last, anchorOf(k) === null ? last : k];
  }
  const ordinal = (k: number) => {
    const number = sections[k]!.number;
    return number ? Number(number.slice(number.lastIndexOf('.') + 1)) : place[k]!;
  };
  const distance = (k: number, anchor: number | null, side: string): string[] =>
    anchor === null || !sections[k]!.number !== !sections[anchor]!.number
      ? []
      : [`${side} ${anchorOf(anchor)} ${ordinal(k) - ordinal(anchor)}`];
  const children = new Map<string, number>();
  return (k: number): string[] => {
    const s = sections[k]!;
    const under = `${s.level} ${parents[k] ?? ''}`;
    const nth = s.number ? 0 : (children.get(under) ?? 0) + 1;
    if (!s.number) children.set(under, nth);
    const parent = parents[k] === null ? '' : keyOf(Number(parents[k]));
    if (parent === null) return [];
    const here = `${s.level} ${parent}`;
    return [
      s.number ? `${s.level} ${s.number}` : `${here} #${nth}`,
      ...distance(k, before[k]!, `${here} after`),
      ...distance(k, after[k]!, `${here} before`),
    ];
  };
}

/**
 * Of `parts` (indexes into `texts`), those no longer than `container` whose text it holds (`overlap`
 * at the threshold), when together they make up most of it (the threshold of its words); else none.
 * A paragraph that two or more paragraphs were merged into, or that was split into them.
 */
function partsOf(
  container: string,
  texts: readonly string[],
  parts: readonly number[],
  vocabulary: Vocabulary,
): number[] {
  const size = vocabulary.body(container).words.total;
  const within = parts.filter((k) => {
    const n = vocabulary.body(texts[k]!).words.total;
    return n > 0 && n <= size && overlap(texts[k]!, container, vocabulary) >= SIMILARITY_THRESHOLD;
  });
  const covered = within.reduce((sum, k) => sum + vocabulary.body(texts[k]!).words.total, 0);
  return covered >= SIMILARITY_THRESHOLD * size ? within : [];
}

/**
 * Whether at least `atLeast` (0 to 1) of the words of the shorter of two texts (by words) lie in
 * paragraphs (blank-line-separated blocks) carried over from the other text: a paragraph with a
 * similar paragraph there (similarity at the threshold), or one of paragraphs merged into one there,
 * or one split into paragraphs there (see `partsOf`). True when one text is the other's paragraphs
 * plus or minus whole paragraphs, each perhaps lightly edited, merged or split; false when they
 * share only a sentence inside a paragraph. Scores every paragraph of one text against every
 * paragraph of the other at most a few times.
 */
function heldInWholeParagraphs(
  a: string,
  b: string,
  atLeast: number,
  vocabulary: Vocabulary = new Vocabulary(),
): boolean {
  const [shorter, longer] =
    vocabulary.body(a).words.total <= vocabulary.body(b).words.total
      ? [splitParagraphs(a), splitParagraphs(b)]
      : [splitParagraphs(b), splitParagraphs(a)];
  const words = shorter.map((p) => vocabulary.body(p).words.total);
  const total = words.reduce((sum, n) => sum + n, 0);
  if (total === 0 || longer.length === 0) return false;
  const held = shorter.map(() => false);
  const index = new SimilarityIndex([...shorter, ...longer], vocabulary);
  try {
    for (let k = 0; k < shorter.length; k += 1) {
      index.select(k);
      for (let m = 0; m < longer.length && !held[k]; m += 1)
        held[k] = index.score(shorter.length + m, SIMILARITY_THRESHOLD) > 0;
    }
  } finally {
    index.unselect();
  }
  const heldShare = () => held.reduce((sum, h, k) => sum + (h ? words[k]! : 0), 0) / total;
  if (heldShare() >= atLeast) return true;
  const longerAll = longer.map((_, m) => m);
  for (const paragraph of longer) {
    const left = shorter.map((_, k) => k).filter((k) => !held[k]);
    for (const k of partsOf(paragraph, shorter, left, vocabulary)) held[k] = true;
  }
  shorter.forEach((paragraph, k) => {
    if (!held[k]) held[k] = partsOf(paragraph, longer, longerAll, vocabulary).length > 0;
  });
  return heldShare() >= atLeast;
}

/**
 * Gives a left-over section the key of the left-over previous section in the same place (see
 * `placer`) when `holds(previous index, parsed index)`. Goes in reading order, so a parent kept
 * here gives its children a place to be found in.
 */
function keepKeysInPlace(
  parsed: readonly ParsedSection[],
  previous: readonly PreviousSection[],
  keys: (string | null)[],
  taken: Set<number>,
  holds: (i: number, j: number) => boolean,
): void {
  const byPlace = new Map<string, number>();
  const anchors = [...keys];
  const previousPlaces = placer(
    previous,
    (i) => previous[i]!.key,
    (i) => (taken.has(i) ? previous[i]!.key : null),
  );
  previous.forEach((_, i) => {
    for (const place of previousPlaces(i)) if (!taken.has(i) && !byPlace.has(place)) byPlace.set(place, i);
  });
  const placesOf = placer(
    parsed,
    (j) => keys[j] ?? null,
    (j) => anchors[j] ?? null,
  );
  const kept = new Set<number>();
  parsed.forEach((_, j) => {
    const places = placesOf(j);
    if (keys[j] !== null) return;
    for (const place of places) {
      const i = byPlace.get(place);
      if (i === undefined || kept.has(i) || !holds(i, j)) continue;
      keys[j] = previous[i]!.key;
      kept.add(i);
      return;
    }
  });
}

/**
 * Keys for the parsed sections of a new version, carried over from `previous` (see above). Time
 * grows with the number of sections times their levels (at most 6) plus the similarity scoring of
 * the sections left unmatched by heading; repeated headings cost no more than distinct ones.
 */
export function assignKeys(
  parsed: readonly ParsedSection[],
  previous: readonly PreviousSection[],
): StructuredSection[] {
  const keys: (string | null)[] = parsed.map(() => null);
  const taken = new Set<number>();

  // Previous sections by heading, in order, with the first not yet taken (each is taken once, in order).
  const byHeading = new Map<string, { indexes: number[]; next: number }>();
  previous.forEach((p, i) => {
    const h = normalHeading(p.heading);
    const entry = byHeading.get(h);
    if (entry) entry.indexes.push(i);
    else byHeading.set(h, { indexes: [i], next: 0 });
  });
  parsed.forEach((s, j) => {
    const entry = byHeading.get(normalHeading(s.heading));
    if (!entry || entry.next >= entry.indexes.length) return;
    const i = entry.indexes[entry.next++]!;
    taken.add(i);
    keys[j] = previous[i]!.key;
  });

  const leftFrom = previous.map((_, i) => i).filter((i) => !taken.has(i));
  const leftTo = parsed.map((_, j) => j).filter((j) => keys[j] === null);
  if (leftFrom.length > 0 && leftTo.length > 0) {
    const toSections = parsed.map((s) => ({ level: s.level, body: bodyOf(s.paragraphs) }));
    const fromEnds = subtreeEnds(previous);
    const toEnds = subtreeEnds(toSections);
    const fromText = (i: number) => subtreeText(previous, fromEnds, i);
    const toText = (j: number) => subtreeText(toSections, toEnds, j);
    const vocabulary = new Vocabulary();
    for (const { i, j } of similarPairs(leftFrom.map(fromText), leftTo.map(toText), SIMILARITY_THRESHOLD, vocabulary)) {
      keys[leftTo[j]!] = previous[leftFrom[i]!]!.key;
      taken.add(leftFrom[i]!);
    }
    keepKeysInPlace(parsed, previous, keys, taken, (i, j) => {
      const [from, to] = [fromText(i), toText(j)];
      // The words' overlap is cheap and rules out most pairs before their paragraphs are scored.
      const words = overlap(from, to, vocabulary);
      return words >= SIMILARITY_THRESHOLD && heldInWholeParagraphs(from, to, SIMILARITY_THRESHOLD, vocabulary);
    });
  }

  const used = new Set<string>([...previous.map((p) => p.key), ...keys.filter((k): k is string => k !== null)]);
  // The next suffix to try for each base: every smaller one is already used, and `used` only grows.
  const nextSuffix = new Map<string, number>();
  const final = parsed.map((s, j) => {
    const kept = keys[j];
    if (kept) return kept;
    const base = keyFromHeading(s.heading);
    let key = base;
    if (used.has(key)) {
      let n = nextSuffix.get(base) ?? 2;
      for (; used.has((key = `${base.slice(0, 60)}-${n}`)); n += 1);
      nextSuffix.set(base, n + 1);
    }
    used.add(key);
    return key;
  });
  const parents = parentKeys(parsed.map((s, j) => ({ key: final[j]!, level: s.level })));
  return parsed.map((s, j) => ({ ...s, key: final[j]!, parentKey: parents[j]! }));
}
