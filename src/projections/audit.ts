// The auditors' index of the log: every event with its metadata, searchable by stream, type,
// actor and both kinds of time. The log stays the evidence (verify checks the store itself);
// this table only makes browsing it fast. An event's data is not copied here: it is read from the
// log by stream and revision when asked for (schema/audit.ts), so the index holds no second copy
// of anything an event records (it was half the read database).
import type Database from 'better-sqlite3';
import { KeysetQuery, type PageWindow } from './keyset.ts';
import { EVENT_TYPES } from '../events/catalogue.ts';
import { defineProjector } from './projector.ts';

export const auditProjector = defineProjector({
  // Every event, whatever its aggregate.
  handles: EVENT_TYPES,
  name: 'audit',
  // 2: without the data column (read from the log instead).
  version: 2,
  ddl: `
    CREATE TABLE IF NOT EXISTS audit_events (
      position       INTEGER PRIMARY KEY,
      id             TEXT NOT NULL,
      stream_id      TEXT NOT NULL,
      revision       INTEGER NOT NULL,
      type           TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      actor          TEXT NOT NULL,
      source         TEXT,
      change_note    TEXT,
      correlation_id TEXT,
      causation_id   TEXT,
      effective_at   TEXT NOT NULL,
      recorded_at    TEXT NOT NULL,
      hash           TEXT NOT NULL,
      previous_hash  TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_by_stream ON audit_events (stream_id, position);
    CREATE INDEX IF NOT EXISTS audit_by_type ON audit_events (type, position);
    CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_events (actor, position);
    CREATE INDEX IF NOT EXISTS audit_by_recorded ON audit_events (recorded_at);
    CREATE INDEX IF NOT EXISTS audit_by_effective ON audit_events (effective_at);`,
  tables: [{ name: 'audit_events', orderBy: 'position' }],
  prepare(db) {
    const insert = db.prepare(
      `INSERT INTO audit_events (position, id, stream_id, revision, type, schema_version, actor, source, change_note,
         correlation_id, causation_id, effective_at, recorded_at, hash, previous_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return (_event, e) => {
      const m = e.metadata;
      insert.run(
        e.position,
        e.id,
        e.streamId,
        e.revision,
        e.type,
        e.schemaVersion,
        m.actor,
        m.source ?? null,
        m.changeNote ?? null,
        m.correlationId ?? null,
        m.causationId ?? null,
        e.effectiveAt,
        e.recordedAt,
        e.hash,
        e.previousHash,
      );
    };
  },
});

export interface AuditEventRow {
  position: bigint;
  id: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  actor: string;
  source: string | null;
  changeNote: string | null;
  correlationId: string | null;
  causationId: string | null;
  effectiveAt: string;
  recordedAt: string;
  hash: string;
  previousHash: string;
}

export interface AuditFilter {
  streamId?: string | null;
  streamPrefix?: string | null;
  types?: readonly string[] | null;
  actor?: string | null;
  recordedFrom?: string | null;
  recordedTo?: string | null;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
}

export class AuditQueries {
  private readonly pageStmt;
  private readonly positionStmt;
  private readonly atStmt;
  private readonly streamStmt;

  constructor(db: Database.Database) {
    this.atStmt = db.prepare<[string], RawAuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position`,
    );
    this.streamStmt = db.prepare<[string], RawAuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE stream_id IN (SELECT value FROM json_each(?)) ORDER BY position`,
    );
    this.positionStmt = db.prepare<[string], { position: number | null }>(
      'SELECT MAX(position) AS position FROM audit_events WHERE recorded_at <= ?',
    );
    // One listing for every combination of filters: an absent filter is NULL and matches all.
    this.pageStmt = new KeysetQuery<Record<string, unknown>, RawAuditRow, bigint>(db, {
      select: `SELECT ${AUDIT_COLUMNS}
               FROM audit_events
               WHERE (@streamId IS NULL OR stream_id = @streamId)
                 AND (@streamPrefix IS NULL OR substr(stream_id, 1, length(@streamPrefix)) = @streamPrefix)
                 AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
                 AND (@actor IS NULL OR actor = @actor)
                 AND (@recordedFrom IS NULL OR recorded_at >= @recordedFrom)
                 AND (@recordedTo IS NULL OR recorded_at <= @recordedTo)
                 AND (@effectiveFrom IS NULL OR effective_at >= @effectiveFrom)
                 AND (@effectiveTo IS NULL OR effective_at <= @effectiveTo)`,
      key: ['position'],
      values: (position) => [position],
    });
  }

  /** The last position recorded at or before an instant: what the service knew then. */
  positionAt(instant: string): bigint {
    const row = this.positionStmt.get(instant);
    return row?.position === null || row?.position === undefined ? 0n : BigInt(row.position);
  }

  /** Events matching the filter in log order, after the given position. */
  page(filter: AuditFilter, after: bigint, limit: number): AuditEventRow[] {
    return this.window(filter, { after, limit });
  }

  /** Events matching the filter in log order, one window of them (keyset pagination by position). */
  window(filter: AuditFilter, window: PageWindow<bigint>): AuditEventRow[] {
    const rows = this.pageStmt.page(
      {
        streamId: filter.streamId ?? null,
        streamPrefix: filter.streamPrefix ?? null,
        types: filter.types && filter.types.length > 0 ? JSON.stringify(filter.types) : null,
        actor: filter.actor ?? null,
        recordedFrom: filter.recordedFrom ?? null,
        recordedTo: filter.recordedTo ?? null,
        effectiveFrom: filter.effectiveFrom ?? null,
        effectiveTo: filter.effectiveTo ?? null,
      },
      window,
    );
    return rows.map(fromRaw);
  }

  /** The events at these positions, in log order. */
  atPositions(positions: readonly bigint[]): AuditEventRow[] {
    return this.atStmt.all(JSON.stringify(positions.map(Number))).map(fromRaw);
  }

  /** Every event of these streams, in log order. */
  ofStreams(streamIds: readonly string[]): AuditEventRow[] {
    return this.streamStmt.all(JSON.stringify(streamIds)).map(fromRaw);
  }
}

const AUDIT_COLUMNS = `position, id, stream_id AS streamId, revision, type, schema_version AS schemaVersion, actor, source,
  change_note AS changeNote, correlation_id AS correlationId, causation_id AS causationId,
  effective_at AS effectiveAt, recorded_at AS recordedAt, hash, previous_hash AS previousHash`;

type RawAuditRow = Omit<AuditEventRow, 'position'> & { position: number };

function fromRaw(r: RawAuditRow): AuditEventRow {
  return { ...r, position: BigInt(r.position) };
}
