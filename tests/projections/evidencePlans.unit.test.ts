// The evidence read model's queries read their own kind's index range, never the whole table: with
// the recorded-time bound `position <= @bound` open to index choice, SQLite took the primary key
// (association, position), which the bound nearly always covers, and board(asOf) read all 325,000
// facts of a 1,000,000-event log on every request (41 ms against 2 ms at 1,000 events).
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { evidenceProjector } from '../../src/projections/evidence.ts';
import { EvidenceQueries } from '../../src/projections/evidenceQueries.ts';
import { createTables, openReadDatabase } from '../../src/projections/readStore.ts';

/** Statements that look facts up by subject (and kind): the ones a board or membership read runs. */
const BY_SUBJECT = ['lastEvidenceOn', 'sources', 'uncertainSince', 'begunBy', 'endedBy', 'sizeReports', 'figures'];

describe('evidence queries', () => {
  it('search an index on subject (and kind) rather than walk the primary key', () => {
    const db = openReadDatabase(':memory:');
    createTables(db, [evidenceProjector]);
    const queries = new EvidenceQueries(db) as unknown as { stmts: Record<string, Database.Statement> };
    for (const name of BY_SUBJECT) {
      const source = queries.stmts[name]!.source;
      const params = Object.fromEntries(
        [...source.matchAll(/@(\w+)/g)].map(([, key]) => [key, key === 'bound' ? 10n : 'x']),
      );
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(params) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ');
      expect({ name, plan }).toEqual({ name, plan: expect.stringMatching(/USING (COVERING )?INDEX evidence_facts_/) });
      expect({ name, plan }).not.toEqual({ name, plan: expect.stringContaining('sqlite_autoindex') });
    }
    db.close();
  });
});
