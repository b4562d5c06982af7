// The embedded store's batch write path: an append's events become rows bound into as few
// multi-row INSERTs as the chunk sizes allow.
import type Database from 'better-sqlite3';
import type { ChainedEvents } from '../chainBatch.ts';

/** Columns an append writes a row (all but `position`, which SQLite assigns). */
const INSERTED_COLUMNS = 11;
const ROW_PLACEHOLDERS = `(${Array.from({ length: INSERTED_COLUMNS }, () => '?').join(', ')})`;
/**
 * The largest multi-row INSERT an append sends: 512 rows are 5,632 bound values, well inside
 * SQLite's limit of 32,766 variables a statement. A batch goes out as chunks whose sizes are powers
 * of two (1,000 rows: 512 + 256 + 128 + 64 + 32 + 8), so at most ten statements are ever prepared:
 * every prepared statement stays in memory until exit (src/sqlite.ts).
 */
const MAX_CHUNK_ROWS = 512;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** The rows of the next chunk when `remaining` rows are left: the largest power of two that fits. */
function chunkRows(remaining: number): number {
  let rows = MAX_CHUNK_ROWS;
  while (rows > remaining) rows >>= 1;
  return rows;
}

/** Multi-row INSERTs of one connection, by their number of rows (see MAX_CHUNK_ROWS). */
export class ChunkedInsert {
  private readonly statements = new Map<number, Database.Statement<unknown[]>>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Inserts `chained` (events of `streamId`) as rows, with as few statements as the chunk sizes
   * allow, each chunk's values bound straight from the events and their stored JSON, and sets each
   * event's position. SQLite numbers the rows of one INSERT consecutively inside this write
   * transaction, so the first row of a chunk sits `rows - 1` before the last rowid it reports.
   * Runs inside the caller's write transaction.
   */
  insertRows(chained: ChainedEvents, streamId: string): void {
    const { events, dataJson, metadataJson } = chained;
    let done = 0;
    while (done < events.length) {
      const rows = chunkRows(events.length - done);
      const values = new Array<unknown>(rows * INSERTED_COLUMNS);
      for (let i = 0, at = 0; i < rows; i += 1, at += INSERTED_COLUMNS) {
        const e = events[done + i]!;
        values[at] = e.id;
        values[at + 1] = streamId;
        values[at + 2] = e.revision;
        values[at + 3] = e.type;
        values[at + 4] = e.schemaVersion;
        values[at + 5] = dataJson[done + i];
        values[at + 6] = metadataJson[done + i];
        values[at + 7] = e.effectiveAt;
        values[at + 8] = e.recordedAt;
        values[at + 9] = e.previousHash;
        values[at + 10] = e.hash;
      }
      const last = BigInt(this.statement(rows).run(values).lastInsertRowid);
      const first = last - BigInt(rows - 1);
      // One bigint an event: positions are counted as numbers while they are exact.
      if (last <= MAX_EXACT) {
        const start = Number(first);
        for (let i = 0; i < rows; i += 1) events[done + i]!.position = BigInt(start + i);
      } else for (let i = 0; i < rows; i += 1) events[done + i]!.position = first + BigInt(i);
      done += rows;
    }
  }

  /**
   * The multi-row INSERT for `rows` rows (a power of two up to MAX_CHUNK_ROWS), prepared once.
   * OR ROLLBACK: a refused row (a repeated id) rolls the whole append back, which is what an append
   * wants anyway, and spares SQLite the statement journal it keeps for every multi-row statement
   * inside a transaction that might otherwise have to undo just itself. That journal spills to a
   * temporary file past 64 KiB, so every chunk of a batch wrote (and created) one; see
   * https://www.sqlite.org/tempfiles.html#statement_journal_files.
   */
  private statement(rows: number): Database.Statement<unknown[]> {
    let statement = this.statements.get(rows);
    if (!statement) {
      statement = this.db
        .prepare<unknown[]>(
          `INSERT OR ROLLBACK INTO events (id, stream_id, revision, type, schema_version, data, metadata, effective_at, recorded_at, previous_hash, hash)
           VALUES ${Array.from({ length: rows }, () => ROW_PLACEHOLDERS).join(', ')}`,
        )
        .safeIntegers();
      this.statements.set(rows, statement);
    }
    return statement;
  }
}
