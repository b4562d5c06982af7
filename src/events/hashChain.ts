// Tamper evidence: each event's hash covers the previous hash and the event's canonical form,
// so changing, removing or reordering any stored event breaks every hash after it.
import { hash } from 'node:crypto';
import { ChainBrokenError, type ChainScope, type EventMetadata, type StoredEvent } from './store.ts';

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
  const metadata = normaliseMetadata(e.metadata);
  return canonicalForm('', e, metadata, undefined, quotedMetadata(metadata), quotedShared(e));
}

/** canonicalEvent built the slow, obviously right way: every field through canonicalJson. */
export function canonicalFormSlow(e: Hashable, metadata: Required<EventMetadata>): string {
  return canonicalJson({
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
    metadata,
  });
}

/**
 * Whether JSON.stringify(value) already writes canonicalJson(value)'s bytes: only plain objects
 * and arrays whose keys JSON.stringify writes in sorted order, holding strings, numbers, booleans
 * and null. Anything else (a toJSON method, a class instance, undefined, a key out of order) says
 * no, and the caller takes canonicalJson.
 */
export function inCanonicalOrder(value: unknown): boolean {
  if (value === null) return true;
  const kind = typeof value;
  if (kind === 'string' || kind === 'number' || kind === 'boolean') return true;
  if (kind !== 'object') return false;
  const object = value as Record<string, unknown>;
  if ('toJSON' in object) return false;
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i += 1) if (!inCanonicalOrder(object[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | null = null;
  for (const key of Object.keys(object)) {
    // Strictly ascending keys are what sortKeys writes (integer-like keys too: both orders put them first).
    if (previous !== null && !(previous < key)) return false;
    if (!inCanonicalOrder(object[key])) return false;
    previous = key;
  }
  return true;
}

/** The normalised metadata's values as JSON (`null` or a quoted string), or null when one is neither. */
type QuotedMetadata = { [K in keyof Required<EventMetadata>]: string };

/** Characters JSON.stringify escapes in a string (a surrogate is taken as one, paired or not). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text): quoted as it stands when nothing in it needs escaping. */
export function quote(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** `value` as JSON when it is a string or null; null for anything else. */
export function quoteNullable(value: unknown): string | null {
  return value === null ? 'null' : typeof value === 'string' ? quote(value) : null;
}

function quotedMetadata(m: Required<EventMetadata>): QuotedMetadata | null {
  const actor = quoteNullable(m.actor);
  const source = quoteNullable(m.source);
  const changeNote = quoteNullable(m.changeNote);
  const correlationId = quoteNullable(m.correlationId);
  const causationId = quoteNullable(m.causationId);
  const idempotencyKey = quoteNullable(m.idempotencyKey);
  const commandHash = quoteNullable(m.commandHash);
  if (
    actor === null ||
    source === null ||
    changeNote === null ||
    correlationId === null ||
    causationId === null ||
    idempotencyKey === null ||
    commandHash === null
  )
    return null;
  return { actor, source, changeNote, correlationId, causationId, idempotencyKey, commandHash };
}

/** An event's fields every event of one append shares, as JSON: its stream and recorded time. */
export interface SharedFields {
  streamId: string;
  recordedAt: string;
}

/** `shared` quoted, or null when either is not a string. */
export function quotedShared(e: SharedFields): SharedFields | null {
  return typeof e.streamId === 'string' && typeof e.recordedAt === 'string'
    ? { streamId: quote(e.streamId), recordedAt: quote(e.recordedAt) }
    : null;
}

/**
 * canonicalEvent's bytes, written directly when every field is a plain string or number: the keys
 * in sorted order, `dataJson` (JSON.stringify of the data, when the caller has it; written here
 * otherwise) reused when it is already canonical,
 * `quoted` and `shared` the JSON of the metadata's values and of the stream and recorded time.
 * Falls back to canonicalFormSlow for anything else, so the bytes never differ from it. Written
 * after `prefix`, so that a hash's input is made (and flattened) once.
 */
function canonicalForm(
  prefix: string,
  e: Hashable,
  metadata: Required<EventMetadata>,
  dataJson: string | undefined,
  quoted: QuotedMetadata | null,
  shared: SharedFields | null,
): string {
  if (
    quoted === null ||
    shared === null ||
    typeof e.id !== 'string' ||
    typeof e.type !== 'string' ||
    typeof e.effectiveAt !== 'string' ||
    !Number.isFinite(e.revision) ||
    !Number.isFinite(e.schemaVersion)
  )
    return prefix + canonicalFormSlow(e, metadata);
  const data = inCanonicalOrder(e.data) ? (dataJson ?? JSON.stringify(e.data)) : canonicalJson(e.data);
  // undefined: data JSON cannot write (absent, a function); the reference form decides what it is.
  if (data === undefined) return prefix + canonicalFormSlow(e, metadata);
  return (
    `${prefix}{"data":${data},"effectiveAt":${quote(e.effectiveAt)},"id":${quote(e.id)}` +
    `,"metadata":{"actor":${quoted.actor},"causationId":${quoted.causationId},"changeNote":${quoted.changeNote}` +
    `,"commandHash":${quoted.commandHash},"correlationId":${quoted.correlationId}` +
    `,"idempotencyKey":${quoted.idempotencyKey},"source":${quoted.source}}` +
    `,"recordedAt":${shared.recordedAt},"revision":${e.revision},"schemaVersion":${e.schemaVersion}` +
    `,"streamId":${shared.streamId},"type":${quote(e.type)}}`
  );
}

/** An event's hash: lower-case hex SHA-256 of the UTF-8 bytes of the previous hash, a newline and its canonical form. */
export function eventHash(previousHash: string, e: Hashable): string {
  return hash('sha256', `${previousHash}\n${canonicalEvent(e)}`, 'hex');
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
