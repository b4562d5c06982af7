// Read-side queries over the evidence read model: how certain an answer about a day is, what it
// rests on, the board under either reading of uncertain dates, and the dated membership figures.
// Every query takes the log position it is bounded by (recorded time), like the other read models.
import type Database from 'better-sqlite3';
import type { DatedFigures } from '../events/catalogue/membership.ts';
import { LOG_END } from './boardQueries.ts';

export type { DatedFigures };

export type EvidenceSubject = 'BOARD' | 'MEMBERSHIP';

export interface DatedFactRow {
  position: bigint;
  subject: EvidenceSubject;
  kind: string;
  personId: string | null;
  earliest: string;
  latest: string;
  note: string | null;
  source: string | null;
  size: number | null;
  membershipYear: string | null;
  members: number | null;
  eligible: number | null;
}

export interface EvidenceSourceRow {
  source: string | null;
  /** The latest day a fact from this source took effect, on or before the day asked about. */
  date: string;
}

/*
 * `+position <= @bound` (the unary plus keeps the term out of index choice): without it SQLite
 * takes the primary key (association, position) for the recorded-time bound, which nearly always
 * covers the whole table, and reads every fact of every subject instead of the kind's index range.
 */
const FACT_COLUMNS = `position, subject, kind, person_id AS personId, earliest, latest, note, source, size,
  membership_year AS membershipYear, members, eligible`;

type Args = { association: string; subject: EvidenceSubject; asOf: string; bound: bigint };

export class EvidenceQueries {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      lastEvidenceOn: db.prepare<Args, { on: string | null }>(
        `SELECT MAX(latest) AS "on" FROM evidence_facts
         WHERE association = @association AND subject = @subject AND latest <= @asOf AND +position <= @bound`,
      ),
      sources: db.prepare<Args, EvidenceSourceRow>(
        `SELECT source, MAX(latest) AS date FROM evidence_facts
         WHERE association = @association AND subject = @subject AND latest <= @asOf AND +position <= @bound
         GROUP BY source ORDER BY date DESC, source`,
      ),
      uncertain: db.prepare<Args, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND subject = @subject AND earliest < latest
           AND earliest <= @asOf AND latest > @asOf AND +position <= @bound
         ORDER BY latest, position`,
      ),
      uncertainSince: db.prepare<Args, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND subject = @subject AND earliest < latest AND earliest <= @asOf AND +position <= @bound
         ORDER BY earliest, position`,
      ),
      begunBy: db.prepare<Args & { kind: string }, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND subject = @subject AND kind = @kind AND earliest <= @asOf AND +position <= @bound
         ORDER BY earliest DESC, position DESC LIMIT 1`,
      ),
      endedBy: db.prepare<Args & { kind: string }, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND subject = @subject AND kind = @kind AND latest <= @asOf AND +position <= @bound
         ORDER BY latest DESC, position DESC LIMIT 1`,
      ),
      sizeReports: db.prepare<{ association: string; bound: bigint }, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND subject = 'BOARD' AND kind = 'SIZE_REPORTED' AND +position <= @bound
         ORDER BY latest, position`,
      ),
      facts: db.prepare<{ association: string; subject: EvidenceSubject | null; bound: bigint }, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND (@subject IS NULL OR subject = @subject) AND position <= @bound
         ORDER BY latest, position`,
      ),
      figures: db.prepare<{ association: string; bound: bigint }, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts
         WHERE association = @association AND subject = 'MEMBERSHIP' AND kind = 'FIGURES_REPORTED' AND +position <= @bound
         ORDER BY latest, position`,
      ),
      atPosition: db.prepare<{ association: string; position: bigint }, DatedFactRow>(
        `SELECT ${FACT_COLUMNS} FROM evidence_facts WHERE association = @association AND position = @position`,
      ),
    };
  }

  /** The day of the latest fact on or before asOf (default reading), or null when there is none. */
  lastEvidenceOn(association: string, subject: EvidenceSubject, asOf: string, bound: bigint = LOG_END): string | null {
    return this.stmts.lastEvidenceOn.get({ association, subject, asOf, bound })?.on ?? null;
  }

  /** Each source of facts on or before asOf, with the day of its latest fact, newest first. */
  sources(association: string, subject: EvidenceSubject, asOf: string, bound: bigint = LOG_END): EvidenceSourceRow[] {
    return this.stmts.sources.all({ association, subject, asOf, bound });
  }

  /** Facts whose interval contains asOf but does not end by it: they may or may not hold on that day. */
  uncertainOn(association: string, subject: EvidenceSubject, asOf: string, bound: bigint = LOG_END): DatedFactRow[] {
    return this.stmts.uncertain.all({ association, subject, asOf, bound }).map(withPosition);
  }

  /** Facts dated only by an interval that starts on or before asOf (few: only such facts are read). */
  uncertainSince(association: string, subject: EvidenceSubject, asOf: string, bound: bigint = LOG_END): DatedFactRow[] {
    return this.stmts.uncertainSince.all({ association, subject, asOf, bound }).map(withPosition);
  }

  /**
   * The fact of this kind that took effect last on or before asOf (by log position on a tie), or
   * null, with every fact placed on the day `placedOn` names: its interval's latest (the default
   * reading) or its earliest (the one with the latest `earliest`).
   */
  lastInForce(
    placedOn: 'earliest' | 'latest',
    association: string,
    subject: EvidenceSubject,
    kind: string,
    asOf: string,
    bound: bigint = LOG_END,
  ): DatedFactRow | null {
    const statement = placedOn === 'earliest' ? this.stmts.begunBy : this.stmts.endedBy;
    const row = statement.get({ association, subject, kind, asOf, bound });
    return row ? withPosition(row) : null;
  }

  /** Every board size report with its dating, by its latest day. */
  sizeReports(association: string, bound: bigint = LOG_END): DatedFactRow[] {
    return this.stmts.sizeReports.all({ association, bound }).map(withPosition);
  }

  /** Every fact about the subject (both when null), by its latest day. */
  facts(association: string, subject: EvidenceSubject | null, bound: bigint = LOG_END): DatedFactRow[] {
    return this.stmts.facts.all({ association, subject, bound }).map(withPosition);
  }

  /** The fact an event at this position stated, or null. */
  factAt(association: string, position: bigint): DatedFactRow | null {
    const row = this.stmts.atPosition.get({ association, position });
    return row ? withPosition(row) : null;
  }

  /** The membership figures reported, with their dating, by their latest day. */
  figures(association: string, bound: bigint = LOG_END): DatedFigures[] {
    return this.stmts.figures.all({ association, bound }).map((r) => ({
      position: BigInt(r.position),
      membershipYear: r.membershipYear,
      members: r.members,
      eligible: r.eligible,
      earliest: r.earliest,
      latest: r.latest,
      source: r.source,
    }));
  }
}

function withPosition(row: DatedFactRow): DatedFactRow {
  return { ...row, position: BigInt(row.position) };
}
