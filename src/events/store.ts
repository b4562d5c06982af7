// The EventStore port: everything outside src/events/adapters talks to the log through this
// interface only. Adapters are chosen by src/events/factory.ts from configuration.

/** Append only if the stream does not exist yet. */
export const NO_STREAM = 'no_stream' as const;
/** Append whatever the stream's current revision. */
export const ANY = 'any' as const;
export type ExpectedRevision = typeof NO_STREAM | typeof ANY | number;

export interface EventMetadata {
  /** Who made the change: the token's name for editors, `seed` or `import` for loaded history. */
  actor: string;
  /** Where the fact came from, e.g. the newsletter issue that reported it. */
  source?: string | null;
  changeNote?: string | null;
  correlationId?: string | null;
  causationId?: string | null;
  idempotencyKey?: string | null;
  /** SHA-256 of the command that produced the event, to tell a retry from a reused key. */
  commandHash?: string | null;
}

/** An event as a writer hands it to the store. */
export interface NewEvent {
  /** UUID. Deterministic for imported facts, so importing twice stores once. */
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  /** When the change took effect in the world: YYYY-MM-DD or an ISO date-time. */
  effectiveAt: string;
  metadata: EventMetadata;
}

/** An event as the log holds it. */
export interface StoredEvent extends NewEvent {
  streamId: string;
  /** 0-based position inside its stream. */
  revision: number;
  /** Global, monotonic position in the whole log; bigint because it can exceed 2^53. */
  position: bigint;
  /** When the log learned of the event (ISO date-time, UTC). */
  recordedAt: string;
  /** SHA-256 (hex) over `previousHash` and the event's canonical form; see hashChain.ts. */
  hash: string;
  previousHash: string;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append (that of its last event). */
  nextRevision: number;
  /** Global position of the last event of the stream after the append. */
  position: bigint;
  /** Events this call stored; empty when every event id was already stored. */
  appended: StoredEvent[];
}

export interface ReadAllOptions {
  /**
   * Read events whose position is strictly greater than this (a checkpoint). Positions are not
   * numbers to compute with: it must be 0n or a position the store reported (EventStoreDB reads
   * $all only from record boundaries and answers InvalidPositionError elsewhere).
   */
  after?: bigint;
  /** Read events whose position is this one or greater; like `after`, a position the store reported. */
  from?: bigint;
  /** Stop after this position (inclusive). */
  to?: bigint;
  /**
   * The reader will take each event's Merkle leaf (merkle.ts leafOf): a store may work leaves out
   * ahead, in parallel, and note them on the events it yields. A hint; the events are the same.
   */
  leaves?: boolean;
}

/** Where an event stands in its stream. */
export interface EventRef {
  streamId: string;
  revision: number;
}

/** readEvents by one readStream of one event per reference, for stores with no read of many streams at once. */
export async function readEventsOneByOne(
  store: Pick<EventStore, 'readStream'>,
  refs: readonly EventRef[],
): Promise<(StoredEvent | null)[]> {
  return Promise.all(
    refs.map(async ({ streamId, revision }) => {
      for await (const e of store.readStream(streamId, { fromRevision: revision, maxCount: 1 }))
        return e.revision === revision ? e : null;
      return null;
    }),
  );
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Read at most this many events (every one to the end when absent); a positive whole number. */
  maxCount?: number;
}

/** A live subscription: iterate to receive events; close to stop. */
export interface EventSubscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

/**
 * How the adapter chains hashes. `global`: each event's previousHash is that of the event just
 * before it in the whole log (the embedded store serialises all writes). `stream`: previousHash is
 * that of the previous event in the same stream (a distributed store assigns global order on the
 * server, so a client can only chain within the stream it holds the expected revision for).
 */
export type ChainScope = 'global' | 'stream';

export interface EventStore {
  readonly chainScope: ChainScope;
  append(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /**
   * The events at these stream revisions, one per reference in the order given: null where the
   * stream holds no event at that revision. A listing's events in one call (one query on the
   * embedded store) rather than one read each.
   */
  readEvents(refs: readonly EventRef[]): Promise<(StoredEvent | null)[]>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** Catch-up subscription: every stored event after `after`, then live ones as they arrive. */
  subscribeAll(options?: { after?: bigint }): EventSubscription;
  /** Revision of the stream's last event, or null when the stream does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /** Position of the last event in the log; 0n when the log is empty. */
  headPosition(): Promise<bigint>;
  /**
   * Position of the `count`-th event from the end of the log (count 1 is the head), to read the
   * log's last events from with `from`; 0n when the log holds fewer events.
   */
  positionFromEnd(count: number): Promise<bigint>;
  /**
   * Restores events exported from a log of the same kind, keeping their ids, streams, revisions
   * and recorded times; each event's hash is recomputed and must equal the exported one, so a
   * file that was altered or reordered is refused. Only into an empty log.
   */
  restore(events: StoredEvent[]): Promise<void>;
  /**
   * A consistent copy of the whole log into `file`, taken while writes go on (embedded store
   * only; a server-based store is backed up with its server's own tools).
   */
  backup?(file: string): Promise<void>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(
      `Stream ${streamId} is at revision ${actual ?? 'none (no stream)'}, but revision ${String(expected)} was expected`,
    );
    this.name = 'ConcurrencyError';
  }
}

/** Thrown when restored events do not reproduce their recorded hashes. */
export class ChainBrokenError extends Error {
  readonly code = 'CHAIN_BROKEN';
  constructor(
    readonly position: bigint,
    readonly reason: string,
  ) {
    super(`The event at position ${position} does not fit the hash chain: ${reason}`);
    this.name = 'ChainBrokenError';
  }
}

/** Thrown when an event fails its catalogue schema on write or read. */
export class InvalidEventError extends Error {
  readonly code = 'INVALID_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export function revisionMatches(expected: ExpectedRevision | undefined, actual: number | null): boolean {
  if (expected === undefined || expected === ANY) return true;
  if (expected === NO_STREAM) return actual === null;
  return actual === expected;
}

/**
 * Thrown before anything is sent when an append is larger than the store accepts in one call
 * (EventStoreDB's MaxAppendSize, 1,048,576 bytes by default: the sum over the events of data +
 * metadata + twice the type's length, as the server counts it). Nothing is written.
 */
export class EventTooLargeError extends Error {
  readonly code = 'EVENT_TOO_LARGE';
  constructor(
    readonly streamId: string,
    /** Bytes the append would take, as the server counts them. */
    readonly size: number,
    /** The store's limit in bytes. */
    readonly limit: number,
  ) {
    super(`An append of ${size} bytes to ${streamId} is over the event store's limit of ${limit} bytes per append`);
    this.name = 'EventTooLargeError';
  }
}

/**
 * Thrown when a read or subscription starts at a position the log cannot start from: EventStoreDB
 * reads $all only from record boundaries (0, a position it reported, or the end).
 */
export class InvalidPositionError extends Error {
  readonly code = 'INVALID_POSITION';
  constructor(readonly position: bigint) {
    super(
      `Position ${position} is not the position of an event in this log; read from 0 or from a position the log reported`,
    );
    this.name = 'InvalidPositionError';
  }
}

/** Thrown when the store could not be reached after every retry; the call may be retried later. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `The event store (EventStoreDB) did not answer after ${attempts} attempts: ${cause instanceof Error ? cause.message || cause.name : String(cause)}`,
    );
    this.name = 'StoreUnavailableError';
  }
}

/** Thrown when the store refuses the credentials it was given (EventStoreDB: access denied). */
export class StoreAccessDeniedError extends Error {
  readonly code = 'STORE_ACCESS_DENIED';
  constructor(detail: string) {
    super(`The event store refused access: ${detail}`);
    this.name = 'StoreAccessDeniedError';
  }
}

/**
 * Whether trying the same read or subscription again cannot succeed: the store answered about the
 * request itself (a bad position, refused credentials, a broken or invalid log), not about the
 * connection to it. Followers stop retrying these.
 */
export function isPermanentStoreError(error: unknown): boolean {
  return (
    error instanceof InvalidPositionError ||
    error instanceof StoreAccessDeniedError ||
    error instanceof ChainBrokenError ||
    error instanceof InvalidEventError
  );
}

/**
 * Thrown when appending to a stream that was deleted on the store (EventStoreDB: soft-deleted, so
 * `$tb` is set, or tombstoned). Its hash chain cannot go on from events the store now hides, so
 * nothing is written; the stream must be restored or the change made under another id.
 */
export class StreamDeletedError extends Error {
  readonly code = 'STREAM_DELETED';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was deleted on the event store; nothing can be appended to it`);
    this.name = 'StreamDeletedError';
  }
}
