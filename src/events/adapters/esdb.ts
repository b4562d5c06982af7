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
import { EventStoreDBClient } from '@eventstore/db-client';
import { assertChainsOnto, assertNextRevision } from '../hashChain.ts';
import { chainEvents } from '../chainBatch.ts';
import {
  ANY,
  ChainBrokenError,
  ConcurrencyError,
  EventTooLargeError,
  readEventsOneByOne,
  revisionMatches,
  type AppendOptions,
  type AppendResult,
  type EventRef,
  type EventStore,
  type EventSubscription,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from '../store.ts';
import { appendSize, clientConnectionString, normaliseId, type StreamTail } from './esdbRecords.ts';
import { positionFromEnd, readAll, readStream, streamRevision } from './esdbReads.ts';
import { retrying, sendAppend } from './esdbRetry.ts';
import { subscribeAll } from './esdbSubscription.ts';
import { readBack, readTail } from './esdbTail.ts';

/** An append re-reads the tail and tries again at most this many times when another writer got in first. */
const MAX_ATTEMPTS = 8;
/** EventStoreDB's default MaxAppendSize (bytes per append), up to server 25.0. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Source of recorded time; tests fix it. */
  clock?: () => Date;
  /** The node's MaxAppendSize in bytes (default 1,048,576, the server's default). */
  maxAppendSize?: number;
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
      if (!revisionMatches(expected, tail.revision))
        throw new ConcurrencyError(streamId, expected ?? ANY, tail.revision);
      if (fresh.length === 0)
        return { nextRevision: tail.revision ?? -1, position: tail.lastPosition ?? 0n, appended: [] };

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

  /** Sends one append (see sendAppend): a fault is answered by sending the same events again. */
  private send(
    streamId: string,
    drafts: StoredEvent[],
    revision: number | null,
    size: number,
  ): Promise<'written' | 'conflict'> {
    return sendAppend(this.client, streamId, drafts, revision, size, this.maxAppendSize);
  }

  /** Runs a read again after a fault, a few times, then gives up with StoreUnavailableError. */
  private retrying<T>(read: () => Promise<T>): Promise<T> {
    return retrying(read);
  }

  /** Gives fresh events their revisions, recorded time and hashes, chained onto the stream's tail. */
  private chain(streamId: string, fresh: NewEvent[], tail: StreamTail): StoredEvent[] {
    return chainEvents(streamId, fresh, { revision: tail.revision, hash: tail.lastHash }, this.clock().toISOString())
      .events;
  }

  private readBack(streamId: string, drafts: StoredEvent[]): Promise<AppendResult> {
    return readBack(this.client, streamId, drafts);
  }

  private readTail(streamId: string, proposed: NewEvent[]): Promise<StreamTail> {
    return readTail(this.client, this.averageSize, streamId, proposed);
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
      assertNextRevision(e, tail.revision);
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
        throw new ChainBrokenError(
          first.position,
          `${first.streamId} was written to by someone else during the restore`,
        );
      }
      i = j;
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    return readStream(this.client, streamId, options);
  }

  /** One read of one event per reference, sent together (EventStoreDB reads one stream a call). */
  readEvents(refs: readonly EventRef[]): Promise<(StoredEvent | null)[]> {
    return readEventsOneByOne(this, refs);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return readAll(this.client, options);
  }

  subscribeAll(options: { after?: bigint } = {}): EventSubscription {
    const handle = subscribeAll(this.client, options, (closing) => this.subscriptions.delete(closing));
    this.subscriptions.add(handle);
    return handle;
  }

  streamRevision(streamId: string): Promise<number | null> {
    return streamRevision(this.client, streamId);
  }

  async headPosition(): Promise<bigint> {
    // The last event readAll would yield (system events and events not written by us skipped).
    return this.positionFromEnd(1);
  }

  positionFromEnd(count: number): Promise<bigint> {
    return positionFromEnd(this.client, count);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}
