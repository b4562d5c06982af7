// How the EventStoreDB adapter maps stored events to and from the node's records, reads its
// answers and classifies its errors. No state: the store itself is in esdb.ts.
import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  jsonEvent,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  type AppendExpectedRevision,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { normaliseMetadata } from '../hashChain.ts';
import {
  InvalidPositionError,
  StoreAccessDeniedError,
  StreamDeletedError,
  type EventMetadata,
  type StoredEvent,
} from '../store.ts';

/** What servers before 22.6 report as the position of an event read from its stream. */
const NO_POSITION = 0xffff_ffff_ffff_ffffn;

/**
 * @eventstore/db-client 6 parses only `esdb://` and `esdb+discover://`; KurrentDB's own spellings
 * (`kurrentdb://`, `kdb://`, with or without `+discover`) name the same thing, so they are
 * translated. Anything else is left for the client to refuse.
 */
export function clientConnectionString(connectionString: string): string {
  return connectionString
    .trim()
    .replace(/^(?:kurrentdb|kdb)(\+discover)?:\/\//i, (_, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

/** Faults after which the same call may be sent again: the node went away, is shutting down, is no longer the leader (the client reconnects to the one it names) or did not answer in time. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError
  );
}

/** The answer a node gives for a read from a position that is not a record boundary. */
export function isInvalidPosition(error: unknown): boolean {
  return error instanceof Error && /invalid position/i.test(error.message);
}

/** The port's typed error for a node's answer to a read or subscription from `position`, or the error itself. */
export function readError(error: unknown, position: bigint): unknown {
  if (isInvalidPosition(error)) return new InvalidPositionError(position);
  if (error instanceof AccessDeniedError) return new StoreAccessDeniedError(error.message || 'access denied');
  return error;
}

/** Size of one event as the server counts it against MaxAppendSize (Event.SizeOnDisk): data + metadata + 2 x type length. */
export function appendSize(e: StoredEvent): number {
  return (
    Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(metadataOf(e))) + e.type.length * 2
  );
}

/** Event ids as the server stores and reports them: lower case. */
export function normaliseId<T extends { id: string }>(e: T): T {
  const id = e.id.toLowerCase();
  return id === e.id ? e : { ...e, id };
}

/** What the ESDB event's metadata JSON holds besides the ESDB fields. */
export interface EsdbEventMetadata {
  schemaVersion: number;
  effectiveAt: string;
  recordedAt: string;
  metadata: Required<EventMetadata>;
  hash: string;
  previousHash: string;
}

export interface StreamTail {
  revision: number | null;
  lastHash: string;
  lastPosition: bigint | null;
  /** Ids of the stream's last events (up to IDEMPOTENCY_WINDOW). */
  ids: Set<string>;
}

export function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

export function isOurMetadata(m: unknown): m is EsdbEventMetadata {
  if (m === null || typeof m !== 'object' || m instanceof Uint8Array) return false;
  const o = m as Record<string, unknown>;
  return (
    typeof o.schemaVersion === 'number' &&
    typeof o.effectiveAt === 'string' &&
    typeof o.recordedAt === 'string' &&
    typeof o.hash === 'string' &&
    typeof o.previousHash === 'string' &&
    o.metadata !== null &&
    typeof o.metadata === 'object'
  );
}

export function positionOf(resolved: ResolvedEvent): bigint | null {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  return commit === undefined || commit === NO_POSITION ? null : commit;
}

/**
 * Our view of an ESDB event, or null for system events and events this adapter did not write
 * (they carry no hash and cannot take part in the chain).
 */
export function toStored(resolved: ResolvedEvent): StoredEvent | null {
  const e = resolved.event;
  if (!e || isSystem(e.streamId, e.type) || !e.isJson || !isOurMetadata(e.metadata)) return null;
  const position = positionOf(resolved);
  if (position === null) {
    throw new Error(
      `EventStoreDB did not report the position of ${e.streamId}@${e.revision}; the esdb adapter needs a server of version 22.6 or later`,
    );
  }
  const m = e.metadata;
  return {
    id: e.id,
    type: e.type,
    schemaVersion: m.schemaVersion,
    data: e.data,
    effectiveAt: m.effectiveAt,
    metadata: normaliseMetadata(m.metadata),
    streamId: e.streamId,
    revision: Number(e.revision),
    position,
    recordedAt: m.recordedAt,
    hash: m.hash,
    previousHash: m.previousHash,
  };
}

export function metadataOf(e: StoredEvent): EsdbEventMetadata {
  return {
    schemaVersion: e.schemaVersion,
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
    metadata: normaliseMetadata(e.metadata),
    hash: e.hash,
    previousHash: e.previousHash,
  };
}

export function toEsdbEvent(e: StoredEvent) {
  return jsonEvent({
    id: e.id,
    type: e.type,
    data: e.data as JSONType,
    metadata: metadataOf(e) as unknown as JSONType,
  });
}

/** Bytes of an event's data and metadata as read (an estimate of what the read carried). */
export function recordBytes(resolved: ResolvedEvent): number {
  const e = resolved.event;
  if (!e) return 0;
  const size = (v: unknown) => (v instanceof Uint8Array ? v.length : Buffer.byteLength(JSON.stringify(v ?? null)));
  return size(e.data) + size(e.metadata);
}

export function esdbExpected(revision: number | null): AppendExpectedRevision {
  return revision === null ? 'no_stream' : BigInt(revision);
}

/**
 * Reads a client read stream to its end. Always drain them: a gRPC read left half-read keeps its
 * call open (grpc-js holds the status until every message is consumed), and the client's
 * dispose() then waits for it forever.
 */
export async function collect<T>(readable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of readable) out.push(item);
  return out;
}
