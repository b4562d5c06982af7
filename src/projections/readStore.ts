// The read-model database: one SQLite file holding every projector's tables and checkpoints.
import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite.ts';
import { createHash } from 'node:crypto';
import { ensurePrivateFile } from '../events/privateFiles.ts';
import type { Projector } from './projector.ts';

const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  projector TEXT PRIMARY KEY,
  position  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS projection_versions (
  projector TEXT PRIMARY KEY,
  version   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS projection_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  position  INTEGER NOT NULL,
  hash      TEXT    NOT NULL
);`;

export function openReadDatabase(path: string): Database.Database {
  ensurePrivateFile(path);
  const db = openSqlite(path);
  db.pragma('journal_mode = WAL');
  // Read models are disposable and their checkpoint commits with them, so a lost tail after a
  // power cut is replayed, never skipped: NORMAL is safe here.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Rows rewritten on erasure leave no plaintext behind in free space of the file.
  db.pragma('secure_delete = ON');
  db.exec(CHECKPOINTS_DDL);
  return db;
}

export function createTables(db: Database.Database, projectors: Projector[]): void {
  dropOutdated(db, projectors);
  for (const p of projectors) {
    for (const statement of statementsOf(p.ddl)) {
      if (FULL_TEXT.test(statement)) createFullText(db, statement);
      else db.exec(statement);
    }
  }
}

const CREATE_INDEX = /^\s*CREATE\s+(UNIQUE\s+)?INDEX/i;
/** An FTS5 table over an external content table (`content = '…'`): an index of rows stored elsewhere. */
const FULL_TEXT = /^\s*CREATE\s+VIRTUAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+USING\s+fts5\s*\([^]*\bcontent\s*=/i;

/** Statements built once over finished tables after a replay: secondary indexes and full-text indexes. */
function deferred(statement: string): boolean {
  return CREATE_INDEX.test(statement) || FULL_TEXT.test(statement);
}

/**
 * Creates an external-content FTS5 table; when it did not exist yet, fills it from its content
 * table in one pass (FTS5 'rebuild'), so rows written while it was absent (a replay, or one cut
 * short) are indexed too. A no-op when it exists.
 */
function createFullText(db: Database.Database, statement: string): void {
  const name = FULL_TEXT.exec(statement)![1]!;
  if (hasTable(db, name)) return;
  db.exec(statement);
  db.exec(`INSERT INTO "${name}" ("${name}") VALUES ('rebuild')`);
}

/** A projector's DDL as single statements, with -- comments removed (they may hold any text). */
function statementsOf(ddl: string): string[] {
  return ddl
    .replace(/--[^\n]*/g, '')
    .split(';')
    .filter((statement) => statement.trim() !== '');
}

/**
 * The projectors' CREATE INDEX statements (secondary indexes; keys are part of their tables) and
 * their external-content FTS5 tables.
 */
export function secondaryIndexes(projectors: Projector[]): string[] {
  return projectors.flatMap((p) => statementsOf(p.ddl).filter(deferred));
}

/**
 * Creates the projectors' tables without their secondary indexes and full-text indexes, for a
 * replay into empty tables: building an index once over the finished table is much cheaper than
 * keeping it sorted through a million inserts, and an FTS5 index built from its content table
 * tokenizes each stored text once, where a replay would also tokenize every draft again to delete
 * it. createIndexes (or the next createTables) adds them.
 */
export function createTablesForReplay(db: Database.Database, projectors: Projector[]): void {
  dropOutdated(db, projectors);
  for (const p of projectors) {
    for (const statement of statementsOf(p.ddl)) if (!deferred(statement)) db.exec(statement);
  }
}

/** SQLite's page cache during a replay, KiB: room for the pages a group of batches dirties (runner.ts). */
const REPLAY_CACHE_KIB = 65_536;

/**
 * Settings for a replay into fresh read models: commits are not flushed to disk one by one (a read
 * model is rebuilt from the log, so nothing of it needs to survive a power cut halfway) and the
 * page cache is larger. Returns the function that puts back the settings it found.
 */
export function replaySettings(db: Database.Database): () => void {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${REPLAY_CACHE_KIB}`);
  return () => {
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
  };
}

export function createIndexes(db: Database.Database, projectors: Projector[]): void {
  for (const statement of secondaryIndexes(projectors)) {
    if (FULL_TEXT.test(statement)) createFullText(db, statement);
    else db.exec(statement);
  }
}

/** True when the read database has this table (a full-text table is absent during a replay). */
export function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Drops the tables and checkpoint of each projector whose tables were written with another layout
 * version, so it replays the log into tables of its current shape; then records every version.
 */
function dropOutdated(db: Database.Database, projectors: Projector[]): void {
  const stored = db.prepare<[string], { version: number }>(
    'SELECT version FROM projection_versions WHERE projector = ?',
  );
  const applied = db.prepare<[string], { position: number }>(
    'SELECT position FROM projection_checkpoints WHERE projector = ?',
  );
  const record = db.prepare(
    'INSERT INTO projection_versions (projector, version) VALUES (?, ?) ON CONFLICT (projector) DO UPDATE SET version = excluded.version',
  );
  db.transaction(() => {
    for (const p of projectors) {
      const current = p.version ?? 1;
      // A database from before versions were recorded holds layout 1 of whatever it has applied.
      const found = stored.get(p.name)?.version ?? (applied.get(p.name) ? 1 : current);
      if (found !== current) {
        for (const t of p.tables) db.exec(`DROP TABLE IF EXISTS "${t.name}"`);
        for (const name of p.formerTables ?? []) db.exec(`DROP TABLE IF EXISTS "${name}"`);
        db.prepare('DELETE FROM projection_checkpoints WHERE projector = ?').run(p.name);
      }
      record.run(p.name, current);
    }
  })();
}

export function dropTables(db: Database.Database, projectors: Projector[]): void {
  db.transaction(() => {
    for (const p of projectors) {
      for (const t of p.tables) db.exec(`DROP TABLE IF EXISTS "${t.name}"`);
    }
    db.exec('DELETE FROM projection_checkpoints');
    db.exec('DELETE FROM projection_head');
  })();
}

/**
 * SHA-256 over every read-model row in a fixed order. Two databases with equal checksums hold
 * the same read models, whatever order their pages are in on disk.
 */
export function readModelChecksum(db: Database.Database, projectors: Projector[]): string {
  const hash = createHash('sha256');
  for (const p of projectors) {
    for (const t of p.tables) {
      hash.update(`#${t.name}\n`);
      const stmt = db.prepare(`SELECT * FROM "${t.name}" ORDER BY ${t.orderBy}`).raw(true).safeIntegers(true);
      for (const row of stmt.iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
        hash.update('\n');
      }
    }
  }
  return hash.digest('hex');
}

/** Raised when another rebuild of the same read database is running. */
export class ReplayLockedError extends Error {
  constructor(readonly lockFile: string) {
    super(
      `another rebuild of these read models is running (it holds ${lockFile}); wait for it to finish, then rebuild again if needed`,
    );
    this.name = 'ReplayLockedError';
  }
}

/** Raised when another process (a running server, or a command-line tool) writes the same read database. */
export class WriterLockedError extends Error {
  constructor(readonly lockFile: string) {
    super(
      `another process writes these read models (it holds ${lockFile}): a server running on this DATA_DIR, or another command. ` +
        'Stop the server (or wait for the command) and run this again; against a running server, use its GraphQL API instead',
    );
    this.name = 'WriterLockedError';
  }
}

/**
 * Holds an exclusive transaction on `lockFile` until the returned function is called, or throws
 * `busy(lockFile)` at once when another connection, in this process or another, holds it. A lock on
 * a file is released by the operating system when its process dies, so a process killed halfway
 * leaves no stale lock.
 */
function holdLockFile(lockFile: string, busy: (file: string) => Error): () => void {
  ensurePrivateFile(lockFile);
  const lock = openSqlite(lockFile, { timeout: 0 });
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw busy(lockFile);
    throw error;
  }
  return () => {
    lock.exec('ROLLBACK');
    lock.close();
  };
}

/**
 * Takes the replay lock of a read database for one rebuild (`read.sqlite.replay-lock`), or throws
 * ReplayLockedError at once when another rebuild holds it: a rebuild commits in groups and so
 * cannot hold the database's own write lock throughout. Returns the function that releases it; an
 * in-memory database needs none.
 */
export function holdReplayLock(db: Database.Database): () => void {
  if (db.memory) return () => undefined;
  return holdLockFile(`${db.name}.replay-lock`, (file) => new ReplayLockedError(file));
}

/**
 * Takes the writer lock of a read database (`read.sqlite.writer-lock`) for as long as a process
 * projects into it (a server for its life, a command-line tool for its run), or throws
 * WriterLockedError at once when another process holds it: two processes projecting the same
 * read models would each go on from checkpoints the other had moved. Returns the function that
 * releases it; an in-memory database needs none.
 */
export function holdWriterLock(db: Database.Database): () => void {
  return db.memory ? () => undefined : holdWriterLockAt(db.name);
}

/**
 * Takes the writer lock of the read database at `readFile` (a path to a `read.sqlite`, opened or
 * not) for a process that writes that directory's files without projecting into them, e.g. a
 * backup copying into a directory: throws WriterLockedError at once when a server running on that
 * directory, or another command, holds it. Returns the function that releases it.
 */
export function holdWriterLockAt(readFile: string): () => void {
  return holdLockFile(`${readFile}.writer-lock`, (file) => new WriterLockedError(file));
}

export { checkpointTruncate } from '../sqlite.ts';
