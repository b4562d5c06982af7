// Read-side queries over the board read model. "As of a date" is a range lookup on the validity
// columns; lookups by trustee take many ids at once so one DataLoader batch is one statement.
import type Database from 'better-sqlite3';
import { dayNumber } from './daySpans.ts';

export interface TrusteeRow {
  trusteeId: string;
  name: string;
  /** The role held on the date the row was read for (now, for a lookup by id). */
  role: string | null;
  appointedOn: string;
  stoodDownOn: string | null;
  stoodDownReason: string | null;
  /** Where the appointment was reported. */
  source: string | null;
  /** The change note recorded with the appointment, e.g. that its date is only the first report. */
  note: string | null;
}

export interface TrusteeRoleRow {
  trusteeId: string;
  role: string | null;
  validFrom: string;
  validTo: string | null;
  source: string | null;
}

export interface BoardSizeReportRow {
  size: number;
  reportedOn: string;
  source: string | null;
  note: string | null;
}

export type BoardChangeKind = 'APPOINTED' | 'ROLE_CHANGED' | 'STOOD_DOWN';

export interface BoardChangeRow {
  position: bigint;
  kind: BoardChangeKind;
  effectiveOn: string;
  trusteeId: string;
  role: string | null;
  reason: string | null;
  source: string | null;
  note: string | null;
  actor: string;
  recordedAt: string;
}

export interface BoardRows {
  trustees: TrusteeRow[];
  report: BoardSizeReportRow | null;
}

const TERM_COLUMNS = `t.trustee_id AS trusteeId, tr.name, t.appointed_on AS appointedOn, t.stood_down_on AS stoodDownOn,
  t.stood_down_reason AS stoodDownReason, t.source, t.note`;
/** The same, as known at log position @bound: a standing-down recorded after it has not happened yet. */
const TERM_COLUMNS_KNOWN = `t.trustee_id AS trusteeId, tr.name, t.appointed_on AS appointedOn,
  CASE WHEN t.stood_down_position <= @bound THEN t.stood_down_on END AS stoodDownOn,
  CASE WHEN t.stood_down_position <= @bound THEN t.stood_down_reason END AS stoodDownReason, t.source, t.note`;
/** Everything recorded so far: the default bound. */
export const LOG_END = BigInt(Number.MAX_SAFE_INTEGER);
const KEYS = 'SELECT value FROM json_each(?)';
/** The role a term's trustee held on @asOf, as recorded up to @bound. */
const ROLE_THEN = `(SELECT r.role FROM board_roles r
  WHERE r.association = t.association AND r.trustee_id = t.trustee_id AND r.position <= @bound
    AND r.valid_from <= @asOf AND (r.valid_to IS NULL OR r.closed_position > @bound OR r.valid_to > @asOf)
  ORDER BY r.position DESC LIMIT 1) AS role`;

export class BoardQueries {
  private readonly stmts;
  /** Named trustees in office on @asOf: through the R*Tree of terms when the whole log is asked about. */
  private readonly inOffice: (args: { association: string; asOf: string; bound: bigint }) => TrusteeRow[];

  constructor(db: Database.Database) {
    this.stmts = {
      // In office on @asOf (effective time) as recorded up to @bound (recorded time).
      inOffice: db.prepare<{ association: string; asOf: string; bound: bigint }, TrusteeRow>(
        `SELECT ${TERM_COLUMNS_KNOWN},
           ${ROLE_THEN}
         FROM board_terms t JOIN board_trustees tr ON tr.association = t.association AND tr.trustee_id = t.trustee_id
         WHERE t.association = @association AND t.position <= @bound AND t.appointed_on <= @asOf
           AND (t.stood_down_on IS NULL OR t.stood_down_position > @bound OR t.stood_down_on > @asOf)
         ORDER BY t.appointed_on, tr.name`,
      ),
      // The same as the whole log has it, through the R*Tree of terms: only terms containing @day are
      // read. CROSS JOIN keeps the tree as the outer loop (SQLite would otherwise scan the terms).
      inOfficeNow: db.prepare<{ association: string; asOf: string; day: number; bound: bigint }, TrusteeRow>(
        `SELECT ${TERM_COLUMNS_KNOWN},
           ${ROLE_THEN}
         FROM board_term_spans s
           CROSS JOIN board_terms t ON t.rowid = s.id
           JOIN board_trustees tr ON tr.association = t.association AND tr.trustee_id = t.trustee_id
         WHERE s.from_day <= @day AND s.to_day > @day AND t.association = @association
         ORDER BY t.appointed_on, tr.name`,
      ),
      latestReport: db.prepare<{ association: string; asOf: string; bound: bigint }, BoardSizeReportRow>(
        `SELECT size, reported_on AS reportedOn, source, note FROM board_size_reports
         WHERE association = @association AND reported_on <= @asOf AND position <= @bound
         ORDER BY reported_on DESC, position DESC LIMIT 1`,
      ),
      byIds: db.prepare<{ association: string; ids: string }, TrusteeRow>(
        `SELECT ${TERM_COLUMNS},
           (SELECT r.role FROM board_roles r WHERE r.association = t.association AND r.trustee_id = t.trustee_id
            ORDER BY r.position DESC LIMIT 1) AS role
         FROM board_terms t JOIN board_trustees tr ON tr.association = t.association AND tr.trustee_id = t.trustee_id
         WHERE t.association = @association AND t.trustee_id IN (SELECT value FROM json_each(@ids))
           AND t.appointed_on = (SELECT MAX(l.appointed_on) FROM board_terms l
                                 WHERE l.association = t.association AND l.trustee_id = t.trustee_id)`,
      ),
      roles: db.prepare<[string, string], TrusteeRoleRow>(
        `SELECT trustee_id AS trusteeId, role, valid_from AS validFrom, valid_to AS validTo, source FROM board_roles
         WHERE association = ? AND trustee_id IN (${KEYS}) ORDER BY trustee_id, position`,
      ),
      changes: db.prepare<{ association: string; from: string; to: string }, BoardChangeRow>(
        `SELECT position, kind, effective_on AS effectiveOn, trustee_id AS trusteeId, role, reason, source, note, actor,
                recorded_at AS recordedAt
         FROM board_changes WHERE association = @association AND effective_on >= @from AND effective_on <= @to
         ORDER BY effective_on, position`,
      ),
    };
    this.inOffice = (args) =>
      args.bound === LOG_END
        ? this.stmts.inOfficeNow.all({ ...args, day: dayNumber(args.asOf) })
        : this.stmts.inOffice.all(args);
  }

  /**
   * The named trustees in office on a date with their roles then, and what was reported about its
   * size — as the log stood at position `bound` (everything recorded, by default).
   */
  board(association: string, asOf: string, bound: bigint = LOG_END): BoardRows {
    const args = { association, asOf, bound };
    return {
      trustees: this.inOffice(args),
      report: this.stmts.latestReport.get(args) ?? null,
    };
  }

  /** How many named trustees were in office on a day, as the log stood at position `bound`. */
  namedCount(association: string, day: string, bound: bigint = LOG_END): number {
    return this.inOffice({ association, asOf: day, bound }).length;
  }

  /** Each trustee's latest term and current (or last) role. */
  trustees(association: string, ids: readonly string[]): TrusteeRow[] {
    return this.stmts.byIds.all({ association, ids: JSON.stringify(ids) });
  }

  /** Every role period of each trustee, oldest first. */
  roles(association: string, ids: readonly string[]): TrusteeRoleRow[] {
    return this.stmts.roles.all(association, JSON.stringify(ids));
  }

  /** Appointments, role changes and standings-down that took effect in [from, to], oldest first. */
  changes(association: string, from: string, to: string): BoardChangeRow[] {
    return this.stmts.changes.all({ association, from, to }).map((c) => ({ ...c, position: BigInt(c.position) }));
  }
}
