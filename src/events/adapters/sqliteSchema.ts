// The embedded event store's table, connection settings, prepared statements and row mapping.
import type Database from 'better-sqlite3';
import { ChainBrokenError, type StoredEvent } from '../store.ts';

/** One row of the `events` table as better-sqlite3 returns it with safe integers. */
export interface EventRow {
  position: bigint;
  id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  schema_version: bigint;
  data: string;
  metadata: string;
  effective_at: string;
  recorded_at: string;
  previous_hash: string;
  hash: string;
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  effective_at   TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  previous_hash  TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
`;

/** better-sqlite3 settings for a durable embedded log; the benchmark's raw baseline uses the same. */
export function applyDurablePragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/**
 * A JSON column of a row; a ChainBrokenError at the row's position when it is not JSON (the file
 * was edited: no content that is not JSON was ever appended, nor hashed into the chain).
 */
function parseColumn(row: EventRow, column: 'data' | 'metadata'): unknown {
  try {
    return JSON.parse(row[column]);
  } catch {
    throw new ChainBrokenError(row.position, `its ${column} is not JSON`);
  }
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    position: row.position,
    id: row.id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: parseColumn(row, 'data') as unknown,
    metadata: parseColumn(row, 'metadata') as StoredEvent['metadata'],
    effectiveAt: row.effective_at,
    recordedAt: row.recorded_at,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/** The statements the store runs on every append and read, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    streamRevision: db
      .prepare<[string], { revision: bigint | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
      )
      .safeIntegers(),
    lastHash: db.prepare<[], { hash: string }>('SELECT hash FROM events ORDER BY position DESC LIMIT 1'),
    existingIds: db.prepare<[string], { id: string; stream_id: string }>(
      'SELECT id, stream_id FROM events WHERE id IN (SELECT value FROM json_each(?))',
    ),
    insert: db
      .prepare(
        `INSERT INTO events (position, id, stream_id, revision, type, schema_version, data, metadata, effective_at, recorded_at, previous_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .safeIntegers(),
    lastPositionOfStream: db
      .prepare<[string], { position: bigint }>(
        'SELECT position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .safeIntegers(),
    readAll: db
      .prepare<[bigint, bigint, number], EventRow>(
        'SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
      )
      .safeIntegers(),
    readStream: db
      .prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .safeIntegers(),
    // Each reference a [streamId, revision] pair of the JSON array; found by the (stream_id, revision) key.
    readEvents: db
      .prepare<[string], EventRow>(
        `SELECT e.* FROM json_each(?) AS r
         JOIN events AS e ON e.stream_id = r.value ->> 0 AND e.revision = r.value ->> 1`,
      )
      .safeIntegers(),
    head: db.prepare<[], { head: bigint | null }>('SELECT MAX(position) AS head FROM events').safeIntegers(),
    // Rows this connection has written, and SQLite's counter of commits by other connections (leavesAhead).
    totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  };
}
