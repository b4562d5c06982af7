// Proofs over the log's Merkle tree (RFC 6962): signed tree heads, inclusion and consistency
// proofs for GraphQL, the auditor's `verify --since` (is today's log an append-only extension of a
// head saved earlier?) and `verify-proof` (does a proof hold, given only the public key?).
import type { KeyObject } from 'node:crypto';
import {
  consistencyPath,
  eventLeafHash,
  inclusionPath,
  nodeHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../events/merkle.ts';
import type { EventStore } from '../events/store.ts';
import type { MerkleQueries } from '../projections/merkle.ts';
import { LogDamagedError } from './integrity.ts';
import { checkTreeHead, type SignedTreeHead, type TreeHeadSigner } from './signing.ts';

export interface InclusionProof {
  /** 0-based index of the event's leaf in the tree (decimal). */
  leafIndex: string;
  /** Lower-case hex SHA-256(0x00 ‖ canonical event bytes). */
  leafHash: string;
  treeSize: string;
  /** Sibling hashes from the leaf up to the root (RFC 6962 §2.1.1 PATH), lower-case hex. */
  auditPath: string[];
}

export interface ConsistencyProof {
  fromSize: string;
  toSize: string;
  /** RFC 6962 §2.1.2 PROOF(fromSize, D[toSize]), lower-case hex. */
  path: string[];
}

/** A request for a proof the tree cannot give (unknown position, size beyond the tree, from > to). */
export class ProofRequestError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ProofRequestError';
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** What the proofs read of the tree: the Merkle projection in the service, any SubtreeSource with a size in tests. */
export type TreeReader = Pick<MerkleQueries, 'size' | 'node' | 'leafAt'>;

/**
 * Tree heads and proofs from the Merkle projection, signed with the service's key. While the log
 * is taken as damaged (`damage` gives the reason, see integrity.ts) the tree may hold events the
 * log has lost, so no head is signed and no proof given: each throws LogDamagedError.
 */
export class TreeProofs {
  private lastHead: SignedTreeHead | null = null;

  constructor(
    private readonly tree: TreeReader,
    private readonly signer: () => TreeHeadSigner,
    private readonly clock: () => Date = () => new Date(),
    /** Why the log is taken as damaged, or null (services pass LogIntegrity.reason). */
    readonly damage: () => string | null = () => null,
  ) {}

  /** Throws LogDamagedError while the log is taken as damaged: a head signed now would vouch for lost events. */
  private assertSound(): void {
    const reason = this.damage();
    if (reason !== null) throw new LogDamagedError(reason);
  }

  /** Leaves in the tree now: the events the projections have applied. */
  size(): number {
    return this.tree.size();
  }

  /** The signed head of the tree at its current size; signed once per size. Throws LogDamagedError. */
  head(size = this.tree.size()): SignedTreeHead {
    this.assertSound();
    if (this.lastHead?.treeSize === String(size)) return this.lastHead;
    const head = this.signer().sign(size, hex(rootHash(this.tree, size)), this.clock().toISOString());
    this.lastHead = head;
    return head;
  }

  /**
   * The inclusion proof of the event at `position` in the tree of `treeSize` leaves (default: now).
   * Throws ProofRequestError for a size beyond the tree or an event not in it, LogDamagedError.
   */
  inclusion(position: bigint, treeSize?: bigint): InclusionProof {
    this.assertSound();
    const current = this.tree.size();
    if (treeSize !== undefined && treeSize > BigInt(current)) {
      throw new ProofRequestError(`treeSize ${treeSize} is beyond the tree's size: the tree has ${current} leaves`);
    }
    const size = treeSize === undefined ? current : Number(treeSize);
    const leaf = this.tree.leafAt(position);
    if (!leaf) throw new ProofRequestError(`No event at position ${position} is in the tree`);
    if (leaf.leafIndex >= size) {
      throw new ProofRequestError(`The event at position ${position} is leaf ${leaf.leafIndex}, not in a tree of ${size} leaves`);
    }
    return {
      leafIndex: String(leaf.leafIndex),
      leafHash: hex(leaf.hash),
      treeSize: String(size),
      auditPath: inclusionPath(this.tree, leaf.leafIndex, size).map(hex),
    };
  }

  /**
   * The proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (default: now).
   * Throws ProofRequestError for a `to` beyond the tree or a `from` outside 1..to, LogDamagedError.
   */
  consistency(from: bigint, to?: bigint): ConsistencyProof {
    this.assertSound();
    const current = this.tree.size();
    if (to !== undefined && to > BigInt(current)) throw new ProofRequestError(`to ${to} is beyond the tree's size: the tree has ${current} leaves`);
    const size = to === undefined ? current : Number(to);
    if (from < 1n || from > BigInt(size)) throw new ProofRequestError(`from must be between 1 and ${size} (the tree's size or to), not ${from}`);
    return { fromSize: String(from), toSize: String(size), path: consistencyPath(this.tree, Number(from), size).map(hex) };
  }
}

/**
 * What `npm run checkpoint` saves: the signed head, the position of its last event, and the first
 * 8 bytes of every leaf hash, which let `verify --since` name the first event that differs (the
 * root in the signed head is what proves it; the prefixes only point at where).
 */
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
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

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
      const errors = Array.isArray(json.errors) ? json.errors.map((e) => (isObject(e) ? String(e.message) : String(e))) : [];
      return badFile(`it is a GraphQL response without data.treeHead${errors.length > 0 ? ` (errors: ${errors.join('; ')})` : ''}`);
    }
    saved = { treeHead: data.treeHead };
  } else {
    saved = 'treeHead' in json ? json : { treeHead: json };
  }
  const head = saved.treeHead;
  if (!isObject(head)) return badFile('its treeHead is not an object');
  const missing = HEAD_FIELDS.filter((f) => typeof head[f] !== 'string');
  if (missing.length > 0) return badFile(`it has no tree head: no ${missing.join(', ')} string${missing.length > 1 ? 's' : ''}`);
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
export async function verifySince(store: EventStore, saved: SavedCheckpoint, publicKey: KeyObject): Promise<SinceVerdict> {
  const head = saved.treeHead;
  const signed = checkTreeHead(head, publicKey);
  const savedSize = signed.ok ? Number(head.treeSize) : 0;
  const fail = (line: string, firstDifferentLeaf: number | null = null, firstDifferentPosition: bigint | null = null, currentSize = 0): SinceVerdict => ({
    ok: false,
    currentSize,
    savedSize,
    firstDifferentLeaf,
    firstDifferentPosition,
    line: `NOT AN EXTENSION of the saved head: ${line}`,
  });
  if (!signed.ok) return fail(`the saved head does not hold: ${signed.reason}`);
  const prefixes = saved.leafHashPrefixes ? Buffer.from(saved.leafHashPrefixes, 'base64') : null;
  if (prefixes && prefixes.length !== savedSize * LEAF_PREFIX_BYTES) return fail('the saved leaf prefixes do not match the head\'s tree size');

  const acc = new RootAccumulator();
  let savedRoot: Buffer | null = null;
  let firstDifferent: { leaf: number; position: bigint } | null = null;
  let lastPosition = 0n;
  for await (const e of store.readAll()) {
    const leaf = eventLeafHash(e);
    const index = acc.count;
    if (index < savedSize) {
      if (!firstDifferent && prefixes && Buffer.compare(leaf.subarray(0, LEAF_PREFIX_BYTES), prefixes.subarray(index * LEAF_PREFIX_BYTES, (index + 1) * LEAF_PREFIX_BYTES)) !== 0) {
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

export interface ProofCheck {
  ok: boolean;
  line: string;
}

const HEX_64 = /^[0-9a-f]{64}$/;
const hexList = (value: unknown): Buffer[] | null =>
  Array.isArray(value) && value.every((h) => typeof h === 'string' && HEX_64.test(h))
    ? value.map((h: string) => Buffer.from(h, 'hex'))
    : null;
const count = (value: unknown): number | null =>
  typeof value === 'string' && /^(0|[1-9]\d{0,15})$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
const field = (doc: Record<string, unknown>, name: string): Record<string, unknown> | null => {
  const value = doc[name];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
};

/**
 * Checks a proof document against a public key alone (the auditor's `verify-proof`):
 * `{ treeHead, inclusionProof }` or `{ oldTreeHead, treeHead, consistencyProof }`, with the field
 * names and shapes of the GraphQL API; a GraphQL response (`{ data: { ... } }`) is accepted as is.
 * Each head's signature must hold, and the proof must lead from the leaf (or old root) to the root.
 */
export function checkProofDocument(input: unknown, publicKey: KeyObject): ProofCheck {
  if (input === null || typeof input !== 'object') return { ok: false, line: 'INVALID: the input is not a JSON object' };
  const outer = input as Record<string, unknown>;
  const doc = { ...outer, ...(field(outer, 'data') ?? {}) };
  const head = field(doc, 'treeHead');
  if (!head) return { ok: false, line: 'INVALID: no treeHead to check the proof against' };
  const signed = checkTreeHead(head, publicKey);
  if (!signed.ok) return { ok: false, line: `INVALID: treeHead: ${signed.reason}` };
  const size = Number(head.treeSize);
  const root = Buffer.from(String(head.rootHash), 'hex');

  const inclusion = field(doc, 'inclusionProof');
  if (inclusion) {
    const index = count(inclusion.leafIndex);
    const proofSize = count(inclusion.treeSize);
    const path = hexList(inclusion.auditPath);
    const leaf = typeof inclusion.leafHash === 'string' && HEX_64.test(inclusion.leafHash) ? Buffer.from(inclusion.leafHash, 'hex') : null;
    if (index === null || proofSize === null || !path || !leaf) return { ok: false, line: 'INVALID: the inclusion proof is malformed' };
    if (proofSize !== size) return { ok: false, line: `INVALID: the proof is for a tree of ${proofSize} leaves, the head for ${size}` };
    return verifyInclusion(leaf, index, size, path, root)
      ? { ok: true, line: `OK: leaf ${index} (${inclusion.leafHash}) is in the tree of ${size} leaves signed at ${head.timestamp}` }
      : { ok: false, line: `INVALID: the audit path does not lead from leaf ${index} to the head's root` };
  }

  const consistency = field(doc, 'consistencyProof');
  if (consistency) {
    const old = field(doc, 'oldTreeHead');
    if (!old) return { ok: false, line: 'INVALID: a consistency proof needs the oldTreeHead it starts from' };
    const oldSigned = checkTreeHead(old, publicKey);
    if (!oldSigned.ok) return { ok: false, line: `INVALID: oldTreeHead: ${oldSigned.reason}` };
    const from = count(consistency.fromSize);
    const to = count(consistency.toSize);
    const path = hexList(consistency.path);
    if (from === null || to === null || !path) return { ok: false, line: 'INVALID: the consistency proof is malformed' };
    if (from !== Number(old.treeSize) || to !== size) {
      return { ok: false, line: `INVALID: the proof goes from ${from} to ${to} leaves, the heads are of ${String(old.treeSize)} and ${size}` };
    }
    return verifyConsistency(from, to, Buffer.from(String(old.rootHash), 'hex'), root, path)
      ? { ok: true, line: `OK: the tree of ${to} leaves signed at ${head.timestamp} extends the tree of ${from} leaves signed at ${String(old.timestamp)}` }
      : { ok: false, line: `INVALID: the proof does not show the tree of ${from} leaves is a prefix of the tree of ${to}` };
  }
  return { ok: true, line: `OK: the head of ${size} leaves (root ${String(head.rootHash)}) is signed by this key` };
}
