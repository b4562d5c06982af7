import { describe, expect, it } from 'vitest';
import { similarPairs } from '../../src/domain/documents/pairing.ts';
import { SIMILARITY_THRESHOLD, Vocabulary } from '../../src/domain/documents/similarity.ts';

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
