// Blame's answer on the documents bench's fixture is pinned, so that work on blame's speed
// (pairing, similarity, vocabulary) can show it changed nothing a reader sees.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { benchBlameVersions } from '../../bench/lib/blameFixture.ts';
import { blame } from '../../src/domain/documents/blame.ts';

describe('blame on the bench fixture', () => {
  it('given the 20 ~60,000-word versions of the documents bench, when blamed, then the answer is the recorded one', () => {
    const blamed = blame(benchBlameVersions());
    // Recorded from the straightforward pairing (main at 52e23cd, before the shared vocabulary);
    // `npx tsx bench/blameCpu.ts` prints the same hash with blame's CPU time.
    expect(createHash('sha256').update(JSON.stringify(blamed)).digest('hex')).toBe(
      'f6382c3033e1ff5e7079161e507369023227502d1a6ed21e341f05614524f178',
    );
    // The pinned answer is a real history: paragraphs from the first version survive, and later
    // versions both introduced and changed paragraphs.
    expect(blamed.some((p) => p.introducedIn === 0)).toBe(true);
    expect(blamed.some((p) => p.introducedIn > 0)).toBe(true);
    expect(blamed.some((p) => p.lastChangedIn > p.introducedIn)).toBe(true);
    expect(blamed.every((p) => p.introducedIn <= p.lastChangedIn && p.lastChangedIn <= 19)).toBe(true);
  });
});
