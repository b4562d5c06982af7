// Applies the log to the read models. Each batch of events is applied to every projector inside
// one read-model transaction that also moves the checkpoints, so a crash never applies an event
// twice or skips one. Projections are pure functions of the log: they have no side effects, so a
// replay repeats nothing outside the read-model database.
//
// Two kinds of trouble are told apart. A projector that cannot apply an event stops the runner at
// that event (ProjectionFailedError) until it is fixed: trying again would fail again. A read from
// the store that breaks off (a dropped connection) is tried again, from the checkpoint, a few times
// with a short backoff; following the log live (start) subscribes again from the checkpoint after
// every such failure until stop().
import type Database from 'better-sqlite3';
import { decodeEvent, type DomainEvent } from '../events/catalogue.ts';
import { followAll, type Follower } from '../events/follow.ts';
import { ChainBrokenError, type EventStore, type StoredEvent } from '../events/store.ts';
import { prepareProjector, type Projector } from './projector.ts';
import { type Applier, applierOf, applyOne, flushBatch } from './applier.ts';
import { Checkpoints } from './checkpoints.ts';
import {
  type FollowHooks,
  isTransient,
  type ProjectionFailure,
  ProjectionFailedError,
  type ProjectionStatus,
  type SubscriptionFailure,
  unreadableEventFailure,
} from './runnerStatus.ts';

export {
  type FollowHooks,
  type ProjectionFailure,
  ProjectionFailedError,
  type ProjectionStatus,
  type SubscriptionFailure,
} from './runnerStatus.ts';
import {
  checkpointTruncate,
  createIndexes,
  createTables,
  createTablesForReplay,
  holdReplayLock,
  dropTables,
  readModelChecksum,
  replaySettings,
} from './readStore.ts';

const BATCH = 1_000;
/**
 * During a rebuild, batches are committed REPLAY_GROUP at a time: each batch is a savepoint inside
 * one transaction of the group, so a page that many batches write (the end of every table, an open
 * draft's rows) goes to the WAL once a group instead of once a batch. Measured on the benchmark's
 * 1,000,000-event log, commits took about a fifth of a rebuild one batch at a time, and next to
 * nothing in groups of 20.
 */
const REPLAY_GROUP = 20;
/** Waits before each new attempt of a catch-up whose read from the store failed; then it gives up. */
const READ_RETRY_DELAYS_MS = [50, 150, 400, 1_000];

export interface RunnerOptions {
  /** Stop at this position (inclusive): rebuild the read models as they stood then. */
  toPosition?: bigint;
  /** Opens each stored event before it is decoded, e.g. unsealing personal fields. */
  openEvent?: (stored: StoredEvent) => StoredEvent;
  /**
   * Called inside each batch's transaction once its events are applied, just before it commits:
   * whatever the read models are about to rely on is made durable first (the vault writes the
   * legacy trustee id pairs the batch's events gave it, so no committed read model holds an id
   * whose erasure could not find the old log's key). A throw rolls the batch back.
   */
  beforeCommit?: () => void;
  /** Called after each committed batch, e.g. to move a progress bar. */
  onProgress?: (position: bigint, applied: number) => void;
}

export class ProjectionRunner {
  private readonly appliers: Applier[];
  private readonly checkpoints: Checkpoints;
  private position: bigint;
  private failure: ProjectionFailure | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  /** An erasure was applied and read.sqlite's WAL has not been truncated since. */
  private truncatePending = false;
  private follower: Follower | null = null;
  /** Batches applied in the open transaction of a rebuild's group; null outside a rebuild. */
  private grouped: number | null = null;
  private subscriptionFailure: SubscriptionFailure | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projectors: Projector[],
    private readonly options: RunnerOptions = {},
  ) {
    // Not while a rebuild of this database runs elsewhere: it builds its indexes only at its end, and
    // a full-text index created now would lack what it writes afterwards.
    const release = holdReplayLock(db);
    try {
      createTables(db, projectors);
    } finally {
      release();
    }
    this.checkpoints = new Checkpoints(
      db,
      projectors.map((p) => p.name),
    );
    this.appliers = projectors.map((p) => applierOf(p, db, this.checkpoints.of(p.name)));
    this.position = this.checkpoints.lowest();
  }

  /** The position and hash of the last event the read models applied; null before the first. */
  appliedHead(): { position: bigint; hash: string } | null {
    return this.checkpoints.head();
  }

  /** The furthest any read model has got (a projector added later may still be behind it). */
  highestCheckpoint(): bigint {
    return this.checkpoints.highest();
  }

  /** The position every read model has reached. */
  get checkpoint(): bigint {
    return this.position;
  }

  status(): ProjectionStatus {
    return { position: this.position, failure: this.failure, subscription: this.subscriptionFailure };
  }

  /**
   * Applies every event stored after the checkpoint. Concurrent calls share one pass. A read that
   * breaks off is tried again from the checkpoint (see READ_RETRY_DELAYS_MS; the count starts again
   * whenever an attempt moved the checkpoint on); if it keeps failing, the store's error is thrown
   * and what was applied stays applied.
   */
  catchUp(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          await this.passRetrying();
        } while (this.rerun && !this.failure);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Resolves once the read models include the event at `position` (read-your-writes). */
  async waitFor(position: bigint): Promise<void> {
    while (this.position < position) {
      if (this.failure) throw new ProjectionFailedError(this.failure);
      await this.catchUp();
      if (this.failure) throw new ProjectionFailedError(this.failure);
    }
  }

  private async passRetrying(): Promise<void> {
    for (let attempt = 0; ; ) {
      const from = this.position;
      try {
        return await this.pass();
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (this.position > from) attempt = 0;
        const wait = READ_RETRY_DELAYS_MS[attempt];
        if (wait === undefined) throw error;
        attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async pass(): Promise<void> {
    if (this.failure) return;
    const to = this.options.toPosition;
    let batch: StoredEvent[] = [];
    try {
      const leaves = this.projectors.some((p) => p.leaves === true);
      for await (const e of this.store.readAll({ after: this.position, leaves, ...(to !== undefined ? { to } : {}) })) {
        batch.push(e);
        if (batch.length >= BATCH) {
          const full = batch;
          batch = [];
          if (!this.applyBatch(full)) return;
        }
      }
    } catch (error) {
      // The read broke off. What it delivered is a gap-free run after the checkpoint: keep it.
      if (batch.length > 0 && !this.applyBatch(batch)) return;
      // A row the log cannot give as an event stops the projection there, as a poison event does.
      if (!(error instanceof ChainBrokenError)) throw error;
      this.failure = unreadableEventFailure(error);
      return;
    }
    if (batch.length > 0) this.applyBatch(batch);
  }

  /**
   * Applies a batch atomically. On a poison event nothing of the batch is kept. In a rebuild the
   * batch is a savepoint in its group's transaction (see REPLAY_GROUP), which commits when full.
   */
  private applyBatch(batch: StoredEvent[]): boolean {
    const from = this.position;
    if (this.grouped !== null && !this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.grouped = 0;
    }
    try {
      this.db.transaction(() => {
        this.checkpoints.assertUnmoved(batch[0]!);
        for (const stored of batch) {
          const { event, opened } = this.decode(stored);
          for (const a of this.appliers) {
            if (stored.position > a.appliedUpTo && a.handles.has(event.type))
              applyOne(a, event, a.opened ? opened : stored);
          }
        }
        for (const a of this.appliers) flushBatch(a, batch[batch.length - 1]!);
        this.options.beforeCommit?.();
        this.checkpoints.advance(batch[batch.length - 1]!);
      })();
    } catch (error) {
      // Nothing of the batch was kept: what projectors hold in memory is read again from the tables.
      this.prepareAgain();
      if (error instanceof ProjectionFailedError) {
        this.failure = error.failure;
        this.position = from;
        return false;
      }
      throw error;
    }
    this.position = batch[batch.length - 1]!.position;
    this.checkpoints.committedAt(this.position);
    if (this.grouped !== null && ++this.grouped >= REPLAY_GROUP) this.db.exec('COMMIT');
    // An erasure rewrote the person's rows: move the pages into the file and empty the WAL, so no
    // earlier frame still holds the plaintext once the erasure's mutation answers.
    // The batch is committed either way: a checkpoint that another process blocks for longer than
    // the busy timeout is tried again after the next batch rather than failing this one.
    if (batch.some((e) => e.type === 'PersonalDataErased')) this.truncatePending = !this.db.memory;
    // (Inside a rebuild's group it waits for the group's commit; the rebuild truncates at its end.)
    if (this.truncatePending && !this.db.inTransaction) {
      try {
        checkpointTruncate(this.db);
        this.truncatePending = false;
      } catch {
        // still pending
      }
    }
    this.options.onProgress?.(this.position, batch.length);
    return true;
  }

  private decode(stored: StoredEvent): { event: DomainEvent; opened: StoredEvent } {
    try {
      const opened = this.options.openEvent ? this.options.openEvent(stored) : stored;
      return { event: decodeEvent(opened), opened };
    } catch (error) {
      throw new ProjectionFailedError({
        projector: 'catalogue',
        position: stored.position,
        eventType: stored.type,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Follows the log live: every appended event past the checkpoint triggers a catch-up. When the
   * subscription drops (or a catch-up it triggered gives up), it subscribes again from the
   * checkpoint after a short backoff, until stop().
   */
  start(hooks: FollowHooks = {}): void {
    if (this.follower) return;
    this.follower = followAll(this.store, {
      after: () => this.position,
      onEvent: async () => {
        this.subscriptionFailure = null;
        await this.catchUp();
      },
      onError: (error, retryInMs) => {
        const message = error instanceof Error ? error.message || error.name : String(error);
        this.subscriptionFailure = { message, retrying: retryInMs !== null, at: new Date().toISOString() };
        hooks.onError?.(error, retryInMs);
      },
    });
  }

  /** Stops following the log and waits for a catch-up in progress (whose error it ignores). */
  async stop(): Promise<void> {
    const follower = this.follower;
    this.follower = null;
    await follower?.stop();
    await this.running?.catch(() => undefined);
  }

  /**
   * Drops every read model and replays the log from the start, in groups of batches (REPLAY_GROUP)
   * with readStore.replaySettings; secondary indexes come last. The finished models are
   * checkpointed into the database file and flushed before this returns, and the usual settings resume.
   * Holds the replay lock throughout: throws ReplayLockedError, changing nothing, if another rebuild runs.
   */
  async rebuild(): Promise<void> {
    await this.running;
    const release = holdReplayLock(this.db);
    try {
      await this.replay();
    } finally {
      release();
    }
  }

  private async replay(): Promise<void> {
    dropTables(this.db, this.projectors);
    createTablesForReplay(this.db, this.projectors);
    this.prepareAgain();
    for (const a of this.appliers) a.appliedUpTo = 0n;
    this.checkpoints.committedAt(0n);
    this.position = 0n;
    this.failure = null;
    const restore = replaySettings(this.db);
    this.grouped = 0;
    try {
      await this.catchUp();
    } finally {
      // What the last group applied is kept, as one batch at a time would have kept it.
      this.grouped = null;
      if (this.db.inTransaction) this.db.exec('COMMIT');
      createIndexes(this.db, this.projectors);
      this.prepareAgain();
      restore();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  /** Has every projector prepare again over tables that changed shape (see Projector.prepare). */
  private prepareAgain(): void {
    this.projectors.forEach((p, i) => {
      Object.assign(this.appliers[i]!, prepareProjector(p, this.db));
    });
  }

  checksum(): string {
    return readModelChecksum(this.db, this.projectors);
  }
}
