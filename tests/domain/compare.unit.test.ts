import { diffWords } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareSections,
  countWords,
  SIMILARITY_THRESHOLD,
  type SectionChange,
  type SectionComparison,
  type SectionText,
} from '../../src/domain/documents/compare.ts';

type Spec = [key: string, heading: string, body: string];

const version = (...sections: Spec[]): SectionText[] =>
  sections.map(([key, heading, body], i) => ({ key, heading, body, position: i + 1 }));

const A: Spec = ['a', 'Alpha', 'The first section talks about assessment of need.'];
const B: Spec = ['b', 'Beta', 'The second section describes organisational duties in detail.'];
const C: Spec = ['c', 'Gamma', 'The third section covers multi-agency arrangements and partners.'];
const D: Spec = ['d', 'Delta', 'The fourth section is about child death reviews and panels.'];

const keyed = (r: SectionComparison) => new Map(r.sections.map((s) => [s.key, s]));
const keys = (r: SectionComparison) => r.sections.map((s) => s.key);
const movedKeys = (r: SectionComparison) => r.sections.filter((s) => s.moved).map((s) => s.key);

describe('countWords', () => {
  it('given text, when counted, then counts runs of non-whitespace', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  \n ')).toBe(0);
    expect(countWords(' one  two,\tthree\nfour. ')).toBe(4);
  });

  it('given any text with every kind of white space, when counted, then agrees with /\\S+/g', () => {
    const spaces = [
      ' ',
      '\t',
      '\n',
      '\v',
      '\f',
      '\r',
      '\u00a0',
      '\u1680',
      '\u2003',
      '\u200a',
      '\u200b',
      '\u2028',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
      '\u0085',
    ];
    const piece = fc.oneof(fc.constantFrom(...spaces), fc.string({ unit: 'grapheme', maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(countWords(text)).toBe(text.match(/\S+/g)?.length ?? 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('compareSections: pairing and change types', () => {
  it('given identical versions, when compared, then every section is UNCHANGED, matched by key, and nothing counts', () => {
    // given
    const v = version(A, B, C);
    // when
    const r = compareSections(v, version(A, B, C));
    // then
    expect(r.summary).toEqual({
      added: 0,
      removed: 0,
      modified: 0,
      unchanged: 3,
      moved: 0,
      renamed: 0,
      wordsAdded: 0,
      wordsRemoved: 0,
    });
    expect(keys(r)).toEqual(['a', 'b', 'c']);
    for (const s of r.sections) {
      expect(s).toMatchObject({
        change: 'UNCHANGED',
        matchedBy: 'KEY',
        similarity: null,
        moved: false,
        renamed: false,
      });
      expect(s.diff).toEqual([{ kind: 'SAME', text: v.find((x) => x.key === s.key)!.body }]);
    }
  });

  it('given an unchanged empty body, when compared, then its diff has no parts', () => {
    const r = compareSections(version(['e', 'Empty', '']), version(['e', 'Empty', '']));
    expect(r.sections[0]).toMatchObject({ change: 'UNCHANGED', diff: [] });
  });

  it('given only a heading change, when compared, then the section is UNCHANGED and renamed', () => {
    const r = compareSections(version(A, B), version(A, ['b', 'Beta renamed', B[2]]));
    expect(keyed(r).get('b')).toMatchObject({
      change: 'UNCHANGED',
      renamed: true,
      fromHeading: 'Beta',
      toHeading: 'Beta renamed',
      wordsAdded: 0,
      wordsRemoved: 0,
    });
    expect(r.summary).toMatchObject({ unchanged: 2, modified: 0, renamed: 1 });
  });

  it('given a body and heading both changed, when compared, then the section is MODIFIED and renamed', () => {
    const r = compareSections(
      version(A),
      version(['a', 'Alpha two', 'The first section talks about assessment of risk.']),
    );
    expect(r.sections[0]).toMatchObject({ change: 'MODIFIED', renamed: true, wordsAdded: 1, wordsRemoved: 1 });
  });

  it('given a section inserted at the top, when compared, then it is ADDED with its words and nothing is moved', () => {
    // given
    const inserted: Spec = ['new', 'New', 'Fresh words here.'];
    // when
    const r = compareSections(version(A, B, C), version(inserted, A, B, C));
    // then
    expect(keyed(r).get('new')).toMatchObject({
      change: 'ADDED',
      fromKey: null,
      toKey: 'new',
      fromPosition: null,
      toPosition: 1,
      matchedBy: null,
      wordsAdded: 3,
      wordsRemoved: 0,
      diff: [{ kind: 'ADDED', text: 'Fresh words here.' }],
    });
    expect(r.summary).toMatchObject({ added: 1, unchanged: 3, moved: 0 });
    expect(keys(r)).toEqual(['new', 'a', 'b', 'c']);
  });

  it('given a section removed, when compared, then it is REMOVED with its words and nothing is moved', () => {
    const r = compareSections(version(A, B, C, D), version(A, C, D));
    expect(keyed(r).get('b')).toMatchObject({
      change: 'REMOVED',
      fromKey: 'b',
      toKey: null,
      fromPosition: 2,
      toPosition: null,
      matchedBy: null,
      wordsAdded: 0,
      wordsRemoved: 8,
      diff: [{ kind: 'REMOVED', text: B[2] }],
    });
    expect(r.summary).toMatchObject({ removed: 1, moved: 0, wordsRemoved: 8 });
  });
});

describe('compareSections: matching by similarity', () => {
  it('given a new key over nearly the same body, when compared, then one pair is matched by similarity with its score', () => {
    // given: ten words, then the same ten and one more
    const body = 'local partners must share information about children at risk quickly';
    // when
    const r = compareSections(version(A, ['old', 'Sharing', body]), version(A, ['new', 'Sharing', `${body} today`]));
    // then: words 2·10/21, pairs 2·9/19, mean ≈ 0.9499
    expect(r.sections).toHaveLength(2);
    expect(keyed(r).get('new')).toMatchObject({
      change: 'MODIFIED',
      matchedBy: 'SIMILARITY',
      key: 'new',
      fromKey: 'old',
      toKey: 'new',
      similarity: 0.95,
      wordsAdded: 1,
      wordsRemoved: 0,
    });
    expect(r.summary).toMatchObject({ added: 0, removed: 0, modified: 1 });
  });

  it('given a new key over the identical body, when compared, then the pair is UNCHANGED with similarity 1', () => {
    const r = compareSections(version(A, B), version(A, ['b2', 'Beta', B[2]]));
    expect(keyed(r).get('b2')).toMatchObject({
      change: 'UNCHANGED',
      matchedBy: 'SIMILARITY',
      fromKey: 'b',
      similarity: 1,
    });
  });

  it('given a new key over a different body, when compared, then one section is ADDED and one REMOVED', () => {
    const r = compareSections(
      version(A, B),
      version(A, ['z', 'Zed', 'Completely unrelated prose on another subject.']),
    );
    expect(r.summary).toMatchObject({ added: 1, removed: 1, modified: 0 });
    expect(keyed(r).get('z')).toMatchObject({ change: 'ADDED', matchedBy: null, similarity: null });
    expect(keyed(r).get('b')).toMatchObject({ change: 'REMOVED', matchedBy: null, similarity: null });
  });

  it('given the same words in another order, when compared, then they are not taken for one section (word pairs count)', () => {
    // Every word is shared, but no adjacent pair: words score 1, pairs 0, mean 0.5.
    const r = compareSections(
      version(['x', 'X', 'alpha beta gamma delta epsilon zeta']),
      version(['y', 'Y', 'zeta epsilon delta gamma beta alpha']),
    );
    expect(r.summary).toMatchObject({ added: 1, removed: 1 });
  });

  it('given a score exactly at the threshold, when compared, then the pair is accepted', () => {
    // All six words shared (1) and one of five pairs (2·1/10): mean exactly 0.6.
    const r = compareSections(
      version(['x', 'X', 'alpha beta gamma delta epsilon zeta']),
      version(['y', 'Y', 'alpha beta delta zeta gamma epsilon']),
    );
    expect(SIMILARITY_THRESHOLD).toBe(0.6);
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0]).toMatchObject({ matchedBy: 'SIMILARITY', similarity: 0.6 });
  });

  it('given two candidates for one removed section, when compared, then the more similar one is paired, whatever its place', () => {
    const base = 'the board reviews each serious incident and publishes what it learned within six months';
    const r = compareSections(
      version(['old', 'Reviews', base]),
      version(
        ['rough', 'Reviews', base.replace('each serious incident', 'every serious case').replace('six', 'three')],
        ['close', 'Reviews', base.replace('six', 'three')],
      ),
    );
    expect(keyed(r).get('close')).toMatchObject({ matchedBy: 'SIMILARITY', fromKey: 'old' });
    expect(keyed(r).get('rough')).toMatchObject({ change: 'ADDED' });
  });

  it('given a key kept, when compared, then it is matched by key even if another body is more alike', () => {
    const r = compareSections(version(['k', 'K', B[2]]), version(['k', 'K', A[2]], ['other', 'O', B[2]]));
    expect(keyed(r).get('k')).toMatchObject({ matchedBy: 'KEY', change: 'MODIFIED' });
    expect(keyed(r).get('other')).toMatchObject({ change: 'ADDED' });
  });

  it('given empty bodies under new keys, when compared, then they are not paired', () => {
    const r = compareSections(version(['x', 'X', '']), version(['y', 'Y', '']));
    expect(r.summary).toMatchObject({ added: 1, removed: 1 });
  });
});

describe('compareSections: moves', () => {
  it('given a section moved from third to first, when compared, then only it is moved', () => {
    const r = compareSections(version(A, B, C, D), version(C, A, B, D));
    expect(movedKeys(r)).toEqual(['c']);
    expect(r.summary.moved).toBe(1);
  });

  it('given two adjacent sections swapped, when compared, then exactly one is moved: the one now second', () => {
    const r = compareSections(version(A, B, C), version(B, A, C));
    expect(movedKeys(r)).toEqual(['a']);
  });

  it('given sections pushed down by an insertion and up by a removal, when compared, then none is moved', () => {
    const r = compareSections(version(A, B, C, D), version(['n', 'New', 'Inserted text.'], A, C, D));
    expect(r.summary).toMatchObject({ added: 1, removed: 1, moved: 0 });
  });

  it('given a section matched by similarity that changed place, when compared, then it is moved', () => {
    const r = compareSections(version(A, B, C), version(['c2', 'Gamma', C[2]], A, B));
    expect(movedKeys(r)).toEqual(['c2']);
  });
});

describe('compareSections: words', () => {
  it('given a small edited sentence, when compared, then the words added and removed are counted exactly', () => {
    const r = compareSections(
      version(['s', 'S', 'the cat sat on the mat']),
      version(['s', 'S', 'the dog sat on the red mat']),
    );
    expect(r.sections[0]).toMatchObject({ change: 'MODIFIED', wordsAdded: 2, wordsRemoved: 1 });
    expect(r.sections[0]!.diff).toEqual([
      { kind: 'SAME', text: 'the ' },
      { kind: 'REMOVED', text: 'cat' },
      { kind: 'ADDED', text: 'dog' },
      { kind: 'SAME', text: ' sat on the ' },
      { kind: 'ADDED', text: 'red ' },
      { kind: 'SAME', text: 'mat' },
    ]);
  });

  it('given one word changed in a long body, when compared, then only that word is reported, amid unchanged text', () => {
    // given
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says something about duty ${i}.`);
    const edited = [...sentences];
    edited[20] = 'Sentence number 20 says something about responsibility 20.';
    // when
    const r = compareSections(version(['s', 'S', sentences.join(' ')]), version(['s', 'S', edited.join(' ')]));
    // then
    const s = r.sections[0]!;
    expect(s).toMatchObject({ wordsAdded: 1, wordsRemoved: 1 });
    expect(s.diff.map((p) => p.kind)).toEqual(['SAME', 'REMOVED', 'ADDED', 'SAME']);
    expect(s.diff.filter((p) => p.kind !== 'SAME').map((p) => p.text)).toEqual(['duty', 'responsibility']);
  });

  it('given a passage rewritten beyond recognition, when compared, then it is shown removed and re-added whole', () => {
    // The same 300 words reversed: a word-by-word diff would be confetti around a few chance matches.
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`);
    const from = words.join(' ');
    const to = [...words].reverse().join(' ');
    const r = compareSections(version(['s', 'S', from]), version(['s', 'S', to]));
    expect(r.sections[0]).toMatchObject({
      change: 'MODIFIED',
      wordsAdded: 300,
      wordsRemoved: 300,
      diff: [
        { kind: 'REMOVED', text: from },
        { kind: 'ADDED', text: to },
      ],
    });
  });

  it('given several changes, when compared, then the summary totals are the sums over the sections', () => {
    const r = compareSections(version(A, B, C), version(['a', 'Alpha', 'Rewritten entirely now.'], C, D));
    const sum = (f: (s: SectionChange) => number) => r.sections.reduce((n, s) => n + f(s), 0);
    expect(r.summary.wordsAdded).toBe(sum((s) => s.wordsAdded));
    expect(r.summary.wordsRemoved).toBe(sum((s) => s.wordsRemoved));
    // a rewritten (3 words in, 8 out), b removed (8 out), d added (10 in)
    expect(r.summary).toMatchObject({
      added: 1,
      removed: 1,
      modified: 1,
      unchanged: 1,
      wordsAdded: 3 + 10,
      wordsRemoved: 8 + 8,
    });
  });
});

describe('compareSections: order of the result', () => {
  it('given a section removed from the middle, when compared, then it follows its predecessor', () => {
    const r = compareSections(version(A, B, C), version(A, C));
    expect(r.sections.map((s) => `${s.key}:${s.change}`)).toEqual(['a:UNCHANGED', 'b:REMOVED', 'c:UNCHANGED']);
  });

  it('given the first section removed, when compared, then it comes first', () => {
    const r = compareSections(version(A, B, C), version(['n', 'New', 'Inserted text.'], B, C));
    expect(r.sections.map((s) => `${s.key}:${s.change}`)).toEqual([
      'a:REMOVED',
      'n:ADDED',
      'b:UNCHANGED',
      'c:UNCHANGED',
    ]);
  });

  it('given a run of removed sections, when compared, then they stay together in their earlier order', () => {
    const r = compareSections(version(A, B, C, D), version(A, D));
    expect(keys(r)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('given a removed section whose predecessor moved, when compared, then it follows the predecessor to its new place', () => {
    const r = compareSections(version(A, B, C), version(C, A));
    expect(r.sections.map((s) => `${s.key}:${s.change}`)).toEqual(['c:UNCHANGED', 'a:UNCHANGED', 'b:REMOVED']);
  });
});

describe('compareSections: speed', () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `word${i.toString(36)}`);
  // Common words often, rare ones seldom, as in prose.
  const sentence = () =>
    `${Array.from({ length: 8 + Math.floor(random() * 20) }, () => vocabulary[Math.floor(random() ** 2.5 * vocabulary.length)]).join(' ')}.`;
  const body = (words: number) => {
    const out: string[] = [];
    for (let n = 0; n < words; n += out.at(-1)!.split(' ').length) out.push(sentence());
    return out.join(' ');
  };
  const edit = (text: string) => {
    const s = text.split(/(?<=\.) /);
    for (let k = 0; k < 3; k += 1) {
      const i = Math.floor(random() * s.length);
      if (k === 0) s[i] = sentence();
      else if (k === 1) s.splice(i, 0, sentence());
      else s[i] = s[i]!.replace(/word\w+/, 'changed');
    }
    return s.join(' ');
  };
  const sections = (prefix: string, n: number, words: number) =>
    version(...Array.from({ length: n }, (_, i): Spec => [`${prefix}${i}`, `H${i}`, body(words)]));
  const timed = (f: () => SectionComparison) => {
    const start = performance.now();
    const result = f();
    return { result, ms: performance.now() - start };
  };

  it('given two versions of ~60,000 words in 100 sections, each edited, when compared, then it takes well under a second', () => {
    const from = sections('s', 100, 600);
    const to = from.map((s) => ({ ...s, body: edit(s.body) }));
    const { result, ms } = timed(() => compareSections(from, to));
    expect(result.summary.modified).toBe(100);
    expect(ms).toBeLessThan(1000);
  });

  it('given 200 sections of ~1,000 words left unmatched on each side, when compared, then similarity pairs the right ones quickly', () => {
    // given: of 200 sections, half re-keyed and edited, half dropped; and 100 unrelated new ones
    const from = sections('old', 200, 1000);
    const to = version(
      ...from.slice(0, 100).map((s, i): Spec => [`new${i}`, s.heading, edit(s.body)]),
      ...sections('fresh', 100, 1000).map((s): Spec => [s.key, s.heading, s.body]),
    );
    // when
    const { result, ms } = timed(() => compareSections(from, to));
    // then
    expect(result.summary).toMatchObject({ modified: 100, added: 100, removed: 100 });
    const matched = result.sections.filter((s) => s.matchedBy === 'SIMILARITY');
    expect(matched.every((s) => s.fromKey!.slice(3) === s.toKey!.slice(3))).toBe(true);
    // Typically a few hundred milliseconds; generous for a busy machine.
    expect(ms).toBeLessThan(3000);
  });
});

describe('compareSections: properties', () => {
  // Bodies drawn from a few base texts, some lightly edited, so keys, similarity matches, additions
  // and removals all occur.
  const bases = [
    'Local authorities must assess the needs of children in their area and provide help early.',
    'Safeguarding partners agree arrangements to work together; they publish a yearly report.',
    'Every child death is reviewed so that lessons are learned and shared with partners.',
    'Schools and colleges have a duty to keep children safe; staff receive training each year.',
    'Short note.',
  ];
  const bodyArb = fc.oneof(
    fc.constantFrom(...bases),
    fc
      .tuple(fc.constantFrom(...bases), fc.constantFrom('quickly', 'now', 'carefully', 'with care.'))
      .map(([b, w]) => `${b} ${w}`),
    fc.tuple(fc.constantFrom(...bases), fc.nat()).map(([b, n]) => {
      const words = b.split(' ');
      words[n % words.length] = 'changed';
      return words.join(' ');
    }),
    fc.constant(''),
  );
  const versionArb = fc
    .uniqueArray(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'), { maxLength: 8 })
    .chain((ks) =>
      fc.tuple(
        ...ks.map((key) => fc.record({ key: fc.constant(key), heading: fc.constantFrom('One', 'Two'), body: bodyArb })),
      ),
    )
    .map((list): SectionText[] => list.map((s, i) => ({ ...s, position: i + 1 })));

  /** Length of a longest increasing subsequence, the slow and obvious way. */
  const lisLength = (xs: number[]) => {
    const best = xs.map(() => 1);
    for (let i = 0; i < xs.length; i += 1)
      for (let j = 0; j < i; j += 1) if (xs[j]! < xs[i]!) best[i] = Math.max(best[i]!, best[j]! + 1);
    return Math.max(0, ...best);
  };

  it('accounts for every section exactly once, on each side', () => {
    fc.assert(
      fc.property(versionArb, versionArb, (from, to) => {
        const r = compareSections(from, to);
        const fromKeys = r.sections.flatMap((s) => (s.fromKey === null ? [] : [s.fromKey]));
        const toKeys = r.sections.flatMap((s) => (s.toKey === null ? [] : [s.toKey]));
        expect(fromKeys.sort()).toEqual(from.map((s) => s.key).sort());
        expect(toKeys.sort()).toEqual(to.map((s) => s.key).sort());
        for (const s of r.sections) {
          expect(s.key).toBe(s.toKey ?? s.fromKey);
          expect(s.matchedBy === null).toBe(s.change === 'ADDED' || s.change === 'REMOVED');
          if (s.matchedBy === 'SIMILARITY') expect(s.similarity).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
          else expect(s.similarity).toBeNull();
        }
      }),
    );
  });

  it('finds nothing changed between a version and itself', () => {
    fc.assert(
      fc.property(versionArb, (v) => {
        const r = compareSections(v, v);
        expect(
          r.sections.every((s) => s.change === 'UNCHANGED' && s.matchedBy === 'KEY' && !s.moved && !s.renamed),
        ).toBe(true);
        expect(r.summary).toMatchObject({ wordsAdded: 0, wordsRemoved: 0, moved: 0 });
      }),
    );
  });

  it('gives a summary equal to the counts and sums over the sections', () => {
    fc.assert(
      fc.property(versionArb, versionArb, (from, to) => {
        const r = compareSections(from, to);
        const count = (p: (s: SectionChange) => boolean) => r.sections.filter(p).length;
        const sum = (f: (s: SectionChange) => number) => r.sections.reduce((n, s) => n + f(s), 0);
        expect(r.summary).toEqual({
          added: count((s) => s.change === 'ADDED'),
          removed: count((s) => s.change === 'REMOVED'),
          modified: count((s) => s.change === 'MODIFIED'),
          unchanged: count((s) => s.change === 'UNCHANGED'),
          moved: count((s) => s.moved),
          renamed: count((s) => s.renamed),
          wordsAdded: sum((s) => s.wordsAdded),
          wordsRemoved: sum((s) => s.wordsRemoved),
        });
      }),
    );
  });

  it('keeps unmoved pairs in their earlier order, and moves as few as possible', () => {
    fc.assert(
      fc.property(versionArb, versionArb, (from, to) => {
        const r = compareSections(from, to);
        const pairs = r.sections.filter((s) => s.fromPosition !== null && s.toPosition !== null);
        const stayed = pairs.filter((s) => !s.moved).map((s) => s.fromPosition!);
        expect(stayed).toEqual([...stayed].sort((x, y) => x - y));
        expect(r.summary.moved).toBe(pairs.length - lisLength(pairs.map((s) => s.fromPosition!)));
      }),
    );
  });

  it('lists the later version in its order, each removed section right after its predecessor', () => {
    fc.assert(
      fc.property(versionArb, versionArb, (from, to) => {
        const r = compareSections(from, to);
        expect(r.sections.flatMap((s) => (s.toPosition === null ? [] : [s.toPosition]))).toEqual(
          to.map((s) => s.position),
        );
        r.sections.forEach((s, i) => {
          if (s.change !== 'REMOVED') return;
          if (s.fromPosition === 1) expect(i).toBe(0);
          else expect(r.sections[i - 1]!.fromPosition).toBe(s.fromPosition! - 1);
        });
      }),
    );
  });

  it('gives a diff that spells the later body exactly and the earlier one up to whitespace', () => {
    const textArb = fc
      .array(
        fc.oneof(
          fc.constantFrom('duty', 'child', 'plan', 'Plan', 'review', 'partner', 'report'),
          fc.constantFrom('.', ',', ' ', '\n', '! ', '. '),
        ),
        {
          maxLength: 40,
        },
      )
      .map((xs) => xs.join(' '));
    fc.assert(
      fc.property(textArb, textArb, (a, b) => {
        const [s] = compareSections(version(['k', 'K', a]), version(['k', 'K', b])).sections;
        const spell = (without: string) =>
          s!.diff
            .filter((p) => p.kind !== without)
            .map((p) => p.text)
            .join('');
        expect(spell('REMOVED')).toBe(b);
        expect(spell('ADDED').replace(/\s+/g, '')).toBe(a.replace(/\s+/g, ''));
        expect(s!.diff.every((p) => p.text !== '')).toBe(true);
        expect(s!.wordsAdded - s!.wordsRemoved).toBe(countWords(b) - countWords(a));
      }),
    );
  });

  it('counts a sentence removed or added whole as exactly its words', () => {
    const sentenceArb = fc
      .array(fc.constantFrom('duty', 'child', 'plan', 'review', 'partner', 'report', 'local', 'share'), {
        minLength: 1,
        maxLength: 8,
      })
      .map((w) => `${w.join(' ')}.`);
    const caseArb = fc.record({
      sentences: fc.array(fc.tuple(sentenceArb, fc.boolean()), { minLength: 1, maxLength: 12 }),
      inserting: fc.boolean(),
    });
    fc.assert(
      fc.property(caseArb, ({ sentences, inserting }) => {
        // given: a body, and the same body without the sentences flagged
        const all = sentences.map(([text]) => text).join(' ');
        const kept = sentences.flatMap(([text, flagged]) => (flagged ? [] : [text])).join(' ');
        const flaggedWords = sentences.reduce((n, [text, flagged]) => n + (flagged ? countWords(text) : 0), 0);
        // when: the flagged sentences are taken out, or put in
        const [s] = inserting
          ? compareSections(version(['k', 'K', kept]), version(['k', 'K', all])).sections
          : compareSections(version(['k', 'K', all]), version(['k', 'K', kept])).sections;
        // then
        expect([s!.wordsAdded, s!.wordsRemoved]).toEqual(inserting ? [flaggedWords, 0] : [0, flaggedWords]);
      }),
    );
  });

  it('agrees with diffWords on the whole bodies for a small edit inside one sentence', () => {
    const a = 'Partners meet each quarter. They review cases and agree actions. The chair reports yearly.';
    const b =
      'Partners meet each quarter. They review serious cases and agree joint actions. The chair reports yearly.';
    const [s] = compareSections(version(['k', 'K', a]), version(['k', 'K', b])).sections;
    const whole = diffWords(a, b).map((p) => ({
      kind: p.added ? 'ADDED' : p.removed ? 'REMOVED' : 'SAME',
      text: p.value,
    }));
    expect(s!.diff).toEqual(whole);
    expect(s).toMatchObject({ wordsAdded: 2, wordsRemoved: 0 });
  });
});
