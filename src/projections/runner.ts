// Applies the log to the read models. Each batch of events is applied to every projector inside
// one read-model transaction that also moves the checkpoints, so a crash never applies an event
// twice or skips one. Projections are pure functions of the log: they have no side effects, so a
// replay repeats nothing outside the read-model database.
import type Database from 'better-sqlite3';
import { decodeEvent, type DomainEvent } from '../events/catalogue.ts';
import type { EventStore, EventSubscription, StoredEvent } from '../events/store.ts';
import type { Projector } from './projector.ts';
import { createTables, dropTables, readModelChecksum } from './readStore.ts';

const BATCH = 1_000;

export interface ProjectionFailure {
  projector: string;
  position: bigint;
  eventType: string;
  message: string;
}

export interface ProjectionStatus {
  position: bigint;
  failure: ProjectionFailure | null;
}

export class ProjectionFailedError extends Error {
  readonly code = 'PROJECTION_FAILED';
  constructor(readonly failure: ProjectionFailure) {
    super(
      `Projection ${failure.projector} stopped at position ${failure.position} (${failure.eventType}): ${failure.message}`,
    );
    this.name = 'ProjectionFailedError';
  }
}

interface Applier {
  name: string;
  apply: (event: DomainEvent, stored: StoredEvent) => void;
}

export interface RunnerOptions {
  /** Stop at this position (inclusive): rebuild the read models as they stood then. */
  toPosition?: bigint;
  /** Called after each committed batch, e.g. to move a progress bar. */
  onProgress?: (position: bigint, applied: number) => void;
}

export class ProjectionRunner {
  private readonly appliers: Applier[];
  private readonly readCheckpoint;
  private readonly writeCheckpoint;
  private position: bigint;
  private failure: ProjectionFailure | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private subscription: EventSubscription | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projectors: Projector[],
    private readonly options: RunnerOptions = {},
  ) {
    createTables(db, projectors);
    this.appliers = projectors.map((p) => ({ name: p.name, apply: p.prepare(db) }));
    this.readCheckpoint = db
      .prepare<[string], { position: bigint }>('SELECT position FROM projection_checkpoints WHERE projector = ?')
      .safeIntegers();
    this.writeCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (projector, position) VALUES (?, ?)
       ON CONFLICT (projector) DO UPDATE SET position = excluded.position`,
    );
    this.position = this.lowestCheckpoint();
  }

  /** The position every read model has reached. */
  get checkpoint(): bigint {
    return this.position;
  }

  status(): ProjectionStatus {
    return { position: this.position, failure: this.failure };
  }

  private lowestCheckpoint(): bigint {
    let lowest: bigint | null = null;
    for (const p of this.projectors) {
      const at = this.readCheckpoint.get(p.name)?.position ?? 0n;
      if (lowest === null || at < lowest) lowest = at;
    }
    return lowest ?? 0n;
  }

  /** Applies every event stored after the checkpoint. Concurrent calls share one pass. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          await this.pass();
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

  private async pass(): Promise<void> {
    if (this.failure) return;
    const to = this.options.toPosition;
    let batch: StoredEvent[] = [];
    for await (const e of this.store.readAll({ after: this.position, ...(to !== undefined ? { to } : {}) })) {
      batch.push(e);
      if (batch.length >= BATCH) {
        if (!this.applyBatch(batch)) return;
        batch = [];
      }
    }
    if (batch.length > 0) this.applyBatch(batch);
  }

  /** Applies a batch atomically. On a poison event nothing of the batch is kept. */
  private applyBatch(batch: StoredEvent[]): boolean {
    const from = this.position;
    try {
      this.db.transaction(() => {
        for (const stored of batch) {
          const event = this.decode(stored);
          for (const a of this.appliers) this.applyOne(a, event, stored);
        }
        const last = batch[batch.length - 1]!.position;
        for (const a of this.appliers) this.writeCheckpoint.run(a.name, last);
      })();
    } catch (error) {
      if (error instanceof ProjectionFailedError) {
        this.failure = error.failure;
        this.position = from;
        return false;
      }
      throw error;
    }
    this.position = batch[batch.length - 1]!.position;
    this.options.onProgress?.(this.position, batch.length);
    return true;
  }

  private decode(stored: StoredEvent): DomainEvent {
    try {
      return decodeEvent(stored);
    } catch (error) {
      throw new ProjectionFailedError({
        projector: 'catalogue',
        position: stored.position,
        eventType: stored.type,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private applyOne(a: Applier, event: DomainEvent, stored: StoredEvent): void {
    try {
      a.apply(event, stored);
    } catch (error) {
      throw new ProjectionFailedError({
        projector: a.name,
        position: stored.position,
        eventType: stored.type,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Follows the log live: every appended event triggers a catch-up. */
  start(): void {
    if (this.subscription) return;
    const subscription = this.store.subscribeAll({ after: this.position });
    this.subscription = subscription;
    void (async () => {
      try {
        for await (const e of subscription) {
          if (e.position > this.position) await this.catchUp();
        }
      } catch {
        // The store closed under us; stop() or shutdown is in progress.
      }
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = null;
    await this.running;
  }

  /** Drops every read model and replays the log from the start. */
  async rebuild(): Promise<void> {
    await this.running;
    dropTables(this.db, this.projectors);
    createTables(this.db, this.projectors);
    this.position = 0n;
    this.failure = null;
    await this.catchUp();
  }

  checksum(): string {
    return readModelChecksum(this.db, this.projectors);
  }
}
