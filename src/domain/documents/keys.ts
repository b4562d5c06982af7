// Section keys for an imported version, carried over from the previous version so comparisons see
// moves and renames without an editor choosing keys. Pure.
//
// A heading that matches one of the previous version (same text, ignoring case, white space and
// the printed number) takes its key; of the sections left, one whose content (its own paragraphs
// and those of its subsections) is similar to a left-over previous section's (the comparison's
// similarity, at its threshold) takes that key, so a renamed chapter keeps its key. Of the sections
// still left, one in the same place as a left-over previous section (the same level and either the
// same printed number, or the same parent and the same sibling just before it) whose content mostly
// holds the other's or is mostly held by it (`overlap`, at the same threshold) takes that key: a renamed chapter that also gained or lost whole paragraphs, which similarity alone
// counts as a different chapter once the paragraphs are a large share of it. Any other section
// gets a new key made from its heading, never one the previous version used.
import { similarPairs } from './compare.ts';
import { overlap, SIMILARITY_THRESHOLD, Vocabulary } from './similarity.ts';
import { bodyOf, parentKeys, type ParsedSection, type StructuredSection } from './structure.ts';

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
 * Where each section stands, as a function called for sections in reading order: the places it can
 * be found at. One is its level and printed number, if it prints one, which survives sections
 * being renamed; the other its level, its parent's key and the key of the sibling just before it
 * (or that it comes first), which survives sections being inserted or removed elsewhere and
 * renumbering. Keys are asked of `keyOf` once the section they belong to has been placed; a
 * parent or sibling without one leaves that place out.
 */
function placer(sections: readonly { level: number; number?: string | null }[], keyOf: (k: number) => string | null) {
  const parents = parentKeys(sections.map((s, k) => ({ key: String(k), level: s.level })));
  const lastChild = new Map<string | null, number>();
  return (k: number): string[] => {
    const s = sections[k]!;
    const places = s.number ? [`${s.level} numbered ${s.number}`] : [];
    const before = lastChild.get(parents[k]!);
    lastChild.set(parents[k]!, k);
    const parent = parents[k] === null ? '' : keyOf(Number(parents[k]));
    const sibling = before === undefined ? '' : keyOf(before);
    if (parent !== null && sibling !== null) places.push(`${s.level} under ${parent} after ${sibling}`);
    return places;
  };
}

/**
 * Gives a left-over section the key of a left-over previous section found at one of its places
 * (see `placer`) when `overlapOf(previous index, parsed index)` reaches the similarity threshold.
 * Goes in reading order, so a section kept here gives its children and its next sibling a place to
 * be found at.
 */
function keepKeysInPlace(
  parsed: readonly ParsedSection[],
  previous: readonly PreviousSection[],
  keys: (string | null)[],
  taken: Set<number>,
  overlapOf: (i: number, j: number) => number,
): void {
  const byPlace = new Map<string, number>();
  const previousPlaces = placer(previous, (i) => previous[i]!.key);
  previous.forEach((_, i) => {
    for (const place of previousPlaces(i)) if (!taken.has(i) && !byPlace.has(place)) byPlace.set(place, i);
  });
  const placesOf = placer(parsed, (j) => keys[j] ?? null);
  parsed.forEach((_, j) => {
    const places = placesOf(j);
    if (keys[j] !== null) return;
    for (const place of places) {
      const i = byPlace.get(place);
      if (i === undefined || taken.has(i) || overlapOf(i, j) < SIMILARITY_THRESHOLD) continue;
      keys[j] = previous[i]!.key;
      taken.add(i);
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
    keepKeysInPlace(parsed, previous, keys, taken, (i, j) => overlap(fromText(i), toText(j), vocabulary));
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
