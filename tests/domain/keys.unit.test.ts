// Carried-over section keys when headings repeat or sections nest: the same keys as matching one
// by one would give, in time that does not grow with the square of the repeats.
import { describe, expect, it } from 'vitest';
import { assignKeys, type PreviousSection } from '../../src/domain/documents/keys.ts';
import type { ParsedSection } from '../../src/domain/documents/structure.ts';

const section = (heading: string, text: string, level = 1): ParsedSection => ({
  heading,
  level,
  number: null,
  paragraphs: [{ number: null, text }],
});

describe('assignKeys with repeated headings', () => {
  it('given 2,000 sections all headed "Annex" and no previous version, when keyed, then they are annex, annex-2 … annex-2000', () => {
    const keys = assignKeys(
      Array.from({ length: 2_000 }, (_, i) => section('Annex', `Annex text ${i}`)),
      [],
    ).map((s) => s.key);
    expect(keys[0]).toBe('annex');
    expect(keys[1]).toBe('annex-2');
    expect(keys[1_999]).toBe('annex-2000');
    expect(new Set(keys).size).toBe(2_000);
  });

  it('given a previous version with repeated headings, when keyed, then each repeat takes the next previous key in order, and new repeats skip every used suffix', () => {
    const previous: PreviousSection[] = [
      { key: 'annex', heading: 'Annex', level: 1, body: 'a' },
      { key: 'annex-3', heading: 'Annex', level: 1, body: 'b' },
      { key: 'annex-2', heading: 'Other', level: 1, body: 'c' },
    ];
    const keys = assignKeys(
      ['Annex', 'Annex', 'Annex', 'Annex'].map((h, i) => section(h, `unrelated words number ${i}`)),
      previous,
    ).map((s) => s.key);
    // Two carried over by heading; the other two are new and skip annex-2 and annex-3.
    expect(keys).toEqual(['annex', 'annex-3', 'annex-4', 'annex-5']);
  });

  it('given a renamed chapter with subsections, when keyed, then it keeps its key by the text of its whole subtree', () => {
    const words = (n: number) => Array.from({ length: 40 }, (_, k) => `w${n}x${k}`).join(' ');
    const previous: PreviousSection[] = [
      { key: 'intro', heading: 'Introduction', level: 1, body: words(0) },
      { key: 'roles', heading: 'Roles', level: 1, body: '' },
      { key: 'schools', heading: 'Schools', level: 2, body: words(1) },
      { key: 'health', heading: 'Health', level: 2, body: words(2) },
    ];
    const parsed = [
      section('Introduction', words(0)),
      { ...section('Roles and responsibilities', ''), paragraphs: [] },
      section('Education', words(1), 2),
      section('Health services', words(2), 2),
    ];
    expect(assignKeys(parsed, previous).map((s) => [s.key, s.parentKey])).toEqual([
      ['intro', null],
      ['roles', null],
      ['schools', 'roles'],
      ['health', 'roles'],
    ]);
  });
});
