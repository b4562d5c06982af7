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

/** Each section's text with that of its subsections, for sections given in reading order with levels. */
function subtreeTexts(sections: readonly { level: number; body: string }[]): string[] {
  return sections.map((s, i) => {
    const parts = [s.body];
    for (let j = i + 1; j < sections.length && sections[j]!.level > s.level; j += 1) parts.push(sections[j]!.body);
    return parts.filter((p) => p !== '').join('\n\n');
  });
}

export function assignKeys(
  parsed: readonly ParsedSection[],
  previous: readonly PreviousSection[],
): StructuredSection[] {
  const keys: (string | null)[] = parsed.map(() => null);
  const taken = new Set<number>();

  const byHeading = new Map<string, number[]>();
  previous.forEach((p, i) => {
    const h = normalHeading(p.heading);
    byHeading.set(h, [...(byHeading.get(h) ?? []), i]);
  });
  parsed.forEach((s, j) => {
    const candidates = byHeading.get(normalHeading(s.heading));
    const i = candidates?.find((c) => !taken.has(c));
    if (i === undefined) return;
    taken.add(i);
    keys[j] = previous[i]!.key;
  });

  const leftFrom = previous.map((_, i) => i).filter((i) => !taken.has(i));
  const leftTo = parsed.map((_, j) => j).filter((j) => keys[j] === null);
  if (leftFrom.length > 0 && leftTo.length > 0) {
    const fromTexts = subtreeTexts(previous);
    const toTexts = subtreeTexts(parsed.map((s) => ({ level: s.level, body: bodyOf(s.paragraphs) })));
    for (const { i, j } of similarPairs(
      leftFrom.map((i) => fromTexts[i]!),
      leftTo.map((j) => toTexts[j]!),
    )) {
      keys[leftTo[j]!] = previous[leftFrom[i]!]!.key;
    }
  }

  const used = new Set<string>([...previous.map((p) => p.key), ...keys.filter((k): k is string => k !== null)]);
  const final = parsed.map((s, j) => {
    const kept = keys[j];
    if (kept) return kept;
    const base = keyFromHeading(s.heading);
    let key = base;
    for (let n = 2; used.has(key); n += 1) key = `${base.slice(0, 60)}-${n}`;
    used.add(key);
    return key;
  });
  const parents = parentKeys(parsed.map((s, j) => ({ key: final[j]!, level: s.level })));
  return parsed.map((s, j) => ({ ...s, key: final[j]!, parentKey: parents[j]! }));
}
