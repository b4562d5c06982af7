// Tamper evidence: each event's hash covers the previous hash and the event's canonical form,
// so changing, removing or reordering any stored event breaks every hash after it.
import { createHash } from 'node:crypto';
import { ChainBrokenError, type ChainScope, type EventMetadata, type NewEvent, type StoredEvent } from './store.ts';

/** The hash that precedes the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

type Hashable = Omit<StoredEvent, 'hash' | 'previousHash' | 'position'>;

/** JSON with object keys sorted at every depth, so equal values always give equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function normaliseMetadata(m: EventMetadata): Required<EventMetadata> {
  return {
    actor: m.actor,
    source: m.source ?? null,
    changeNote: m.changeNote ?? null,
    correlationId: m.correlationId ?? null,
    causationId: m.causationId ?? null,
    idempotencyKey: m.idempotencyKey ?? null,
    commandHash: m.commandHash ?? null,
  };
}

/**
 * The event's canonical form: every stored field except its place in the log (position) and its
 * chain links, as canonical JSON. The hash chain and the Merkle tree's leaves both hash these bytes.
 */
export function canonicalEvent(e: Hashable): string {
  return canonicalJson({
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
    metadata: normaliseMetadata(e.metadata),
  });
}

export function eventHash(previousHash: string, e: Hashable): string {
  return createHash('sha256')
    .update(`${previousHash}\n${canonicalEvent(e)}`)
    .digest('hex');
}

/** A fresh event as an adapter stores it, before the store gives it a position. */
export type ChainedEvent = Omit<StoredEvent, 'position'>;

/**
 * Gives fresh events of one stream their revisions, recorded time, normalised metadata and hashes,
 * each chained onto the one before, the first onto `tail` (the stream's tail for a per-stream
 * chain, the log's for a global one). Both adapters append through this.
 */
export function chainEvents(
  streamId: string,
  fresh: readonly NewEvent[],
  tail: { revision: number | null; hash: string },
  recordedAt: string,
): ChainedEvent[] {
  let previousHash = tail.hash;
  let revision = tail.revision ?? -1;
  return fresh.map((e) => {
    revision += 1;
    const draft = { ...e, metadata: normaliseMetadata(e.metadata), streamId, revision, recordedAt };
    const hash = eventHash(previousHash, draft);
    const chained = { ...draft, previousHash, hash };
    previousHash = hash;
    return chained;
  });
}

/**
 * Checks that a restored event continues the chain: its previous hash is `previousHash` and its
 * own hash matches its content. Throws ChainBrokenError naming `before` (what it should follow).
 */
export function assertChainsOnto(e: StoredEvent, previousHash: string, before = 'the event before it'): void {
  if (e.previousHash !== previousHash)
    throw new ChainBrokenError(e.position, `its previous hash is not the hash of ${before}`);
  if (eventHash(previousHash, { ...e, metadata: normaliseMetadata(e.metadata) }) !== e.hash) {
    throw new ChainBrokenError(e.position, 'its content does not match its hash');
  }
}

/**
 * Checks that a restored event takes the next revision of its stream, which is at `current` (null:
 * no stream yet). Throws ChainBrokenError naming both revisions.
 */
export function assertNextRevision(e: StoredEvent, current: number | null): void {
  if (e.revision !== (current ?? -1) + 1) {
    throw new ChainBrokenError(
      e.position,
      `${e.streamId} is at revision ${current ?? 'none'}, the event claims ${e.revision}`,
    );
  }
}

export interface ChainVerdict {
  ok: boolean;
  checkedEvents: number;
  headHash: string;
  /** Position of the first event whose link or hash does not hold. */
  firstBrokenPosition: bigint | null;
  reason: string | null;
}

/**
 * Walks events in log order and checks each link. Stops at the first break, because every
 * later hash depends on it.
 */
export class ChainVerifier {
  private readonly lastHash = new Map<string, string>();
  private checked = 0;
  private head = GENESIS_HASH;
  private broken: { position: bigint; reason: string } | null = null;

  constructor(private readonly scope: ChainScope) {}

  /** Returns false once the chain is broken. */
  check(e: StoredEvent): boolean {
    if (this.broken) return false;
    const key = this.scope === 'global' ? '' : e.streamId;
    const expectedPrevious = this.lastHash.get(key) ?? GENESIS_HASH;
    if (e.previousHash !== expectedPrevious) {
      this.broken = { position: e.position, reason: 'previous hash does not match the event before it' };
      return false;
    }
    if (eventHash(e.previousHash, e) !== e.hash) {
      this.broken = { position: e.position, reason: 'stored hash does not match the event content' };
      return false;
    }
    this.lastHash.set(key, e.hash);
    this.head = e.hash;
    this.checked += 1;
    return true;
  }

  verdict(): ChainVerdict {
    return {
      ok: this.broken === null,
      checkedEvents: this.checked,
      headHash: this.head,
      firstBrokenPosition: this.broken?.position ?? null,
      reason: this.broken?.reason ?? null,
    };
  }
}
