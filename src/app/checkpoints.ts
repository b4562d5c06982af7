// The auditor's saved checkpoints: a signed tree head with its leaf prefixes, written by
// `checkpoint` and checked by `verify --since` (is today's log an append-only extension of it?).
import type { KeyObject } from 'node:crypto';
import { eventLeafHash, hex, nodeHash } from '../events/merkle.ts';
import type { EventStore } from '../events/store.ts';
import type { MerkleQueries } from '../projections/merkle.ts';
import type { TreeProofs } from './proofs.ts';
import { checkTreeHead, type SignedTreeHead } from './signing.ts';

export interface SavedCheckpoint {
  treeHead: SignedTreeHead;
  /** Log position of the head's last event ("0" for an empty tree). */
  lastPosition?: string;
  /** Base64 of the leaf hashes' first LEAF_PREFIX_BYTES bytes, in leaf order. */
  leafHashPrefixes?: string;
}

export const LEAF_PREFIX_BYTES = 8;

/** Builds the checkpoint file's content from the tree at its current size. */
export function takeCheckpoint(proofs: TreeProofs, tree: MerkleQueries): SavedCheckpoint {
  const head = proofs.head();
  const size = Number(head.treeSize);
  const lastPosition = size > 0 ? (tree.positionOfLeaf(size - 1) ?? 0n) : 0n;
  const prefixes = Buffer.alloc(size * LEAF_PREFIX_BYTES);
  for (let i = 0; i < size; i += 1) tree.node(0, i).copy(prefixes, i * LEAF_PREFIX_BYTES, 0, LEAF_PREFIX_BYTES);
  return { treeHead: head, lastPosition: lastPosition.toString(), leafHashPrefixes: prefixes.toString('base64') };
}

/** A file that cannot be read as a tree head at all (as opposed to a head that does not hold). */
export class CheckpointFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFileError';
  }
}

const HEAD_FIELDS = ['treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'] as const;
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads a saved head's JSON: a SavedCheckpoint (`npm run checkpoint`), a GraphQL response holding
 * `data.treeHead` (what verify-proof accepts), or a bare signed head (e.g. a line of the witness
 * file). Only the shape is checked here (checkTreeHead checks the values and the signature); throws
 * CheckpointFileError saying why the JSON is none of these.
 */
export function parseCheckpoint(json: unknown): SavedCheckpoint {
  if (!isObject(json)) return badFile('it is not a JSON object');
  let saved: Record<string, unknown>;
  if ('data' in json || 'errors' in json) {
    const data = json.data;
    if (!isObject(data) || !isObject(data.treeHead)) {
      const errors = Array.isArray(json.errors)
        ? json.errors.map((e) => (isObject(e) ? String(e.message) : String(e)))
        : [];
      return badFile(
        `it is a GraphQL response without data.treeHead${errors.length > 0 ? ` (errors: ${errors.join('; ')})` : ''}`,
      );
    }
    saved = { treeHead: data.treeHead };
  } else {
    saved = 'treeHead' in json ? json : { treeHead: json };
  }
  const head = saved.treeHead;
  if (!isObject(head)) return badFile('its treeHead is not an object');
  const missing = HEAD_FIELDS.filter((f) => typeof head[f] !== 'string');
  if (missing.length > 0)
    return badFile(`it has no tree head: no ${missing.join(', ')} string${missing.length > 1 ? 's' : ''}`);
  for (const f of ['lastPosition', 'leafHashPrefixes'] as const) {
    if (saved[f] !== undefined && typeof saved[f] !== 'string') return badFile(`its ${f} is not a string`);
  }
  return saved as unknown as SavedCheckpoint;
}

function badFile(reason: string): never {
  throw new CheckpointFileError(reason);
}

/** Root of a growing list of leaves in O(log n) memory: the complete subtrees so far, largest first. */
class RootAccumulator {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  count = 0;

  push(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    while (this.stack.length > 0 && this.stack.at(-1)!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count += 1;
  }

  /** MTH of the leaves pushed so far (at least one). */
  root(): Buffer {
    let hash = this.stack.at(-1)!.hash;
    for (let i = this.stack.length - 2; i >= 0; i -= 1) hash = nodeHash(this.stack[i]!.hash, hash);
    return hash;
  }
}

export interface SinceVerdict {
  ok: boolean;
  /** Events in the log now. */
  currentSize: number;
  savedSize: number;
  /** 0-based leaf index of the first event that differs from the saved head, or that is missing. */
  firstDifferentLeaf: number | null;
  /** Log position of that event today (null when it is missing: the log was cut short). */
  firstDifferentPosition: bigint | null;
  line: string;
}

/**
 * Proves the log as it is now is an append-only extension of a head saved earlier: the head's
 * signature holds under the public key, and the root of the first treeSize leaves recomputed from
 * the log's events equals the head's root. On failure names the first event that differs (with
 * saved leaf prefixes) or the first that is missing (truncation).
 */
export async function verifySince(
  store: EventStore,
  saved: SavedCheckpoint,
  publicKey: KeyObject,
): Promise<SinceVerdict> {
  const head = saved.treeHead;
  const signed = checkTreeHead(head, publicKey);
  const savedSize = signed.ok ? Number(head.treeSize) : 0;
  const fail = (
    line: string,
    firstDifferentLeaf: number | null = null,
    firstDifferentPosition: bigint | null = null,
    currentSize = 0,
  ): SinceVerdict => ({
    ok: false,
    currentSize,
    savedSize,
    firstDifferentLeaf,
    firstDifferentPosition,
    line: `NOT AN EXTENSION of the saved head: ${line}`,
  });
  if (!signed.ok) return fail(`the saved head does not hold: ${signed.reason}`);
  const prefixes = saved.leafHashPrefixes ? Buffer.from(saved.leafHashPrefixes, 'base64') : null;
  if (prefixes && prefixes.length !== savedSize * LEAF_PREFIX_BYTES)
    return fail("the saved leaf prefixes do not match the head's tree size");

  const acc = new RootAccumulator();
  let savedRoot: Buffer | null = null;
  let firstDifferent: { leaf: number; position: bigint } | null = null;
  let lastPosition = 0n;
  for await (const e of store.readAll()) {
    const leaf = eventLeafHash(e);
    const index = acc.count;
    if (index < savedSize) {
      if (
        !firstDifferent &&
        prefixes &&
        Buffer.compare(
          leaf.subarray(0, LEAF_PREFIX_BYTES),
          prefixes.subarray(index * LEAF_PREFIX_BYTES, (index + 1) * LEAF_PREFIX_BYTES),
        ) !== 0
      ) {
        firstDifferent = { leaf: index, position: e.position };
      }
      lastPosition = e.position;
    }
    acc.push(leaf);
    if (acc.count === savedSize) savedRoot = acc.root();
  }
  const currentSize = acc.count;
  if (firstDifferent) {
    return fail(
      `the event at position ${firstDifferent.position} (leaf ${firstDifferent.leaf}) is not the one the head recorded there`,
      firstDifferent.leaf,
      firstDifferent.position,
      currentSize,
    );
  }
  if (currentSize < savedSize) {
    const after = lastPosition > 0n ? `after position ${lastPosition}` : 'from the start';
    const was = saved.lastPosition ? `; the head's last event was at position ${saved.lastPosition}` : '';
    return fail(
      `the log has ${currentSize} events but the head covers ${savedSize}: leaf ${currentSize} onwards (${after}) is missing${was}`,
      currentSize,
      null,
      currentSize,
    );
  }
  if (savedRoot && hex(savedRoot) !== head.rootHash) {
    return fail(
      `the root of the first ${savedSize} events is ${hex(savedRoot)}, not the head's ${head.rootHash}` +
        (prefixes ? '' : ' (save heads with `npm run checkpoint` to have the first differing event named)'),
      null,
      null,
      currentSize,
    );
  }
  return {
    ok: true,
    currentSize,
    savedSize,
    firstDifferentLeaf: null,
    firstDifferentPosition: null,
    line: `EXTENDS the saved head: the first ${savedSize} of today's ${currentSize} events are exactly those the head of ${head.timestamp} signed (root ${head.rootHash})`,
  };
}
