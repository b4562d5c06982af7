// The Merkle tree of RFC 6962 (Certificate Transparency; same hashing in RFC 9162 §2.1) over the
// log in log order: tree heads, inclusion proofs (audit paths) and consistency proofs, and the
// verifiers an auditor runs on them. Pure: the tree's nodes come from a SubtreeSource, which is an
// array in memory for tests and the Merkle projection's tables in the service.
//
// Leaf and tree sizes are numbers (exact up to 2^53 leaves); hashes are 32-byte SHA-256 digests.
import { createHash, hash } from 'node:crypto';
import { canonicalEvent } from './hashChain.ts';
import type { StoredEvent } from './store.ts';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = 0x01;
export const HASH_BYTES = 32;

/** MTH({}) of RFC 6962 §2.1: SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/**
 * SHA-256(0x01 ‖ left ‖ right), hashed in one call: a Hash object per node costs about as much as
 * the hashing itself.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash('sha256', input, 'buffer');
}

/**
 * The leaf of a stored event: SHA-256(0x00 ‖ UTF-8 of its canonical form), the bytes the hash chain
 * also covers (hashChain.ts canonicalEvent). Personal fields are in it as stored, sealed, so
 * destroying a person's key changes no leaf.
 */
export function eventLeafHash(e: Omit<StoredEvent, 'hash' | 'previousHash' | 'position'>): Buffer {
  // U+0000 is the single byte 0x00 in UTF-8: the prefix and the form are encoded and hashed in one call.
  return hash('sha256', `\u0000${canonicalEvent(e)}`, 'buffer');
}

/**
 * Leaves worked out while their events were appended (chainEvents, for small appends), by event
 * object. The canonical form is at hand there and SHA-256 was just run for the chain; hashed again
 * after the append's fsync, by the projection, the same leaf cost about ten times as much (its code
 * and data gone from the processor's caches). A WeakMap, so no event gains a field.
 */
const notedLeaves = new WeakMap<StoredEvent, Buffer>();

/** Records `leaf`, computed from `e`'s own canonical form, as `e`'s leaf. */
export function noteLeaf(e: StoredEvent, leaf: Buffer): void {
  notedLeaves.set(e, leaf);
}

/** The leaf noted for this event object (see noteLeaf), if any. */
export function notedLeaf(e: StoredEvent): Buffer | undefined {
  return notedLeaves.get(e);
}

/** The event's leaf: the one noted for it, else hashed from its canonical form (eventLeafHash). */
export function leafOf(e: StoredEvent): Buffer {
  return notedLeaves.get(e) ?? eventLeafHash(e);
}

/**
 * Where the tree's complete subtrees come from. `node(level, index)` is the hash of the complete
 * subtree of 2^level leaves starting at leaf index·2^level; level 0 is the leaf hashes. Only
 * subtrees that lie wholly inside the tree asked about are requested.
 */
export interface SubtreeSource {
  node(level: number, index: number): Buffer;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 6962's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** k when n = 2^k, else -1. */
function exactLog2(n: number): number {
  if (n < 1) return -1;
  const k = Math.round(Math.log2(n));
  return 2 ** k === n ? k : -1;
}

const isPowerOfTwo = (n: number): boolean => exactLog2(n) >= 0;

/** MTH(D[start : start+size]) — at most one complete subtree read per level. */
function rangeHash(source: SubtreeSource, start: number, size: number): Buffer {
  const level = exactLog2(size);
  if (level >= 0) return source.node(level, start / size);
  const k = splitPoint(size);
  return nodeHash(source.node(exactLog2(k), start / k), rangeHash(source, start + k, size - k));
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, not ${value}`);
}

/** MTH(D[0:size]), the tree head's root hash for a tree of `size` leaves. */
export function rootHash(source: SubtreeSource, size: number): Buffer {
  checkSize('size', size);
  return size === 0 ? EMPTY_ROOT : rangeHash(source, 0, size);
}

/**
 * PATH(index, D[0:size]) of RFC 6962 §2.1.1: the sibling hashes from the leaf up to the root.
 * Throws RangeError unless 0 ≤ index < size.
 */
export function inclusionPath(source: SubtreeSource, index: number, size: number): Buffer[] {
  checkSize('index', index);
  checkSize('size', size);
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  return descend(
    source,
    size,
    index,
    (_m, length) => length > 1,
    (m, k) => m < k,
  ).path;
}

/**
 * Walks down from the root of a tree of `size` leaves towards leaf `target` while `more(m, length)`
 * holds (m: the target's place in the current subtree), the way PATH and SUBPROOF of RFC 6962
 * §2.1.1 and §2.1.2 both do; `inLeft(m, k)` says whether it lies left of the split point k. Each
 * step's sibling goes in front, so the lowest comes first. Answers the path, the subtree the walk
 * stopped at, and whether it ever went right.
 */
function descend(
  source: SubtreeSource,
  size: number,
  target: number,
  more: (m: number, length: number) => boolean,
  inLeft: (m: number, k: number) => boolean,
): { path: Buffer[]; start: number; length: number; wentRight: boolean } {
  const path: Buffer[] = [];
  let start = 0;
  let length = size;
  let m = target;
  let wentRight = false;
  while (more(m, length)) {
    const k = splitPoint(length);
    if (inLeft(m, k)) {
      path.unshift(rangeHash(source, start + k, length - k));
      length = k;
    } else {
      path.unshift(rangeHash(source, start, k));
      start += k;
      length -= k;
      m -= k;
      wentRight = true;
    }
  }
  return { path, start, length, wentRight };
}

/**
 * PROOF(from, D[0:to]) of RFC 6962 §2.1.2: what shows the tree of `from` leaves is a prefix of the
 * tree of `to` leaves. Empty when from = to. Throws RangeError unless 1 ≤ from ≤ to.
 */
export function consistencyPath(source: SubtreeSource, from: number, to: number): Buffer[] {
  checkSize('from', from);
  checkSize('to', to);
  if (from < 1 || from > to) throw new RangeError(`no consistency proof from ${from} to ${to} leaves`);
  const { path, start, length, wentRight } = descend(
    source,
    to,
    from,
    (m, length) => m !== length,
    (m, k) => m <= k,
  );
  // SUBPROOF's flag: the subtree reached still starts the old tree, whose root the verifier has,
  // unless the walk went right; then that subtree's own hash is needed too.
  if (wentRight) path.unshift(rangeHash(source, start, length));
  return path;
}

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_BYTES;
const sameHash = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/**
 * Whether `path` proves that `leaf` is leaf `index` of the tree of `size` leaves whose root is
 * `root` (RFC 9162 §2.1.3.2). Never throws: malformed input is simply not a proof.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(path) || !path.every(isHash)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let r: Buffer = Buffer.from(leaf);
  const fits = climbPath(
    index,
    size - 1,
    path,
    (p) => (r = nodeHash(p, r)),
    (p) => (r = nodeHash(r, p)),
  );
  return fits && sameHash(r, root);
}

/**
 * Climbs an audit path from node `fn` of a tree whose last node is `sn` (RFC 9162 §2.1.3.2 and
 * §2.1.4.2, which share this walk): each path node is a left sibling (`left`) or a right one
 * (`right`). Returns whether the path ends exactly at the root: false for one too long or too short.
 */
function climbPath(
  fn: number,
  sn: number,
  path: readonly Uint8Array[],
  left: (p: Uint8Array) => void,
  right: (p: Uint8Array) => void,
): boolean {
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      left(p);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      right(p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0;
}

/**
 * Whether `path` proves that the tree of `from` leaves with root `fromRoot` is a prefix of the
 * tree of `to` leaves with root `toRoot` (RFC 9162 §2.1.4.2). An empty old tree is a prefix of
 * every tree; equal sizes need an empty path and equal roots. Never throws.
 */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  path: readonly Uint8Array[],
): boolean {
  if (!isHash(fromRoot) || !isHash(toRoot) || !Array.isArray(path) || !path.every(isHash)) return false;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) return false;
  if (from === 0) return path.length === 0 && sameHash(fromRoot, EMPTY_ROOT);
  if (from === to) return path.length === 0 && sameHash(fromRoot, toRoot);
  if (path.length === 0) return false;
  const nodes = isPowerOfTwo(from) ? [fromRoot, ...path] : [...path];
  let fn = from - 1;
  let sn = to - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(nodes[0]!);
  let sr: Buffer = Buffer.from(nodes[0]!);
  const fits = climbPath(
    fn,
    sn,
    nodes.slice(1),
    (c) => {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    },
    (c) => (sr = nodeHash(sr, c)),
  );
  return fits && sameHash(fr, fromRoot) && sameHash(sr, toRoot);
}

/** A tree held in memory as its leaf hashes; interior nodes are computed once and kept. */
export class MemoryTree implements SubtreeSource {
  private readonly levels: Buffer[][];

  constructor(leaves: readonly Buffer[]) {
    this.levels = [[...leaves]];
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  append(leaf: Buffer): void {
    this.levels[0]!.push(leaf);
  }

  node(level: number, index: number): Buffer {
    const row = (this.levels[level] ??= []);
    const known = row[index];
    if (known) return known;
    if (level === 0 || (index + 1) * 2 ** level > this.size) {
      throw new RangeError(`no complete subtree at level ${level}, index ${index} in a tree of ${this.size} leaves`);
    }
    const hash = nodeHash(this.node(level - 1, index * 2), this.node(level - 1, index * 2 + 1));
    row[index] = hash;
    return hash;
  }
}

/** Lower-case hex of a hash, as proofs and tree heads carry it. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
