import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSections, type SectionText } from '../../src/domain/documents/compare.ts';

const version = (...sections: [key: string, heading: string, body: string][]): SectionText[] =>
  sections.map(([key, heading, body], i) => ({ key, heading, body, position: i + 1 }));

const A = ['a', 'Alpha', 'The first section talks about assessment of need.'] as [string, string, string];
const B = ['b', 'Beta', 'The second section describes organisational duties in detail.'] as [string, string, string];
const C = ['c', 'Gamma', 'The third section covers multi-agency arrangements and partners.'] as [string, string, string];
const D = ['d', 'Delta', 'The fourth section is about child death reviews and panels.'] as [string, string, string];

const byKey = (r: ReturnType<typeof compareSections>) => new Map(r.sections.map((s) => [s.key, s]));

describe('comparing two versions', () => {
  it('given identical versions, reports every section unchanged and no words changed', () => {
    const r = compareSections(version(A, B, C), version(A, B, C));
    expect(r.summary).toEqual({ added: 0, removed: 0, modified: 0, unchanged: 3, moved: 0, renamed: 0, wordsAdded: 0, wordsRemoved: 0 });
    expect(r.sections.every((s) => s.matchedBy === 'KEY')).toBe(true);
  });

  it('given a section inserted at the top, reports it added and moves nothing', () => {
    const r = compareSections(version(A, B, C), version(['new', 'New', 'Fresh words here.'], A, B, C));
    expect(byKey(r).get('new')).toMatchObject({ change: 'ADDED', wordsAdded: 3, toPosition: 1 });
    expect(r.summary.moved).toBe(0);
    expect(r.sections.map((s) => s.key)).toEqual(['new', 'a', 'b', 'c']);
  });

  it('given a section moved from third to first, reports only that one as moved', () => {
    const r = compareSections(version(A, B, C, D), version(C, A, B, D));
    expect(r.sections.filter((s) => s.moved).map((s) => s.key)).toEqual(['c']);
  });

  it('given two adjacent sections swapped, reports exactly one as moved', () => {
    const r = compareSections(version(A, B, C), version(B, A, C));
    expect(r.summary.moved).toBe(1);
  });

  it('given only a heading change, reports the section unchanged and renamed', () => {
    const r = compareSections(version(A, B), version(A, ['b', 'Beta renamed', B[2]]));
    expect(byKey(r).get('b')).toMatchObject({ change: 'UNCHANGED', renamed: true, fromHeading: 'Beta', toHeading: 'Beta renamed' });
    expect(r.summary.renamed).toBe(1);
  });

  it('given a new key over nearly the same body, reports one pair matched by similarity', () => {
    const r = compareSections(
      version(A, B),
      version(A, ['b2', 'Beta', 'The second section describes organisational duties in more detail.']),
    );
    expect(r.sections).toHaveLength(2);
    expect(byKey(r).get('b2')).toMatchObject({ change: 'MODIFIED', matchedBy: 'SIMILARITY', fromKey: 'b', toKey: 'b2' });
    expect(byKey(r).get('b2')!.similarity).toBeGreaterThanOrEqual(0.6);
  });

  it('given a new key over a different body, reports one added and one removed', () => {
    const r = compareSections(version(A, B), version(A, ['z', 'Zed', 'Completely unrelated prose on another subject.']));
    expect(r.summary).toMatchObject({ added: 1, removed: 1 });
  });

  it('counts the words of a small edit exactly', () => {
    const r = compareSections(version(['s', 'S', 'the cat sat on the mat']), version(['s', 'S', 'the dog sat on the red mat']));
    expect(byKey(r).get('s')).toMatchObject({ change: 'MODIFIED', wordsAdded: 2, wordsRemoved: 1 });
    expect(byKey(r).get('s')!.diff.filter((p) => p.kind !== 'SAME').map((p) => p.text.trim())).toEqual(['cat', 'dog', 'red']);
  });

  it('places a removed section after its predecessor, or first when it had none', () => {
    expect(compareSections(version(A, B, C), version(A, C)).sections.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    expect(compareSections(version(A, B, C), version(B, C)).sections.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    expect(compareSections(version(A, B, C), version(C, A)).sections.map((s) => `${s.key}:${s.change}`)).toEqual([
      'c:UNCHANGED',
      'a:UNCHANGED',
      'b:REMOVED',
    ]);
  });

  it('sums the words of every section into the summary', () => {
    const r = compareSections(version(A, B), version(['a', 'Alpha', 'Rewritten entirely now.'], C));
    expect(r.summary.wordsAdded).toBe(r.sections.reduce((n, s) => n + s.wordsAdded, 0));
    expect(r.summary.wordsRemoved).toBe(r.sections.reduce((n, s) => n + s.wordsRemoved, 0));
  });
});

describe('comparison properties', () => {
  const words = ['need', 'help', 'child', 'partner', 'review', 'duty', 'share', 'report', 'local', 'plan'];
  const sectionsArb = fc
    .uniqueArray(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'), { maxLength: 8 })
    .chain((keys) =>
      fc.tuple(
        ...keys.map((key) =>
          fc.record({
            key: fc.constant(key),
            heading: fc.constantFrom('One', 'Two', 'Three'),
            body: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')),
          }),
        ),
      ),
    )
    .map((list) => list.map((s, i) => ({ ...s, position: i + 1 })));

  it('accounts for every section once, sums its summary, and keeps unmoved pairs in order', () => {
    fc.assert(
      fc.property(sectionsArb, sectionsArb, (from, to) => {
        const r = compareSections(from, to);
        const fromKeys = r.sections.map((s) => s.fromKey).filter((k) => k !== null);
        const toKeys = r.sections.map((s) => s.toKey).filter((k) => k !== null);
        expect([...fromKeys].sort()).toEqual(from.map((s) => s.key).sort());
        expect([...toKeys].sort()).toEqual(to.map((s) => s.key).sort());
        const count = (c: string) => r.sections.filter((s) => s.change === c).length;
        expect(r.summary).toMatchObject({
          added: count('ADDED'),
          removed: count('REMOVED'),
          modified: count('MODIFIED'),
          unchanged: count('UNCHANGED'),
          moved: r.sections.filter((s) => s.moved).length,
        });
        const stayed = r.sections.filter((s) => s.fromPosition !== null && s.toPosition !== null && !s.moved);
        stayed.forEach((s, i) => i > 0 && expect(s.fromPosition!).toBeGreaterThan(stayed[i - 1]!.fromPosition!));
      }),
    );
  });

  it('finds nothing changed between a version and itself', () => {
    fc.assert(
      fc.property(sectionsArb, (v) => {
        const r = compareSections(v, v);
        expect(r.sections.every((s) => s.change === 'UNCHANGED' && !s.moved)).toBe(true);
      }),
    );
  });
});
