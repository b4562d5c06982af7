// Runs in every vitest worker before its test file (vitest `setupFiles`): opening one database
// through openSqlite installs the keep-alive workaround for better-sqlite3's native objects
// (src/sqlite.ts) before any test, library or fixture can make one that V8 would later collect
// and, on Node 24, abort the worker with ("Worker exited unexpectedly").
import { openSqlite } from '../../src/sqlite.ts';

openSqlite(':memory:').close();
