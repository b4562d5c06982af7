// Read-side queries over the membership read model: counts and lists as of a date from the
// validity ranges, the latest reported figures and terms on or before a date, and batched lookups
// by member or report for the GraphQL layer's DataLoaders.
import type Database from 'better-sqlite3';
import type { MemberKind, Region } from '../events/vocabulary.ts';

export interface MemberRow {
  memberId: string;
  name: string;
  kind: MemberKind;
  region: Region | null;
  joinedOn: string;
  leftOn: string | null;
  leaveReason: string | null;
  source: string | null;
  note: string | null;
}

export interface TrackedCountRow {
  kind: MemberKind;
  region: Region | null;
  members: number;
}

export interface RenewalRow {
  memberId: string;
  membershipYear: string;
  renewedOn: string;
  source: string | null;
}

export interface MembershipReportRow {
  position: bigint;
  reportedOn: string;
  membershipYear: string | null;
  members: number | null;
  eligible: number | null;
  otherMembers: number | null;
  coverage: number | null;
  target: number | null;
  source: string | null;
  note: string | null;
}

export interface ReportRegionRow {
  position: bigint;
  region: Region;
  members: number;
  eligible: number;
}

export interface MembershipTermsRow {
  effectiveOn: string;
  standardFee: number;
  regionalDealFeeBelow: number | null;
  source: string | null;
  note: string | null;
}

export type MembershipChangeKind = 'JOINED' | 'LEFT' | 'RENEWED' | 'FIGURES_REPORTED' | 'TERMS_SET';

export interface MembershipChangeRow {
  position: bigint;
  kind: MembershipChangeKind;
  effectiveOn: string;
  memberId: string | null;
  membershipYear: string | null;
  reason: string | null;
  source: string | null;
  note: string | null;
  actor: string;
  recordedAt: string;
}

import { LOG_END } from './boardQueries.ts';
import { KeysetQuery, type PageWindow } from './keyset.ts';
import { countRanges } from './memberCountTotals.ts';

const PERIOD_COLUMNS = `p.member_id AS memberId, m.name, p.kind, p.region, p.joined_on AS joinedOn, p.left_on AS leftOn,
  p.leave_reason AS leaveReason, p.source, p.note`;
const PERIOD_FROM = 'member_periods p JOIN members m ON m.association = p.association AND m.member_id = p.member_id';
/** A member on @asOf (effective time) as recorded up to log position @bound (recorded time). */
const VALID_ON = `p.position <= @bound AND p.joined_on <= @asOf
  AND (p.left_on IS NULL OR p.left_position > @bound OR p.left_on > @asOf)`;
const REPORT_COLUMNS = `position, reported_on AS reportedOn, membership_year AS membershipYear, members, eligible,
  other_members AS otherMembers, coverage, target, source, note`;

export class MembershipQueries {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      counts: db.prepare<{ association: string; asOf: string; bound: bigint }, TrackedCountRow>(
        `SELECT p.kind, p.region, COUNT(*) AS members FROM member_periods p
         WHERE p.association = @association AND ${VALID_ON} GROUP BY p.kind, p.region`,
      ),
      yearsBefore: db.prepare<
        { association: string; year: string },
        { kind: MemberKind; region: string; members: number }
      >(
        `SELECT kind, region, SUM(members) AS members FROM member_count_years
         WHERE association = @association AND year < @year GROUP BY kind, region`,
      ),
      monthsBefore: db.prepare<
        { association: string; yearStart: string; month: string },
        { kind: MemberKind; region: string; members: number }
      >(
        `SELECT kind, region, SUM(members) AS members FROM member_count_months
         WHERE association = @association AND month >= @yearStart AND month < @month GROUP BY kind, region`,
      ),
      joinedBetween: db.prepare<{ association: string; from: string; to: string }, TrackedCountRow>(
        `SELECT kind, region, COUNT(*) AS members FROM member_periods
         WHERE association = @association AND joined_on >= @from AND joined_on <= @to GROUP BY kind, region`,
      ),
      // A leave counts on its date, or on the join date of a period recorded as ending before it began.
      leftBetween: db.prepare<{ association: string; from: string; to: string }, TrackedCountRow>(
        `SELECT kind, region, COUNT(*) AS members FROM member_periods
         WHERE association = @association
           AND ((left_on >= @from AND left_on <= @to AND left_on > joined_on)
             OR (joined_on >= @from AND joined_on <= @to AND left_on <= joined_on))
         GROUP BY kind, region`,
      ),
      page: new KeysetQuery<
        { association: string; asOf: string; bound: bigint; region: string | null },
        MemberRow,
        string
      >(db, {
        select: `SELECT ${PERIOD_COLUMNS} FROM ${PERIOD_FROM}
                 WHERE p.association = @association AND ${VALID_ON} AND (@region IS NULL OR p.region = @region)`,
        key: ['p.member_id'],
        values: (memberId) => [memberId],
      }),
      byIds: db.prepare<{ association: string; ids: string }, MemberRow>(
        `SELECT ${PERIOD_COLUMNS} FROM ${PERIOD_FROM}
         WHERE p.association = @association AND p.member_id IN (SELECT value FROM json_each(@ids))
           AND p.joined_on = (SELECT MAX(l.joined_on) FROM member_periods l
                              WHERE l.association = p.association AND l.member_id = p.member_id)`,
      ),
      renewals: db.prepare<{ association: string; ids: string }, RenewalRow>(
        `SELECT member_id AS memberId, membership_year AS membershipYear, renewed_on AS renewedOn, source FROM member_renewals
         WHERE association = @association AND member_id IN (SELECT value FROM json_each(@ids))
         ORDER BY member_id, membership_year`,
      ),
      latestReport: db.prepare<{ association: string; asOf: string; bound: bigint }, MembershipReportRow>(
        `SELECT ${REPORT_COLUMNS} FROM membership_reports
         WHERE association = @association AND reported_on <= @asOf AND position <= @bound
         ORDER BY reported_on DESC, position DESC LIMIT 1`,
      ),
      reports: db.prepare<{ association: string; positions: string }, MembershipReportRow>(
        `SELECT ${REPORT_COLUMNS} FROM membership_reports
         WHERE association = @association AND position IN (SELECT value FROM json_each(@positions))`,
      ),
      regions: db.prepare<{ association: string; positions: string }, ReportRegionRow>(
        `SELECT position, region, members, eligible FROM membership_report_regions
         WHERE association = @association AND position IN (SELECT value FROM json_each(@positions))
         ORDER BY position, seq`,
      ),
      latestTerms: db.prepare<{ association: string; asOf: string; bound: bigint }, MembershipTermsRow>(
        `SELECT effective_on AS effectiveOn, standard_fee AS standardFee, regional_deal_fee_below AS regionalDealFeeBelow, source, note
         FROM membership_terms WHERE association = @association AND effective_on <= @asOf AND position <= @bound
         ORDER BY effective_on DESC, position DESC LIMIT 1`,
      ),
      changes: db.prepare<{ association: string; from: string; to: string }, MembershipChangeRow>(
        `SELECT position, kind, effective_on AS effectiveOn, member_id AS memberId, membership_year AS membershipYear, reason,
                source, note, actor, recorded_at AS recordedAt
         FROM membership_changes WHERE association = @association AND effective_on >= @from AND effective_on <= @to
         ORDER BY effective_on, position`,
      ),
    };
  }

  /** How many named members were in membership on a date, by kind and region. */
  trackedCounts(association: string, asOf: string, bound: bigint = LOG_END): TrackedCountRow[] {
    if (bound !== LOG_END) return this.stmts.counts.all({ association, asOf, bound });
    // As the whole log has it: the running totals before asOf's month, then that month's rows.
    const ranges = countRanges(asOf);
    const range = { association, from: ranges.monthStart, to: asOf };
    const totals = new Map<string, TrackedCountRow>();
    // Sorts as GROUP BY kind, region does (no region first).
    const keyOf = (kind: MemberKind, region: string | null) => `${kind}\u0000${region ?? ''}`;
    const add = (kind: MemberKind, region: string | null, members: number) => {
      const key = keyOf(kind, region);
      const row = totals.get(key) ?? { kind, region: (region || null) as Region | null, members: 0 };
      row.members += members;
      totals.set(key, row);
    };
    const { year, yearStart, month } = ranges;
    for (const r of this.stmts.yearsBefore.all({ association, year })) add(r.kind, r.region, r.members);
    for (const r of this.stmts.monthsBefore.all({ association, yearStart, month })) add(r.kind, r.region, r.members);
    for (const r of this.stmts.joinedBetween.all(range)) add(r.kind, r.region, r.members);
    for (const r of this.stmts.leftBetween.all(range)) add(r.kind, r.region, -r.members);
    return [...totals.keys()]
      .sort()
      .map((key) => totals.get(key)!)
      .filter((r) => r.members > 0);
  }

  /** Members on a date, ordered by id, one window of them (keyset pagination by member id). */
  page(
    association: string,
    asOf: string,
    region: Region | null,
    window: PageWindow<string>,
    bound: bigint = LOG_END,
  ): MemberRow[] {
    return this.stmts.page.page({ association, asOf, bound, region }, window);
  }

  /** Each member's latest period of membership. */
  members(association: string, ids: readonly string[]): MemberRow[] {
    return this.stmts.byIds.all({ association, ids: JSON.stringify(ids) });
  }

  renewals(association: string, ids: readonly string[]): RenewalRow[] {
    return this.stmts.renewals.all({ association, ids: JSON.stringify(ids) });
  }

  /** The latest figures reported on or before a date. */
  latestReport(association: string, asOf: string, bound: bigint = LOG_END): MembershipReportRow | null {
    const row = this.stmts.latestReport.get({ association, asOf, bound });
    return row ? { ...row, position: BigInt(row.position) } : null;
  }

  reports(association: string, positions: readonly bigint[]): MembershipReportRow[] {
    return this.stmts.reports
      .all({ association, positions: jsonIntegers(positions) })
      .map((r) => ({ ...r, position: BigInt(r.position) }));
  }

  /** The regional breakdowns of the given reports. */
  regions(association: string, positions: readonly bigint[]): ReportRegionRow[] {
    return this.stmts.regions
      .all({ association, positions: jsonIntegers(positions) })
      .map((r) => ({ ...r, position: BigInt(r.position) }));
  }

  latestTerms(association: string, asOf: string, bound: bigint = LOG_END): MembershipTermsRow | null {
    return this.stmts.latestTerms.get({ association, asOf, bound }) ?? null;
  }

  /** Member changes, reported figures and terms that took effect in [from, to], oldest first. */
  changes(association: string, from: string, to: string): MembershipChangeRow[] {
    return this.stmts.changes.all({ association, from, to }).map((c) => ({ ...c, position: BigInt(c.position) }));
  }
}

/** A JSON array of integers written without passing through a float, so big positions stay exact. */
function jsonIntegers(values: readonly bigint[]): string {
  return `[${values.join(',')}]`;
}
