// Carried-over section keys when headings repeat or sections nest: the same keys as matching one
// by one would give, in time that does not grow with the square of the repeats; and a renamed
// section that gained or lost whole paragraphs keeps its key when it stands in the same place.
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

describe('assignKeys for a renamed section that gained or lost whole paragraphs', () => {
  // Distinct words per paragraph, so similarity depends only on how many paragraphs two texts share.
  const para = (n: number) => Array.from({ length: 20 }, (_, k) => `p${n}w${k}`).join(' ');
  const numbered = (number: string | null, heading: string, paragraphs: number[], level = 1): ParsedSection => ({
    heading,
    level,
    number,
    paragraphs: paragraphs.map((n) => ({ number: null, text: para(n) })),
  });
  const previousOf = (sections: ParsedSection[], keys: string[]): PreviousSection[] =>
    sections.map((s, i) => ({
      key: keys[i]!,
      heading: s.heading,
      level: s.level,
      number: s.number,
      body: s.paragraphs.map((p) => p.text).join('\n\n'),
    }));

  const before = [
    numbered('1', 'Introduction', [1, 2]),
    numbered('2', 'Arrangements', [3, 4]),
    numbered('3', 'Schools', [5]),
  ];
  const beforeKeys = ['introduction', 'arrangements', 'schools'];

  it('given chapter 3 renamed, with a paragraph moved into it and one added, when keyed, then it keeps its key though most of its text is new to it', () => {
    const after = [
      numbered('1', 'Introduction', [1, 2]),
      numbered('2', 'Arrangements', [3]),
      numbered('3', 'Education', [4, 5, 6]),
    ];
    expect(assignKeys(after, previousOf(before, beforeKeys)).map((s) => s.key)).toEqual(beforeKeys);
  });

  it('given chapter 2 renamed after losing most of its paragraphs, when keyed, then it keeps its key', () => {
    const longer = [numbered('1', 'Introduction', [1]), numbered('2', 'Arrangements', [3, 4, 7, 8])];
    const after = [numbered('1', 'Introduction', [1, 4, 7, 8]), numbered('2', 'Local arrangements', [3])];
    expect(assignKeys(after, previousOf(longer, ['introduction', 'arrangements'])).map((s) => s.key)).toEqual([
      'introduction',
      'arrangements',
    ]);
  });

  it('given chapters without printed numbers, when one is renamed and grows, then its place among its siblings keeps its key', () => {
    const unnumbered = before.map((s) => ({ ...s, number: null }));
    const after = [
      numbered(null, 'Introduction', [1, 2]),
      numbered(null, 'Arrangements', [3]),
      numbered(null, 'Education', [4, 5, 6]),
    ];
    expect(assignKeys(after, previousOf(unnumbered, beforeKeys)).map((s) => s.key)).toEqual(beforeKeys);
  });

  it('given a renamed chapter and its renamed subsection that both grew, when keyed, then both keep their keys and the parent link', () => {
    const nested = [numbered(null, 'Roles', [1]), numbered(null, 'Schools', [2], 2)];
    const after = [numbered(null, 'Roles and duties', [1, 3, 4]), numbered(null, 'Education', [2, 5, 6], 2)];
    expect(assignKeys(after, previousOf(nested, ['roles', 'schools'])).map((s) => [s.key, s.parentKey])).toEqual([
      ['roles', null],
      ['schools', 'roles'],
    ]);
  });

  it('given a chapter inserted before a renamed chapter that grew, so that every later number moved on, when keyed, then the renamed one keeps its key by its distance from the matched chapter before it', () => {
    const after = [
      numbered('1', 'Introduction', [1, 2]),
      numbered('2', 'Principles', [8, 9]),
      numbered('3', 'Arrangements', [3]),
      numbered('4', 'Education', [4, 5, 6]),
    ];
    expect(assignKeys(after, previousOf(before, beforeKeys)).map((s) => s.key)).toEqual([
      'introduction',
      'principles',
      'arrangements',
      'schools',
    ]);
  });

  it('given two neighbouring chapters both renamed and grown, when keyed, then the first found gives the second its place', () => {
    const after = [
      numbered(null, 'Introduction', [1, 2]),
      numbered(null, 'Local arrangements', [3, 4, 8, 9, 10]),
      numbered(null, 'Education', [5, 6, 7]),
    ];
    const unnumbered = before.map((s) => ({ ...s, number: null }));
    expect(assignKeys(after, previousOf(unnumbered, beforeKeys)).map((s) => s.key)).toEqual(beforeKeys);
  });

  it('given the same place but text that does not hold the earlier text, when keyed, then it is a new section', () => {
    const after = [
      numbered('1', 'Introduction', [1, 2]),
      numbered('2', 'Arrangements', [3, 4]),
      numbered('3', 'Annex', [8, 9]),
    ];
    expect(assignKeys(after, previousOf(before, beforeKeys)).map((s) => s.key)).toEqual([
      'introduction',
      'arrangements',
      'annex',
    ]);
  });

  it('given a renamed chapter that holds an earlier chapter but stands elsewhere (another number and another neighbour, or another level), when keyed, then it is a new section', () => {
    const elsewhere = [
      numbered('1', 'Introduction', [1, 2]),
      numbered('2', 'Education', [5, 6, 7]),
      numbered('3', 'Arrangements', [3, 4]),
    ];
    expect(assignKeys(elsewhere, previousOf(before, beforeKeys)).map((s) => s.key)).toEqual([
      'introduction',
      'education',
      'arrangements',
    ]);
    const deeper = [
      numbered('1', 'Introduction', [1, 2]),
      numbered('2', 'Arrangements', [3, 4]),
      numbered('3', 'Education', [5, 6, 7], 2),
    ];
    expect(assignKeys(deeper, previousOf(before, beforeKeys)).map((s) => s.key)).toEqual([
      'introduction',
      'arrangements',
      'education',
    ]);
  });
});
