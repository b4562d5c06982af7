// The read-model database: one SQLite file holding every projector's tables and checkpoints.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Projector } from './projector.ts';

const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  projector TEXT PRIMARY KEY,
  position  INTEGER NOT NULL
);`;

export function openReadDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Read models are disposable and their checkpoint commits with them, so a lost tail after a
  // power cut is replayed, never skipped: NORMAL is safe here.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(CHECKPOINTS_DDL);
  return db;
}

export function createTables(db: Database.Database, projectors: Projector[]): void {
  for (const p of projectors) db.exec(p.ddl);
}

export function dropTables(db: Database.Database, projectors: Projector[]): void {
  db.transaction(() => {
    for (const p of projectors) {
      for (const t of p.tables) db.exec(`DROP TABLE IF EXISTS "${t.name}"`);
    }
    db.exec('DELETE FROM projection_checkpoints');
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
