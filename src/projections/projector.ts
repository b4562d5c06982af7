// What a read model provides to the projection runner.
import type Database from 'better-sqlite3';
import type { DomainEvent } from '../events/catalogue.ts';
import type { StoredEvent } from '../events/store.ts';

export interface ReadModelTable {
  name: string;
  /** A total order over the table's rows, so its checksum is deterministic. */
  orderBy: string;
}

export interface Projector {
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
   * True when the projector reads personal fields or metadata: it then sees events opened (ERASED
   * where a key is destroyed) and must blank them on PersonalDataErased. Otherwise it sees them
   * exactly as stored, personal fields sealed (the audit index, the Merkle tree's leaves).
   */
  opened?: boolean;
  /** Prepares statements once and returns the function that applies one event. */
  prepare(db: Database.Database): (event: DomainEvent, stored: StoredEvent) => void;
}
