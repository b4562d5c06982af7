// Proofs over the log's Merkle tree (RFC 6962): signed tree heads, inclusion and consistency
// proofs for GraphQL, the auditor's `verify --since` (is today's log an append-only extension of a
// head saved earlier?) and `verify-proof` (does a proof hold, given only the public key?).
import type { KeyObject } from 'node:crypto';
import {
  consistencyPath,
  eventLeafHash,
  hex,
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
      throw new ProofRequestError(
        `The event at position ${position} is leaf ${leaf.leafIndex}, not in a tree of ${size} leaves`,
      );
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
    if (to !== undefined && to > BigInt(current))
      throw new ProofRequestError(`to ${to} is beyond the tree's size: the tree has ${current} leaves`);
    const size = to === undefined ? current : Number(to);
    if (from < 1n || from > BigInt(size))
      throw new ProofRequestError(`from must be between 1 and ${size} (the tree's size or to), not ${from}`);
    return {
      fromSize: String(from),
      toSize: String(size),
      path: consistencyPath(this.tree, Number(from), size).map(hex),
    };
  }
}

/**
 * What `npm run checkpoint` saves: the signed head, the position of its last event, and the first
 * 8 bytes of every leaf hash, which let `verify --since` name the first event that differs (the
 * root in the signed head is what proves it; the prefixes only point at where).
 */
