import { describe, expect, it } from 'vitest';
import { similarPairs } from '../../src/domain/documents/pairing.ts';
import { overlap, SIMILARITY_THRESHOLD, Vocabulary } from '../../src/domain/documents/similarity.ts';

/** Deterministic paragraphs of many distinct words, so that word and pair ids outgrow the vocabulary's first arrays. */
function paragraphs(seed: number, count: number, words: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: words }, () => `w${next() % 5000}`).join(' '));
}

/** Each paragraph with about one word in `every` replaced, and the list reversed. */
function edited(texts: string[], every: number): string[] {
  return texts
    .map((t) =>
      t
        .split(' ')
        .map((w, k) => (k % every === 0 ? `edit${k}` : w))
        .join(' '),
    )
    .reverse();
}

describe('similarity over a shared vocabulary', () => {
  it('given a vocabulary already used for other texts, when pairing, then the pairs and scores are those of a fresh vocabulary', () => {
    const from = paragraphs(1, 60, 80);
    const to = edited(from, 6);
    const fresh = similarPairs(from, to);
    expect(fresh.length).toBe(60);

    const shared = new Vocabulary();
    similarPairs(paragraphs(2, 30, 80), edited(paragraphs(2, 30, 80), 4), SIMILARITY_THRESHOLD, shared);
    expect(similarPairs(from, to, SIMILARITY_THRESHOLD, shared)).toEqual(fresh);
    // And again, every text now known: the same answer from the kept counts.
    expect(similarPairs(from, to, SIMILARITY_THRESHOLD, shared)).toEqual(fresh);
  });
});

describe('overlap', () => {
  const [a, b, c] = paragraphs(7, 3, 30);

  it('given a text held whole within a longer one, then it is 1 either way round, where similarity falls with the added text', () => {
    expect(overlap(a!, `${b}\n\n${a}\n\n${c}`)).toBe(1);
    expect(overlap(`${b}\n\n${a}\n\n${c}`, a!)).toBe(1);
    expect(similarPairs([a!], [`${b}\n\n${a}\n\n${c}`], 0)[0]!.score).toBeLessThan(SIMILARITY_THRESHOLD);
  });

  it('given the same words in another order, then words overlap fully and pairs do not', () => {
    const reversed = a!.split(' ').reverse().join(' ');
    const score = overlap(a!, reversed);
    expect(score).toBeGreaterThanOrEqual(0.5);
    expect(score).toBeLessThan(0.6);
  });

  it('given a body without words, or one-word bodies, then it is 0, or decided by words alone', () => {
    expect(overlap('', a!)).toBe(0);
    expect(overlap('— …', a!)).toBe(0);
    expect(overlap('Schools', 'schools')).toBe(1);
    expect(overlap('Schools', 'colleges')).toBe(0);
  });

  it('given a vocabulary shared with other scoring, then the answer is the same and the vocabulary is left clean for the next', () => {
    const vocabulary = new Vocabulary();
    const first = overlap(a!, `${a} ${b}`, vocabulary);
    expect(overlap(a!, `${a} ${b}`, vocabulary)).toBe(first);
    expect(vocabulary.wordSpread.every((n) => n === 0)).toBe(true);
    expect(vocabulary.pairSpread.every((n) => n === 0)).toBe(true);
    expect(similarPairs([a!], [a!], SIMILARITY_THRESHOLD, vocabulary)[0]!.score).toBe(1);
  });
});
