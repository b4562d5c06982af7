// The distributed event store: EventStoreDB through @eventstore/db-client (gRPC).
//
// Each of our events is one ESDB JSON event: its ESDB id is our id, its type our type, its data our
// data, and its metadata JSON carries the rest (schemaVersion, effectiveAt, recordedAt, the
// normalised EventMetadata, hash, previousHash). The server assigns the global order, so hashes
// chain within a stream (chainScope 'stream'): an append reads the stream's tail, computes the
// hashes from its last event, and writes with the ESDB expected revision set to exactly that tail,
// so two writers can never both extend the same link. `position` is the ESDB commit position.
//
// Where this differs from the embedded store:
// - Idempotency looks for event ids among the stream's last events only (ESDB has no id index the
//   client can ask): at most IDEMPOTENCY_WINDOW events and about IDEMPOTENCY_BYTES of them, so an
//   append never re-reads a stream of long versions whole. Only the stream appended to is searched:
//   the embedded store refuses an id stored in another stream with a ConcurrencyError, this one
//   stores it. Ids are lower-cased first, as the server stores them.
// - A retry after a fault (unavailable, cancelled, not leader, deadline) resends the very same
//   events at the same expected revision, so a server that already wrote them acknowledges them
//   without writing again (IndexWriter.CheckCommit: ids at exactly the revisions after the
//   expected one). Two writers racing with the same ids: the loser is told "already stored".
// - An append is refused before sending when it is over the node's MaxAppendSize (1 MiB unless
//   configured otherwise), with EventTooLargeError; restore splits stream runs to fit.
// - Reads that must see the write just made (the tail, the read-back, stream revision, head)
//   require the leader, so a lagging follower never answers them.
// - Positions: a checkpoint (`after`) must be 0n or a position this store reported, because a node
//   reads $all only from record boundaries; any other answers InvalidPositionError. Positions are
//   read as commit = prepare, which holds for gRPC appends. Positions of events read from a stream
//   need a server of 22.6 or later.
// - restore keeps ids, streams, revisions, recorded times and hashes, but the server assigns new
//   positions.
// - Events in non-system streams that this adapter did not write (no hash in their metadata) are
//   skipped by every read, as system events are.
import {
  AccessDeniedError,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  NotLeaderError,
  START,
  StreamDeletedError as ClientStreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type JSONType,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { assertChainsOnto, chainEvents, GENESIS_HASH, normaliseMetadata } from '../hashChain.ts';
import {
  ANY,
  ChainBrokenError,
  ConcurrencyError,
  EventTooLargeError,
  InvalidPositionError,
  revisionMatches,
  StoreAccessDeniedError,
  StreamDeletedError,
  StoreUnavailableError,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventSubscription,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from '../store.ts';

/** Events per read request. */
const PAGE = 512;
/** How far back an append looks for event ids already stored in the stream: at most this many events... */
const IDEMPOTENCY_WINDOW = 128;
/** ...and about this many bytes of them (data + metadata), whichever comes first. */
const IDEMPOTENCY_BYTES = 256 * 1024;
/** Streams whose average event size an adapter remembers. */
const AVERAGE_SIZE_ENTRIES = 10_000;
/** An append re-reads the tail and tries again at most this many times when another writer got in first. */
const MAX_ATTEMPTS = 8;
/** A call that meets a fault (see isTransient) is sent again at most this many times in all... */
const MAX_TRANSIENT_ATTEMPTS = 8;
/** ...waiting this long times the attempt number before each. */
const RETRY_STEP_MS = 25;
/** EventStoreDB's default MaxAppendSize (bytes per append), up to server 25.0. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;
/** A subscription pauses the gRPC stream when this many events wait for the consumer... */
const HIGH_WATER = 1024;
/** ...and resumes it below this many. */
const LOW_WATER = 256;
/** What servers before 22.6 report as the position of an event read from its stream. */
const NO_POSITION = 0xffff_ffff_ffff_ffffn;

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Source of recorded time; tests fix it. */
  clock?: () => Date;
  /** The node's MaxAppendSize in bytes (default 1,048,576, the server's default). */
  maxAppendSize?: number;
}

/**
 * @eventstore/db-client 6 parses only `esdb://` and `esdb+discover://`; KurrentDB's own spellings
 * (`kurrentdb://`, `kdb://`, with or without `+discover`) name the same thing, so they are
 * translated. Anything else is left for the client to refuse.
 */
export function clientConnectionString(connectionString: string): string {
  return connectionString.trim().replace(/^(?:kurrentdb|kdb)(\+discover)?:\/\//i, (_, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

/** Faults after which the same call may be sent again: the node went away, is shutting down, is no longer the leader (the client reconnects to the one it names) or did not answer in time. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError
  );
}

/** The answer a node gives for a read from a position that is not a record boundary. */
function isInvalidPosition(error: unknown): boolean {
  return error instanceof Error && /invalid position/i.test(error.message);
}

/** The port's typed error for a node's answer to a read or subscription from `position`, or the error itself. */
function readError(error: unknown, position: bigint): unknown {
  if (isInvalidPosition(error)) return new InvalidPositionError(position);
  if (error instanceof AccessDeniedError) return new StoreAccessDeniedError(error.message || 'access denied');
  return error;
}

/** Size of one event as the server counts it against MaxAppendSize (Event.SizeOnDisk): data + metadata + 2 x type length. */
function appendSize(e: StoredEvent): number {
  return Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(metadataOf(e))) + e.type.length * 2;
}

/** Event ids as the server stores and reports them: lower case. */
function normaliseId<T extends { id: string }>(e: T): T {
  const id = e.id.toLowerCase();
  return id === e.id ? e : { ...e, id };
}

/** What the ESDB event's metadata JSON holds besides the ESDB fields. */
interface EsdbEventMetadata {
  schemaVersion: number;
  effectiveAt: string;
  recordedAt: string;
  metadata: Required<EventMetadata>;
  hash: string;
  previousHash: string;
}

interface StreamTail {
  revision: number | null;
  lastHash: string;
  lastPosition: bigint | null;
  /** Ids of the stream's last events (up to IDEMPOTENCY_WINDOW). */
  ids: Set<string>;
}

function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

function isOurMetadata(m: unknown): m is EsdbEventMetadata {
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

function positionOf(resolved: ResolvedEvent): bigint | null {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  return commit === undefined || commit === NO_POSITION ? null : commit;
}

/**
 * Our view of an ESDB event, or null for system events and events this adapter did not write
 * (they carry no hash and cannot take part in the chain).
 */
function toStored(resolved: ResolvedEvent): StoredEvent | null {
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

function metadataOf(e: StoredEvent): EsdbEventMetadata {
  return {
    schemaVersion: e.schemaVersion,
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
    metadata: normaliseMetadata(e.metadata),
    hash: e.hash,
    previousHash: e.previousHash,
  };
}

function toEsdbEvent(e: StoredEvent) {
  return jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: metadataOf(e) as unknown as JSONType });
}

/** Bytes of an event's data and metadata as read (an estimate of what the read carried). */
function recordBytes(resolved: ResolvedEvent): number {
  const e = resolved.event;
  if (!e) return 0;
  const size = (v: unknown) => (v instanceof Uint8Array ? v.length : Buffer.byteLength(JSON.stringify(v ?? null)));
  return size(e.data) + size(e.metadata);
}

function esdbExpected(revision: number | null): AppendExpectedRevision {
  return revision === null ? 'no_stream' : BigInt(revision);
}

/**
 * Reads a client read stream to its end. Always drain them: a gRPC read left half-read keeps its
 * call open (grpc-js holds the status until every message is consumed), and the client's
 * dispose() then waits for it forever.
 */
async function collect<T>(readable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of readable) out.push(item);
  return out;
}

export class EsdbEventStore implements EventStore {
  readonly chainScope = 'stream' as const;
  private readonly client: EventStoreDBClient;
  private readonly clock: () => Date;
  private readonly maxAppendSize: number;
  /** Average bytes per event of recently appended streams (see readTail), oldest dropped first. */
  private readonly averageSize = new Map<string, number>();
  private readonly subscriptions = new Set<EventSubscription>();
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(clientConnectionString(options.connectionString));
    this.clock = options.clock ?? (() => new Date());
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision;
    const proposed = events.map(normaliseId);
    for (let attempt = 1; ; attempt += 1) {
      const tail = await this.retrying(() => this.readTail(streamId, proposed));
      const seen = new Set(tail.ids);
      const fresh = proposed.filter((e) => {
        if (seen.has(e.id)) return false;
        seen.add(e.id);
        return true;
      });
      // A retried append whose events are all stored already is acknowledged again, unchanged.
      if (fresh.length === 0 && proposed.length > 0) {
        return { nextRevision: tail.revision ?? -1, position: tail.lastPosition ?? 0n, appended: [] };
      }
      if (!revisionMatches(expected, tail.revision)) throw new ConcurrencyError(streamId, expected ?? ANY, tail.revision);
      if (fresh.length === 0) return { nextRevision: tail.revision ?? -1, position: tail.lastPosition ?? 0n, appended: [] };

      const drafts = this.chain(streamId, fresh, tail);
      const size = drafts.reduce((sum, e) => sum + appendSize(e), 0);
      if (size > this.maxAppendSize) throw new EventTooLargeError(streamId, size, this.maxAppendSize);
      if ((await this.send(streamId, drafts, tail.revision, size)) === 'conflict') {
        // Another writer extended the stream between our read and our write. Reading the tail again
        // tells a retry of the same events (acknowledged) from a conflict (a ConcurrencyError when
        // the caller named a revision); with ANY we chain onto the new tail and try again.
        if (attempt >= MAX_ATTEMPTS) {
          throw new ConcurrencyError(streamId, expected ?? ANY, await this.streamRevision(streamId));
        }
        continue;
      }
      return this.retrying(() => this.readBack(streamId, drafts));
    }
  }

  /**
   * Sends one append. A fault is answered by sending the very same events at the same expected
   * revision again: if the first one was written, the server acknowledges it without writing twice.
   */
  private async send(streamId: string, drafts: StoredEvent[], revision: number | null, size: number): Promise<'written' | 'conflict'> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.client.appendToStream(streamId, drafts.map(toEsdbEvent), {
          expectedRevision: esdbExpected(revision),
          requiresLeader: true,
        });
        // With throwOnAppendFailure=false in the connection string a conflict is an answer, not an error.
        return result.success ? 'written' : 'conflict';
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) return 'conflict';
        if (error instanceof MaxAppendSizeExceededError) {
          throw new EventTooLargeError(streamId, size, error.maxAppendSize ?? this.maxAppendSize);
        }
        if (!isTransient(error)) throw error;
        if (attempt >= MAX_TRANSIENT_ATTEMPTS) throw new StoreUnavailableError(attempt, error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_STEP_MS * attempt));
      }
    }
  }

  /** Runs a read again after a fault, a few times, then gives up with StoreUnavailableError. */
  private async retrying<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await read();
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (attempt >= MAX_TRANSIENT_ATTEMPTS) throw new StoreUnavailableError(attempt, error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_STEP_MS * attempt));
      }
    }
  }

  /** Gives fresh events their revisions, recorded time and hashes, chained onto the stream's tail. */
  private chain(streamId: string, fresh: NewEvent[], tail: StreamTail): StoredEvent[] {
    const chained = chainEvents(streamId, fresh, { revision: tail.revision, hash: tail.lastHash }, this.clock().toISOString());
    return chained.map((e) => ({ ...e, position: 0n }));
  }

  /**
   * The events just written, as the leader now holds them (with their positions): only the
   * revisions this append took. When the same ids sit there with other hashes, another writer
   * stored these events first (the server acknowledged ours without writing): already stored.
   */
  private async readBack(streamId: string, drafts: StoredEvent[]): Promise<AppendResult> {
    const first = drafts[0]!.revision;
    const resolved = await collect(
      this.client.readStream(streamId, {
        fromRevision: BigInt(first),
        maxCount: drafts.length,
        direction: FORWARDS,
        requiresLeader: true,
      }),
    );
    const stored = resolved.map(toStored);
    const sameIds = drafts.every((draft, i) => stored[i]?.id === draft.id && stored[i]?.revision === draft.revision);
    if (!sameIds) throw new Error(`EventStoreDB did not return ${streamId}@${first} as it was written`);
    const last = stored.at(-1)!;
    if (drafts.every((draft, i) => stored[i]!.hash === draft.hash)) {
      return { nextRevision: last.revision, position: last.position, appended: stored as StoredEvent[] };
    }
    return { nextRevision: last.revision, position: last.position, appended: [] };
  }

  /**
   * The stream's last event (to chain onto) and the ids of its last events, read backwards from
   * the leader until every id of `proposed` is found or the look-back window is spent (see
   * IDEMPOTENCY_WINDOW and IDEMPOTENCY_BYTES).
   */
  private async readTail(streamId: string, proposed: NewEvent[]): Promise<StreamTail> {
    const none: StreamTail = { revision: null, lastHash: GENESIS_HASH, lastPosition: null, ids: new Set() };
    const readBackwards = async (from: bigint | typeof END, maxCount: number) => {
      try {
        return await collect(this.client.readStream(streamId, { fromRevision: from, direction: BACKWARDS, maxCount, requiresLeader: true }));
      } catch (error) {
        if (error instanceof StreamNotFoundError) return null;
        if (error instanceof ClientStreamDeletedError) throw new StreamDeletedError(streamId);
        throw error;
      }
    };
    // The first read takes as many events as the look-back budget allows at this stream's average
    // size when last seen (one event for a stream not seen yet), so a stream of small events needs
    // a single read.
    const knownAverage = this.averageSize.get(streamId);
    const firstCount = knownAverage ? Math.max(1, Math.min(PAGE, IDEMPOTENCY_WINDOW, Math.floor(IDEMPOTENCY_BYTES / knownAverage))) : 1;
    const head = await readBackwards(END, proposed.length > 0 ? firstCount : 1);
    const lastRecord = head?.[0]?.event;
    if (!head || !lastRecord) {
      // Not found may mean soft-deleted: the server would then accept a write expecting no stream
      // and number it on from `$tb`, out of step with a chain started afresh. Refuse instead.
      if (proposed.length > 0) {
        const { metadata } = await this.client.getStreamMetadata(streamId, { requiresLeader: true });
        if (metadata?.truncateBefore !== undefined) throw new StreamDeletedError(streamId);
      }
      return none;
    }
    const last = toStored(head[0]!);
    if (!last) throw new Error(`The last event of ${streamId} was not written by this adapter, so it cannot be chained onto`);
    const wanted = new Set(proposed.map((e) => e.id));
    const ids = new Set<string>();
    let bytes = 0;
    let count = 0;
    let next = Number(lastRecord.revision);
    const take = (page: ResolvedEvent[]) => {
      for (const r of page) {
        if (!r.event) continue;
        ids.add(r.event.id);
        wanted.delete(r.event.id);
        bytes += recordBytes(r);
        count += 1;
        next = Number(r.event.revision) - 1;
      }
    };
    take(head);
    while (wanted.size > 0 && next >= 0 && count < IDEMPOTENCY_WINDOW) {
      // Page by the average size seen so far, so a stream of long versions is not read whole.
      const budget = IDEMPOTENCY_BYTES - bytes;
      const average = Math.max(1, bytes / count);
      const maxCount = Math.min(PAGE, IDEMPOTENCY_WINDOW - count, Math.floor(budget / average));
      if (maxCount < 1) break;
      const page = await readBackwards(BigInt(next), maxCount);
      if (!page || page.length === 0) break;
      take(page);
    }
    if (this.averageSize.size >= AVERAGE_SIZE_ENTRIES) this.averageSize.delete(this.averageSize.keys().next().value!);
    this.averageSize.set(streamId, Math.max(1, bytes / count));
    return { revision: Number(lastRecord.revision), lastHash: last.hash, lastPosition: last.position, ids };
  }

  /**
   * Restores exported events (see the port). A large export is restored in several calls: each
   * stream's first event in a call must continue that stream as the log holds it. Runs of one
   * stream are split so that no append is over the node's MaxAppendSize.
   */
  async restore(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Check everything before writing anything.
    const tails = new Map<string, { revision: number | null; hash: string }>();
    let previousPosition = -1n;
    for (const e of events) {
      if (e.position <= previousPosition) throw new ChainBrokenError(e.position, 'positions must increase');
      previousPosition = e.position;
      let tail = tails.get(e.streamId);
      if (!tail) {
        const stored = await this.retrying(() => this.readTail(e.streamId, []));
        tail = { revision: stored.revision, hash: stored.lastHash };
      }
      const current = tail.revision;
      if (e.revision !== (current ?? -1) + 1) {
        throw new ChainBrokenError(e.position, `${e.streamId} is at revision ${current ?? 'none'}, the event claims ${e.revision}`);
      }
      assertChainsOnto(e, tail.hash, 'the event before it in its stream');
      const size = appendSize(e);
      if (size > this.maxAppendSize) throw new EventTooLargeError(e.streamId, size, this.maxAppendSize);
      tails.set(e.streamId, { revision: e.revision, hash: e.hash });
    }
    // Write runs of consecutive events of one stream, keeping the exported order across streams,
    // each run in appends that fit the size limit. The server assigns new positions; ids, streams,
    // revisions, times and hashes are kept.
    for (let i = 0; i < events.length; ) {
      let j = i;
      let size = 0;
      while (j < events.length && events[j]!.streamId === events[i]!.streamId) {
        const next = appendSize(events[j]!);
        if (j > i && size + next > this.maxAppendSize) break;
        size += next;
        j += 1;
      }
      const run = events.slice(i, j);
      const first = run[0]!;
      const written = await this.send(first.streamId, run, first.revision === 0 ? null : first.revision - 1, size);
      if (written === 'conflict') {
        throw new ChainBrokenError(first.position, `${first.streamId} was written to by someone else during the restore`);
      }
      i = j;
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let from = options.fromRevision ?? 0;
    for (;;) {
      let page: ResolvedEvent[];
      try {
        page = await collect(
          this.client.readStream(streamId, { fromRevision: BigInt(from), maxCount: PAGE, direction: FORWARDS, requiresLeader: true }),
        );
      } catch (error) {
        if (error instanceof StreamNotFoundError) return;
        throw error;
      }
      for (const resolved of page) {
        const e = toStored(resolved);
        if (e) yield e;
      }
      const last = page.at(-1)?.event;
      if (page.length < PAGE || !last) return;
      from = Number(last.revision) + 1;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = options.after ?? 0n;
    const to = options.to;
    // `from` is read from itself (a forward read includes the event at its position).
    let start: bigint | null = options.from !== undefined && options.from > after ? options.from : null;
    if (start !== null) after = start - 1n;
    for (;;) {
      // Reading forwards from a position includes the event at it; `after` excludes it again.
      const at = start ?? after;
      start = null;
      const fromPosition: ReadPosition = at > 0n ? { commit: at, prepare: at } : START;
      let page: ResolvedEvent[];
      try {
        page = await collect(this.client.readAll({ fromPosition, maxCount: PAGE, direction: FORWARDS }));
      } catch (error) {
        throw readError(error, at);
      }
      let progressed = false;
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position === null || position <= after) continue;
        if (to !== undefined && position > to) return;
        after = position;
        progressed = true;
        const e = toStored(resolved);
        if (e) yield e;
      }
      if (page.length < PAGE || !progressed) return;
    }
  }

  subscribeAll(options: { after?: bigint } = {}): EventSubscription {
    let last = options.after ?? 0n;
    const subscription = this.client.subscribeToAll({
      fromPosition: last > 0n ? { commit: last, prepare: last } : START,
      filter: excludeSystemEvents(),
    });
    const queue: StoredEvent[] = [];
    let failure: unknown = null;
    let ended = false;
    let closed = false;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    subscription.on('data', (resolved: ResolvedEvent) => {
      if (closed) return;
      try {
        const e = toStored(resolved);
        if (!e || e.position <= last) return;
        last = e.position;
        queue.push(e);
        if (queue.length >= HIGH_WATER) subscription.pause();
      } catch (error) {
        failure ??= error;
      }
      notify();
    });
    subscription.on('error', (error: unknown) => {
      if (!closed) failure ??= readError(error, options.after ?? 0n);
      notify();
    });
    subscription.on('end', () => {
      ended = true;
      notify();
    });

    const stop = async () => {
      if (closed) return;
      closed = true;
      notify();
      // Let a paused stream flow again so the cancelled call can finish (events are dropped now).
      subscription.resume();
      await subscription.unsubscribe().catch(() => undefined);
    };

    async function* run(): AsyncGenerator<StoredEvent> {
      try {
        for (;;) {
          if (closed) return;
          const next = queue.shift();
          if (next) {
            if (queue.length < LOW_WATER && subscription.isPaused()) subscription.resume();
            yield next;
            continue;
          }
          if (failure) throw failure;
          if (ended) throw new Error('The EventStoreDB subscription ended unexpectedly');
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        await stop();
      }
    }

    const iterator = run();
    const handle: EventSubscription = {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        this.subscriptions.delete(handle);
        await stop();
        await iterator.return(undefined);
      },
    };
    this.subscriptions.add(handle);
    return handle;
  }

  async streamRevision(streamId: string): Promise<number | null> {
    try {
      const [last] = await collect(
        this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1, requiresLeader: true }),
      );
      return last?.event ? Number(last.event.revision) : null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  async headPosition(): Promise<bigint> {
    // The last event readAll would yield (system events and events not written by us skipped).
    return this.positionFromEnd(1);
  }

  async positionFromEnd(count: number): Promise<bigint> {
    // Backwards from the end, counting the events readAll would yield (ours, not system events).
    let fromPosition: ReadPosition = END;
    let before: bigint | null = null;
    let seen = 0;
    for (;;) {
      const page = await collect(this.client.readAll({ fromPosition, maxCount: PAGE, direction: BACKWARDS, requiresLeader: true }));
      let lowest: bigint | null = null;
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position === null || (before !== null && position >= before)) continue;
        lowest = position;
        if (toStored(resolved)) {
          seen += 1;
          if (seen >= count) return position;
        }
      }
      if (page.length < PAGE || lowest === null) return 0n;
      before = lowest;
      fromPosition = { commit: lowest, prepare: lowest };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}
