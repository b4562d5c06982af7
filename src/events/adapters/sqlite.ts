// The embedded event store: one SQLite file in WAL mode with synchronous=FULL, so an append that
// has returned is on disk. All writes go through one immediate transaction per append, which also
// serialises the global hash chain.
import type Database from 'better-sqlite3';
import { openSqlite } from '../../sqlite.ts';
import { EventEmitter } from 'node:events';
import { assertChainsOnto, assertNextRevision, GENESIS_HASH, normaliseMetadata } from '../hashChain.ts';
import { chainEvents } from '../chainBatch.ts';
import { RecentLeaves } from './recentLeaves.ts';
import { LEAVES_AHEAD_MIN, leavesAheadOf } from './leavesAhead.ts';
import { ensurePrivateFile } from '../privateFiles.ts';
import {
  ChainBrokenError,
  ConcurrencyError,
  revisionMatches,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type EventRef,
  type EventSubscription,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from '../store.ts';
import { ChunkedInsert } from './sqliteInsert.ts';
import { applyDurablePragmas, prepareStatements, rowToEvent, SCHEMA } from './sqliteSchema.ts';

export { applyDurablePragmas, rowToEvent, SCHEMA } from './sqliteSchema.ts';

const PAGE = 512;
/** References one readEvents query takes (as a JSON array bound to one parameter). */
const EVENT_REFS_A_QUERY = 500;

/** A character toLowerCase may change: an ASCII capital or any non-ASCII code unit. */
const MAY_LOWER = /[A-Z\u0080-\uffff]/;

/** Ids are stored lower-cased, as EventStoreDB stores them, so both adapters hash the same id. */
function lowerCaseId(e: NewEvent): NewEvent {
  const id = e.id;
  // Most ids are lower-case UUIDs already: only an upper-case or non-ASCII letter needs a copy. One
  // regular expression scans an id in about a quarter of the time a charCodeAt loop took.
  if (typeof id !== 'string' || !MAY_LOWER.test(id)) return e;
  const lower = id.toLowerCase();
  return lower === id ? e : { ...e, id: lower };
}

/** Whether `error` is SQLite refusing a row that repeats a UNIQUE key (here an event id). */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export interface SqliteEventStoreOptions {
  /** Path of the database file, or ':memory:'. */
  path: string;
  /** Source of recorded time; tests fix it. */
  clock?: () => Date;
  /** How often a live subscription looks for events appended by another process (ms). */
  pollIntervalMs?: number;
  /**
   * Events a read with `leaves` must have left before a worker hashes leaves ahead of it
   * (leavesAhead.ts); LEAVES_AHEAD_MIN unless given (tests lower it).
   */
  leavesAheadMin?: number;
}

export class SqliteEventStore implements EventStore {
  readonly chainScope = 'global' as const;
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly leavesAheadMin: number;
  private readonly appended = new EventEmitter();
  private closed = false;
  private readonly stmts;
  private readonly inserts: ChunkedInsert;
  private readonly leaves = new RecentLeaves();
  /** appendNew and appendChecked, each wrapped once in a write transaction. */
  private readonly newTx;
  private readonly checkedTx;

  constructor(options: SqliteEventStoreOptions) {
    ensurePrivateFile(options.path);
    this.db = openSqlite(options.path);
    applyDurablePragmas(this.db);
    this.db.exec(SCHEMA);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.leavesAheadMin = options.leavesAheadMin ?? LEAVES_AHEAD_MIN;
    this.appended.setMaxListeners(0);
    this.stmts = prepareStatements(this.db);
    this.inserts = new ChunkedInsert(this.db);
    this.newTx = this.db.transaction((streamId: string, events: NewEvent[], expected?: ExpectedRevision) =>
      this.appendNew(streamId, events, expected),
    );
    this.checkedTx = this.db.transaction((streamId: string, events: NewEvent[], expected?: ExpectedRevision) =>
      this.appendChecked(streamId, events, expected),
    );
  }

  /** The underlying connection, for backup and for tests that tamper with stored bytes. */
  get database(): Database.Database {
    return this.db;
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const result = this.appendSync(streamId, events, options);
    this.leaves.keep(result.appended);
    if (result.appended.length > 0) this.appended.emit('appended');
    return result;
  }

  private appendSync(streamId: string, proposed: NewEvent[], options: AppendOptions): AppendResult {
    const events = proposed.map(lowerCaseId);
    if (events.length > 0) {
      try {
        const written = this.newTx.immediate(streamId, events, options.expectedRevision);
        if (written) return written;
      } catch (error) {
        // An id already stored (or repeated in the batch): the checked append below tells a
        // retry, acknowledged unchanged, from a conflict or a mistake.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return this.checkedTx.immediate(streamId, events, options.expectedRevision);
  }

  /**
   * The common case first, in one write transaction: events none of which is stored yet, at the
   * expected revision. Their rows' UNIQUE index on `id` is the id check: an id already stored
   * fails the INSERT (SQLITE_CONSTRAINT_UNIQUE), which rolls the whole transaction back. Returns
   * null, having written nothing, when the revision does not match: a retried append may still be
   * acknowledged, which only the checked append can tell.
   */
  private appendNew(streamId: string, events: NewEvent[], expected?: ExpectedRevision): AppendResult | null {
    const current = this.currentRevision(streamId);
    return revisionMatches(expected, current) ? this.write(streamId, events, current) : null;
  }

  /** Ids already stored, looked up in one statement for the whole batch, then the revision. */
  private appendChecked(streamId: string, events: NewEvent[], expected?: ExpectedRevision): AppendResult {
    const current = this.currentRevision(streamId);
    const stored = new Map(
      this.stmts.existingIds.all(JSON.stringify(events.map((e) => e.id))).map((r) => [r.id, r.stream_id]),
    );
    for (const streamOfId of stored.values()) {
      if (streamOfId !== streamId) throw new ConcurrencyError(streamId, expected ?? 'any', current);
    }
    const fresh = stored.size === 0 ? events : events.filter((e) => !stored.has(e.id));
    // A retried append whose events are all stored already is acknowledged again, unchanged.
    if (fresh.length === 0 && events.length > 0) return this.unchanged(streamId, current);
    if (!revisionMatches(expected, current)) throw new ConcurrencyError(streamId, expected ?? 'any', current);
    return this.write(streamId, fresh, current);
  }

  /** Chains `fresh` onto the log's last event and inserts them; the stream is at `current`. */
  private write(streamId: string, fresh: NewEvent[], current: number | null): AppendResult {
    const recordedAt = this.clock().toISOString();
    // One chain over the whole log: the first fresh event follows the log's last.
    const tail = { revision: current, hash: this.stmts.lastHash.get()?.hash ?? GENESIS_HASH };
    const chained = chainEvents(streamId, fresh, tail, recordedAt);
    this.inserts.insertRows(chained, streamId);
    const last = chained.events.at(-1);
    return {
      nextRevision: last ? last.revision : (current ?? -1),
      position: last ? last.position : 0n,
      appended: chained.events,
    };
  }

  async restore(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.db
      .transaction(() => {
        let previousHash = this.stmts.lastHash.get()?.hash ?? GENESIS_HASH;
        let head = this.stmts.head.get()?.head ?? 0n;
        for (const e of events) {
          if (e.position <= head)
            throw new ChainBrokenError(e.position, `positions must increase (the log is already at ${head})`);
          assertNextRevision(e, this.currentRevision(e.streamId));
          assertChainsOnto(e, previousHash);
          const metadata = normaliseMetadata(e.metadata);
          this.stmts.insert.run(
            e.position,
            e.id,
            e.streamId,
            e.revision,
            e.type,
            e.schemaVersion,
            JSON.stringify(e.data),
            JSON.stringify(metadata),
            e.effectiveAt,
            e.recordedAt,
            previousHash,
            e.hash,
          );
          previousHash = e.hash;
          head = e.position;
        }
      })
      .immediate();
    this.appended.emit('appended');
  }

  async backup(file: string): Promise<void> {
    ensurePrivateFile(file);
    // SQLite's online backup copies a consistent snapshot page by page while appends continue.
    await this.db.backup(file);
  }

  private unchanged(streamId: string, current: number | null): AppendResult {
    const position = this.stmts.lastPositionOfStream.get(streamId)?.position ?? 0n;
    return { nextRevision: current ?? -1, position, appended: [] };
  }

  private currentRevision(streamId: string): number | null {
    const row = this.stmts.streamRevision.get(streamId);
    return row?.revision === null || row?.revision === undefined ? null : Number(row.revision);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let from = options.fromRevision ?? 0;
    for (let left = options.maxCount ?? Number.POSITIVE_INFINITY; left > 0; ) {
      const want = Math.min(PAGE, left);
      const rows = this.stmts.readStream.all(streamId, from, want);
      for (const row of rows) yield rowToEvent(row);
      if (rows.length < want) return;
      left -= rows.length;
      from = Number(rows[rows.length - 1]!.revision) + 1;
    }
  }

  async readEvents(refs: readonly EventRef[]): Promise<(StoredEvent | null)[]> {
    const found = new Map<string, StoredEvent>();
    for (let i = 0; i < refs.length; i += EVENT_REFS_A_QUERY) {
      const chunk = refs.slice(i, i + EVENT_REFS_A_QUERY).map((r) => [r.streamId, r.revision]);
      for (const row of this.stmts.readEvents.all(JSON.stringify(chunk)))
        found.set(`${row.stream_id}\u0000${row.revision}`, rowToEvent(row));
    }
    return refs.map((r) => found.get(`${r.streamId}\u0000${r.revision}`) ?? null);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = options.after ?? 0n;
    if (options.from !== undefined && options.from - 1n > after) after = options.from - 1n;
    const to = options.to ?? BigInt(Number.MAX_SAFE_INTEGER);
    const ahead = options.leaves ? leavesAheadOf(this.db, this.stmts, after, to, this.leavesAheadMin) : null;
    try {
      for (;;) {
        const rows = this.stmts.readAll.all(after, to, PAGE);
        // Rows written since the worker began may differ from the ones it read (see leavesAheadOf).
        ahead?.recheck();
        for (const row of rows) {
          const e = this.leaves.note(rowToEvent(row));
          yield ahead ? ahead.note(e) : e;
        }
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.position;
      }
    } finally {
      ahead?.stop();
    }
  }

  /** Reads one page synchronously; used by subscriptions and the projection runner's hot path. */
  readPage(after: bigint, limit = PAGE): StoredEvent[] {
    return this.stmts.readAll
      .all(after, BigInt(Number.MAX_SAFE_INTEGER), limit)
      .map((row) => this.leaves.note(rowToEvent(row)));
  }

  subscribeAll(options: { after?: bigint } = {}): EventSubscription {
    let closed = false;
    let wake: (() => void) | null = null;
    const onAppend = () => wake?.();
    this.appended.on('appended', onAppend);
    const store = this;
    async function* run(): AsyncGenerator<StoredEvent> {
      let after = options.after ?? 0n;
      try {
        while (!closed && !store.closed) {
          const page = store.readPage(after);
          for (const e of page) {
            if (closed) return;
            after = e.position;
            yield e;
          }
          if (page.length === 0) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, store.pollIntervalMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
        }
      } finally {
        store.appended.off('appended', onAppend);
      }
    }
    const iterator = run();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        wake?.();
        await iterator.return(undefined);
      },
    };
  }

  async streamRevision(streamId: string): Promise<number | null> {
    return this.currentRevision(streamId);
  }

  async headPosition(): Promise<bigint> {
    return this.stmts.head.get()?.head ?? 0n;
  }

  async positionFromEnd(count: number): Promise<bigint> {
    if (!Number.isInteger(count) || count < 1) return this.headPosition();
    const row = this.db
      .prepare<[number], { position: bigint }>('SELECT position FROM events ORDER BY position DESC LIMIT 1 OFFSET ?')
      .safeIntegers()
      .get(count - 1);
    return row?.position ?? 0n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.emit('appended');
    this.db.close();
  }
}
