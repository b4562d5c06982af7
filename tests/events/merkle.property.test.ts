// The Merkle tree against RFC 6962's published test vectors (the eight-leaf tree every Certificate
// Transparency implementation checks), then properties over random logs: every proof the tree
// gives verifies, and a proof, root or leaf with one bit flipped does not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyPath,
  EMPTY_ROOT,
  inclusionPath,
  leafHash,
  MemoryTree,
  rootHash,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from '../../src/events/merkle.ts';

const unhex = (h: string): Buffer => Buffer.from(h, 'hex');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// RFC 6962 test data: the leaves' input bytes, then MTH of the first n leaves for n = 1..8.
const INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION = [
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CONSISTENCY = [
  {
    from: 1,
    to: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    path: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    path: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const vectorTree = () => new MemoryTree(INPUTS.map((h) => leafHash(unhex(h))));

describe('RFC 6962 test vectors', () => {
  it('gives the published root for every size from 0 to 8', () => {
    const tree = vectorTree();
    expect(hex(rootHash(tree, 0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(ROOTS.map((_, i) => hex(rootHash(tree, i + 1)))).toEqual(ROOTS);
  });

  it('gives and accepts the published inclusion proofs', () => {
    const tree = vectorTree();
    for (const v of INCLUSION) {
      expect(inclusionPath(tree, v.index, v.size).map(hex)).toEqual(v.path);
      expect(
        verifyInclusion(tree.node(0, v.index), v.index, v.size, v.path.map(unhex), unhex(ROOTS[v.size - 1]!)),
      ).toBe(true);
    }
  });

  it('gives and accepts the published consistency proofs', () => {
    const tree = vectorTree();
    for (const v of CONSISTENCY) {
      expect(consistencyPath(tree, v.from, v.to).map(hex)).toEqual(v.path);
      expect(
        verifyConsistency(v.from, v.to, unhex(ROOTS[v.from - 1]!), unhex(ROOTS[v.to - 1]!), v.path.map(unhex)),
      ).toBe(true);
    }
  });

  it('splits at the largest power of two below n, not at the midpoint', () => {
    expect([2, 3, 5, 6, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 4, 4, 4, 8, 512]);
  });

  it('refuses sizes and indexes outside the tree', () => {
    const tree = vectorTree();
    expect(() => inclusionPath(tree, 8, 8)).toThrow(RangeError);
    expect(() => consistencyPath(tree, 0, 8)).toThrow(RangeError);
    expect(() => consistencyPath(tree, 5, 3)).toThrow(RangeError);
    expect(verifyInclusion(tree.node(0, 5), 8, 8, INCLUSION[1]!.path.map(unhex), unhex(ROOTS[7]!))).toBe(false);
    expect(verifyConsistency(0, 8, EMPTY_ROOT, unhex(ROOTS[7]!), [])).toBe(true);
    expect(verifyConsistency(8, 8, unhex(ROOTS[7]!), unhex(ROOTS[6]!), [])).toBe(false);
  });
});

/** Flips one bit of one of the hashes. */
function flip(hashes: readonly Buffer[], which: number, bit: number): Buffer[] {
  return hashes.map((h, i) => {
    if (i !== which) return h;
    const copy = Buffer.from(h);
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  });
}

// A random log of 1..300 leaves and two sizes m ≤ n in it, with a leaf index below m.
const scenario = fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 300 }).chain((data) =>
  fc.tuple(fc.integer({ min: 1, max: data.length }), fc.integer({ min: 1, max: data.length })).chain(([a, b]) => {
    const [m, n] = a <= b ? [a, b] : [b, a];
    return fc.record({
      data: fc.constant(data),
      m: fc.constant(m),
      n: fc.constant(n),
      index: fc.integer({ min: 0, max: m - 1 }),
      bit: fc.integer({ min: 0, max: 255 }),
      pick: fc.nat(),
    });
  }),
);

describe('proofs over random logs', () => {
  it('every inclusion proof verifies; a flipped bit in the path, root or leaf fails', () => {
    fc.assert(
      fc.property(scenario, ({ data, n, index, bit, pick }) => {
        const tree = new MemoryTree(data.map((d) => leafHash(d)));
        const root = rootHash(tree, n);
        const leaf = tree.node(0, index);
        const path = inclusionPath(tree, index, n);
        expect(verifyInclusion(leaf, index, n, path, root)).toBe(true);
        expect(verifyInclusion(flip([leaf], 0, bit)[0]!, index, n, path, root)).toBe(false);
        expect(verifyInclusion(leaf, index, n, path, flip([root], 0, bit)[0]!)).toBe(false);
        if (path.length > 0)
          expect(verifyInclusion(leaf, index, n, flip(path, pick % path.length, bit), root)).toBe(false);
        if (path.length > 0) expect(verifyInclusion(leaf, index, n, path.slice(1), root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('every consistency proof verifies; a flipped bit in the path or either root fails', () => {
    fc.assert(
      fc.property(scenario, ({ data, m, n, bit, pick }) => {
        const tree = new MemoryTree(data.map((d) => leafHash(d)));
        const [oldRoot, newRoot] = [rootHash(tree, m), rootHash(tree, n)];
        const path = consistencyPath(tree, m, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, path)).toBe(true);
        expect(verifyConsistency(m, n, flip([oldRoot], 0, bit)[0]!, newRoot, path)).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, flip([newRoot], 0, bit)[0]!, path)).toBe(false);
        if (path.length > 0)
          expect(verifyConsistency(m, n, oldRoot, newRoot, flip(path, pick % path.length, bit))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a changed leaf below m gives a root at m that no consistency proof links to the old one', () => {
    fc.assert(
      fc.property(scenario, ({ data, m, n, index }) => {
        const leaves = data.map((d) => leafHash(d));
        const honest = new MemoryTree(leaves);
        const rewritten = new MemoryTree(leaves.map((l, i) => (i === index ? leafHash(Buffer.from('rewritten')) : l)));
        fc.pre(!leaves[index]!.equals(leafHash(Buffer.from('rewritten'))));
        const path = consistencyPath(rewritten, m, n);
        expect(verifyConsistency(m, n, rootHash(honest, m), rootHash(rewritten, n), path)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
