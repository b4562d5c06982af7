// wordsAdded − wordsRemoved must equal the change in word count, for sections and paragraphs,
// whatever the punctuation does (it used to be off by a word when a full stop stood alone).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSections, countWords } from '../../src/domain/documents/compare.ts';
import { compareParagraphs } from '../../src/domain/documents/paragraphs.ts';
import { splitParagraphs } from '../../src/domain/documents/structure.ts';

const section = (body: string) => [{ key: 'k', heading: 'K', body, position: 1 }];

const word = fc.constantFrom('duty', 'child', 'plan', 'Plan', 'review', 'partner', 'report', 'end');
const mark = fc.constantFrom('', '', '.', ',', ';', '!', ' .', ' ,', '—', '(', ')');
const space = fc.constantFrom(' ', ' ', '  ', '\n', '\n\n');
const text = fc.array(fc.tuple(word, mark, space), { maxLength: 30 }).map((xs) =>
  xs
    .map(([w, m, s]) => `${w}${m}${s}`)
    .join('')
    .trim(),
);

describe('words added and removed', () => {
  it('given "end" becoming "end.", when compared, then one word is replaced and the count is unchanged', () => {
    const [s] = compareSections(section('The end'), section('The end.')).sections;
    expect([s!.wordsAdded, s!.wordsRemoved]).toEqual([1, 1]);
  });

  it('given a full stop standing alone that is removed, when compared, then one word is removed', () => {
    const [s] = compareSections(section('It ends here .'), section('It ends here')).sections;
    expect([s!.wordsAdded, s!.wordsRemoved]).toEqual([0, 1]);
  });

  it('given any two bodies, when compared by section, then wordsAdded − wordsRemoved is the change in word count', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const r = compareSections(section(a), section(b));
        const [s] = r.sections.filter((x) => x.change !== 'REMOVED' || r.sections.length === 1);
        const added = r.sections.reduce((n, x) => n + x.wordsAdded, 0);
        const removed = r.sections.reduce((n, x) => n + x.wordsRemoved, 0);
        expect(added - removed).toBe(countWords(b) - countWords(a));
        expect(s!.wordsAdded).toBeGreaterThanOrEqual(0);
        expect(s!.wordsRemoved).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('given any two versions, when compared by paragraph, then each paragraph and the whole agree with the word counts', () => {
    const body = fc.array(text, { minLength: 1, maxLength: 5 }).map((ps) => ps.filter((p) => p !== '').join('\n\n'));
    fc.assert(
      fc.property(body, body, (a, b) => {
        const { paragraphs } = compareParagraphs(section(a), section(b));
        let net = 0;
        for (const p of paragraphs) {
          const before = p.fromIndex === null ? 0 : countWords(splitParagraphs(a)[p.fromIndex - 1]!);
          const after = p.change === 'REMOVED' ? 0 : countWords(p.text);
          expect(p.wordsAdded - p.wordsRemoved).toBe(after - before);
          net += p.wordsAdded - p.wordsRemoved;
        }
        expect(net).toBe(countWords(b) - countWords(a));
      }),
      { numRuns: 300 },
    );
  });
});
