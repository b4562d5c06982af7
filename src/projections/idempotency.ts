// Which idempotency keys have been used, by which command, and where its events landed. Kept as
// a read model of the log's metadata, so it survives restarts and rebuilds like everything else.
import type Database from 'better-sqlite3';
import { EVENT_TYPES } from '../events/catalogue.ts';
import { defineProjector } from './projector.ts';

export const idempotencyProjector = defineProjector({
  // Every event, whatever its aggregate.
  handles: EVENT_TYPES,
  name: 'idempotency',
  ddl: `CREATE TABLE IF NOT EXISTS idempotency_keys (
    key          TEXT PRIMARY KEY,
    stream_id    TEXT NOT NULL,
    command_hash TEXT,
    actor        TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    position     INTEGER NOT NULL
  );`,
  tables: [{ name: 'idempotency_keys', orderBy: 'key' }],
  prepare(db) {
    // A command may append several events; the key points at the last of them.
    const record = db.prepare(
      `INSERT INTO idempotency_keys (key, stream_id, command_hash, actor, revision, position)
       VALUES (@key, @streamId, @commandHash, @actor, @revision, @position)
       ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, position = excluded.position
       WHERE idempotency_keys.stream_id = excluded.stream_id`,
    );
    return (_event, stored) => {
      const key = stored.metadata.idempotencyKey;
      if (!key) return;
      record.run({
        key,
        streamId: stored.streamId,
        commandHash: stored.metadata.commandHash ?? null,
        actor: stored.metadata.actor,
        revision: stored.revision,
        position: stored.position,
      });
    };
  },
});

export interface IdempotencyRecord {
  streamId: string;
  commandHash: string | null;
  revision: number;
  position: bigint;
}

export class IdempotencyQueries {
  private readonly find;

  constructor(db: Database.Database) {
    this.find = db.prepare<
      [string],
      { streamId: string; commandHash: string | null; revision: number; position: number }
    >(
      'SELECT stream_id AS streamId, command_hash AS commandHash, revision, position FROM idempotency_keys WHERE key = ?',
    );
  }

  lookup(key: string): IdempotencyRecord | null {
    const row = this.find.get(key);
    return row ? { ...row, position: BigInt(row.position) } : null;
  }
}
