// What a read model provides to the projection runner.
import type Database from 'better-sqlite3';
import type { DomainEvent, EventOfType, EventType } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';

export interface ReadModelTable {
  name: string;
  /** A total order over the table's rows, so its checksum is deterministic. */
  orderBy: string;
}

interface ProjectorShape<T extends EventType> {
  /** Stable name; also the checkpoint's key. */
  name: string;
  /**
   * The layout of its tables (1 when absent). Raise it when they change shape: in a read database
   * written with another layout, this projector's tables are dropped and replayed from the log.
   */
  version?: number;
  /** CREATE TABLE / CREATE INDEX statements, idempotent (IF NOT EXISTS). */
  ddl: string;
  tables: ReadModelTable[];
  /**
   * Tables earlier layouts had and this one no longer writes: dropped with the others when a read
   * database of another layout is found, so no stale copy of their rows stays behind.
   */
  formerTables?: readonly string[];
  /**
   * True when the projector reads personal fields or metadata: it then sees events opened (ERASED
   * where a key is destroyed) and must blank them on PersonalDataErased. Otherwise it sees them
   * exactly as stored, personal fields sealed (the audit index, the Merkle tree's leaves).
   */
  opened?: boolean;
  /**
   * True when it takes each event's Merkle leaf (events/merkle.ts leafOf): the runner then asks the
   * store to work leaves out ahead of a long read (ReadAllOptions.leaves).
   */
  leaves?: boolean;
  /**
   * The event types it applies; the runner hands it those and no others (its checkpoint still
   * moves past the rest). A projector of an aggregate lists all of that aggregate's types
   * (`eventTypesOf`), so a new event type of the aggregate must be handled before it compiles.
   */
  handles: readonly T[];
  /**
   * Prepares statements and returns the function that applies one event of a handled type. Called
   * again whenever the runner changes the tables under it: a replay creates the full-text tables of
   * the DDL only after it (see readStore.createTablesForReplay), so a projector that feeds one
   * checks whether it exists here and writes only its content table while it does not. Called
   * again, too, after a batch the runner rolled back: state an apply function keeps in memory
   * between events (the Merkle tree's right edge) is read again from the committed tables.
   *
   * It may return `{ apply, flush }` instead: apply then may hold writes back (the last value of a
   * row a batch updates again and again), and flush writes them. The runner calls flush once every
   * event of a batch is applied, inside the batch's transaction, so what commits is what applying
   * each write at once would have left.
   */
  prepare: (db: Database.Database) => Apply<EventOfType<T>> | Prepared<EventOfType<T>>;
}

/** Applies one event. */
export type Apply<E> = (event: E, stored: StoredEvent) => void;

/** A projector's apply function with the flush that writes what it held back (see ProjectorShape.prepare). */
export interface Prepared<E> {
  apply: Apply<E>;
  flush: () => void;
}

/** A projector as the runner holds it, whatever event types it handles. */
export type Projector = ProjectorShape<EventType> & {
  prepare: (db: Database.Database) => Apply<DomainEvent> | Prepared<DomainEvent>;
};

/** The projector's statements prepared over `db`, as apply and flush (a flush that does nothing when it holds nothing back). */
export function prepareProjector(projector: Projector, db: Database.Database): Prepared<DomainEvent> {
  const prepared = projector.prepare(db);
  return typeof prepared === 'function' ? { apply: prepared, flush: () => undefined } : prepared;
}

/**
 * Declares a projector over the event types it handles; its apply function is typed by them, so a
 * switch over `event.type` that ends in `assertNever` must cover each one.
 */
export function defineProjector<T extends EventType>(projector: ProjectorShape<T>): Projector {
  // Sound because the runner only applies events whose type is in `handles`.
  return projector as unknown as Projector;
}

/** True when the projector applies events of this type. */
export function handlesType(projector: Pick<Projector, 'handles'>, type: string): boolean {
  return (projector.handles as readonly string[]).includes(type);
}
