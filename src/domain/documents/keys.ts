// Section keys for an imported version, carried over from the previous version so comparisons see
// moves and renames without an editor choosing keys. Pure.
//
// A heading that matches one of the previous version (same text, ignoring case, white space and
// the printed number) takes its key; of the sections left, one whose content (its own paragraphs
// and those of its subsections) is similar to a left-over previous section's (the comparison's
// similarity, at its threshold) takes that key, so a renamed chapter keeps its key. Any other
// section gets a new key made from its heading, never one the previous version used.
import { similarPairs } from './compare.ts';
import { bodyOf, parentKeys, type ParsedSection, type StructuredSection } from './structure.ts';

/** A section of the previous version, as carried-over keys need it. */
export interface PreviousSection {
  key: string;
  heading: string;
  level: number;
  body: string;
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
    for (const { i, j } of similarPairs(
      leftFrom.map((i) => subtreeText(previous, fromEnds, i)),
      leftTo.map((j) => subtreeText(toSections, toEnds, j)),
    )) {
      keys[leftTo[j]!] = previous[leftFrom[i]!]!.key;
    }
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
