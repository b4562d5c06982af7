// Opening SQLite databases (better-sqlite3) so that none of their native objects is ever
// garbage-collected: on Node 24 a collected one can abort the process.
//
// better-sqlite3 12 builds its Database, Statement, StatementIterator and Backup objects on
// node::ObjectWrap. Since Node 24.19 (nodejs/node#65446) ObjectWrap's destructor unregisters an
// environment cleanup hook and asserts that a JavaScript context is entered. V8 also collects
// garbage from platform tasks and while the process exits, with no context entered, so on Node 24
// an addon built against its headers aborts with `Assertion failed: (env) != nullptr` (SIGABRT,
// exit 134) some time after any statement, iterator or backup became garbage: a CLI command dies
// on exit with its output lost, a server at an arbitrary moment. Node 20 and 22 are not affected.
//
// The fix kept here: every such object stays reachable until the process exits, where Node's own
// cleanup hooks delete them with the context entered. The cost is memory for statements prepared
// again and again: each statement object (and, until its database is closed, its compiled SQLite
// statement) lives until exit. The service prepares its statements once per database; the repeats
// are a few per rebuild, checksum or verification.
import Database from 'better-sqlite3';

const kept = new Set<object>();
let installed = false;

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `proto[name]` by a method that keeps `this` and the object it returns reachable. */
function keepResults(proto: Record<string, unknown>, name: string): void {
  const original = proto[name];
  if (typeof original !== 'function')
    throw new Error(`better-sqlite3 has no native ${name}: keepResults needs updating`);
  proto[name] = function (this: unknown, ...args: unknown[]): unknown {
    const made = (original as Method).apply(this, args);
    if (typeof this === 'object' && this !== null) kept.add(this);
    if (typeof made === 'object' && made !== null) kept.add(made);
    return made;
  };
}

/** The native database behind a better-sqlite3 Database (held under a private symbol). */
function nativeOf(db: Database.Database): Record<string, unknown> {
  for (const key of Object.getOwnPropertySymbols(db)) {
    const value = (db as unknown as Record<symbol, unknown>)[key];
    if (typeof value === 'object' && value !== null && typeof (value as { prepare?: unknown }).prepare === 'function') {
      return value as Record<string, unknown>;
    }
  }
  throw new Error('better-sqlite3 Database has no native handle: nativeOf needs updating');
}

function install(db: Database.Database, native: Record<string, unknown>): void {
  const dbProto = Object.getPrototypeOf(native) as Record<string, unknown>;
  // `prepare` (also behind pragma() and transaction()) and `backup` make Statement and Backup
  // objects; a Statement's `iterate` makes a StatementIterator.
  const probe = (dbProto.prepare as Method).call(native, 'SELECT 1', db, false) as object;
  kept.add(probe);
  keepResults(dbProto, 'prepare');
  keepResults(dbProto, 'backup');
  keepResults(Object.getPrototypeOf(probe) as Record<string, unknown>, 'iterate');
  installed = true;
}

/**
 * Opens (creating if needed) the SQLite database at `path` (`:memory:` for a private in-memory
 * one) with better-sqlite3. The database and every statement, iterator and backup made from any
 * database in this process from then on are kept reachable until the process exits (see the top
 * of this file). Throws better-sqlite3's `SqliteError` when the file cannot be opened.
 */
export function openSqlite(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  const native = nativeOf(db);
  if (!installed) install(db, native);
  kept.add(db);
  kept.add(native);
  return db;
}

/**
 * Whether this process keeps better-sqlite3's native objects reachable yet: true once any database
 * was opened with openSqlite. The test setup (tests/support/sqliteSetup.ts) makes it true in every
 * vitest worker before the first test.
 */
export function keepsNativeObjects(): boolean {
  return installed;
}

/**
 * Copies the write-ahead log into the database file and truncates it to zero bytes, retrying while
 * another connection holds a read lock: afterwards no frame of an overwritten page survives in a
 * `-wal` file.
 */
export function checkpointTruncate(db: Database.Database): void {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (!row || row.busy === 0) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  throw new Error('could not checkpoint the write-ahead log: another connection keeps reading');
}
