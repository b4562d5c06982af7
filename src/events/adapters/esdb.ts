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
// - Idempotency looks for event ids among the stream's last IDEMPOTENCY_WINDOW events only (ESDB
//   has no id index), and only in the stream appended to: the embedded store refuses an id stored
//   in another stream with a ConcurrencyError, this one stores it.
// - Positions: a checkpoint (`after`) must be 0n or a position this store reported, because a node
//   reads $all only from record boundaries; positions are read as commit = prepare, which holds
//   for gRPC appends. Positions of events read from a stream need a server of 22.6 or later.
// - restore keeps ids, streams, revisions, recorded times and hashes, but the server assigns new
//   positions.
// - Events in non-system streams that this adapter did not write (no hash in their metadata) are
//   skipped by every read, as system events are.
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type JSONType,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { eventHash, GENESIS_HASH, normaliseMetadata } from '../hashChain.ts';
import {
  ANY,
  ChainBrokenError,
  ConcurrencyError,
  revisionMatches,
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
/** How far back an append looks for event ids already stored in the stream. */
const IDEMPOTENCY_WINDOW = 1000;
/** An append re-reads the tail and tries again at most this many times when another writer got in first. */
const MAX_ATTEMPTS = 8;
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

function toEsdbEvent(e: StoredEvent) {
  const metadata: EsdbEventMetadata = {
    schemaVersion: e.schemaVersion,
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
    metadata: normaliseMetadata(e.metadata),
    hash: e.hash,
    previousHash: e.previousHash,
  };
  return jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: metadata as unknown as JSONType });
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
  private readonly subscriptions = new Set<EventSubscription>();
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.clock = options.clock ?? (() => new Date());
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(streamId, events, expected, attempt);
      } catch (error) {
        // When one call fails the client closes its whole channel, failing appends in flight.
        // Retrying is safe: the events keep their ids, so one that did land is acknowledged as
        // already stored instead of being written twice.
        if (!(error instanceof UnavailableError) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      }
    }
  }

  private async appendOnce(
    streamId: string,
    events: NewEvent[],
    expected: AppendOptions['expectedRevision'],
    firstAttempt: number,
  ): Promise<AppendResult> {
    for (let attempt = firstAttempt; ; attempt += 1) {
      const tail = await this.readTail(streamId);
      const seen = new Set(tail.ids);
      const fresh = events.filter((e) => {
        if (seen.has(e.id)) return false;
        seen.add(e.id);
        return true;
      });
      // A retried append whose events are all stored already is acknowledged again, unchanged.
      if (fresh.length === 0 && events.length > 0) {
        return { nextRevision: tail.revision ?? -1, position: tail.lastPosition ?? 0n, appended: [] };
      }
      if (!revisionMatches(expected, tail.revision)) throw new ConcurrencyError(streamId, expected ?? ANY, tail.revision);
      if (fresh.length === 0) return { nextRevision: tail.revision ?? -1, position: tail.lastPosition ?? 0n, appended: [] };

      const drafts = this.chain(streamId, fresh, tail);
      try {
        await this.client.appendToStream(streamId, drafts.map(toEsdbEvent), { expectedRevision: esdbExpected(tail.revision) });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Another writer extended the stream between our read and our write. Reading the tail again
        // tells a retry of the same events (acknowledged) from a conflict (a ConcurrencyError when
        // the caller named a revision); with ANY we chain onto the new tail and try again.
        if (attempt >= MAX_ATTEMPTS) {
          throw new ConcurrencyError(streamId, expected ?? ANY, await this.streamRevision(streamId));
        }
        continue;
      }
      const appended = await this.readBack(streamId, drafts);
      const last = appended.at(-1)!;
      return { nextRevision: last.revision, position: last.position, appended };
    }
  }

  /** Gives fresh events their revisions, recorded time and hashes, chained onto the stream's tail. */
  private chain(streamId: string, fresh: NewEvent[], tail: StreamTail): StoredEvent[] {
    const recordedAt = this.clock().toISOString();
    let previousHash = tail.lastHash;
    let revision = tail.revision ?? -1;
    return fresh.map((e) => {
      revision += 1;
      const draft = { ...e, metadata: normaliseMetadata(e.metadata), streamId, revision, recordedAt };
      const hash = eventHash(previousHash, draft);
      const stored: StoredEvent = { ...draft, position: 0n, previousHash, hash };
      previousHash = hash;
      return stored;
    });
  }

  /** The events just written, as the server now holds them (with their positions). */
  private async readBack(streamId: string, drafts: StoredEvent[]): Promise<StoredEvent[]> {
    const first = drafts[0]!.revision;
    const resolved = await collect(
      this.client.readStream(streamId, { fromRevision: BigInt(first), maxCount: drafts.length, direction: FORWARDS }),
    );
    const stored = resolved.map(toStored);
    return drafts.map((draft, i) => {
      const e = stored[i];
      if (!e || e.id !== draft.id || e.revision !== draft.revision || e.hash !== draft.hash) {
        throw new Error(`EventStoreDB did not return ${streamId}@${draft.revision} as it was written`);
      }
      return e;
    });
  }

  private async readTail(streamId: string): Promise<StreamTail> {
    let resolved: ResolvedEvent[];
    try {
      resolved = await collect(
        this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: IDEMPOTENCY_WINDOW }),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { revision: null, lastHash: GENESIS_HASH, lastPosition: null, ids: new Set() };
      throw error;
    }
    const lastRecord = resolved[0]?.event;
    if (!lastRecord) return { revision: null, lastHash: GENESIS_HASH, lastPosition: null, ids: new Set() };
    const last = toStored(resolved[0]!);
    if (!last) throw new Error(`The last event of ${streamId} was not written by this adapter, so it cannot be chained onto`);
    const ids = new Set<string>();
    for (const r of resolved) if (r.event) ids.add(r.event.id);
    return { revision: Number(lastRecord.revision), lastHash: last.hash, lastPosition: last.position, ids };
  }

  async restore(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    if ((await this.headPosition()) !== 0n) throw new Error('restore needs an empty log');
    // Check everything before writing anything.
    const tails = new Map<string, { revision: number; hash: string }>();
    let previousPosition = -1n;
    for (const e of events) {
      if (e.position <= previousPosition) throw new ChainBrokenError(e.position, 'positions must increase');
      previousPosition = e.position;
      const tail = tails.get(e.streamId);
      const current = tail?.revision ?? null;
      if (e.revision !== (current ?? -1) + 1) {
        throw new ChainBrokenError(e.position, `${e.streamId} is at revision ${current ?? 'none'}, the event claims ${e.revision}`);
      }
      const previousHash = tail?.hash ?? GENESIS_HASH;
      if (e.previousHash !== previousHash) throw new ChainBrokenError(e.position, 'its previous hash is not the hash of the event before it in its stream');
      if (eventHash(previousHash, { ...e, metadata: normaliseMetadata(e.metadata) }) !== e.hash) {
        throw new ChainBrokenError(e.position, 'its content does not match its hash');
      }
      tails.set(e.streamId, { revision: e.revision, hash: e.hash });
    }
    // Write runs of consecutive events of one stream, keeping the exported order across streams.
    // The server assigns new positions; ids, streams, revisions, times and hashes are kept.
    for (let i = 0; i < events.length; ) {
      let j = i + 1;
      while (j < events.length && events[j]!.streamId === events[i]!.streamId) j += 1;
      const run = events.slice(i, j);
      const first = run[0]!;
      await this.client.appendToStream(first.streamId, run.map(toEsdbEvent), {
        expectedRevision: esdbExpected(first.revision === 0 ? null : first.revision - 1),
      });
      i = j;
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let from = options.fromRevision ?? 0;
    for (;;) {
      let page: ResolvedEvent[];
      try {
        page = await collect(this.client.readStream(streamId, { fromRevision: BigInt(from), maxCount: PAGE, direction: FORWARDS }));
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
    for (;;) {
      // Reading forwards from a position includes the event at it; `after` excludes it again.
      const fromPosition: ReadPosition = after > 0n ? { commit: after, prepare: after } : START;
      const page = await collect(this.client.readAll({ fromPosition, maxCount: PAGE, direction: FORWARDS }));
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
      if (!closed) failure ??= error;
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
      const [last] = await collect(this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }));
      return last?.event ? Number(last.event.revision) : null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  async headPosition(): Promise<bigint> {
    // The last event readAll would yield: skip system events (and any not written by us).
    let fromPosition: ReadPosition = END;
    let before: bigint | null = null;
    for (;;) {
      const page = await collect(this.client.readAll({ fromPosition, maxCount: PAGE, direction: BACKWARDS }));
      let lowest: bigint | null = null;
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position === null || (before !== null && position >= before)) continue;
        lowest = position;
        if (toStored(resolved)) return position;
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
