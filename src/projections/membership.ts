// Read model of an association's membership, kept as validity ranges so "the membership as of a
// date" is an indexed range lookup: each member's periods (joined_on to left_on, half-open), the
// years they renewed for, the figures the association reported (with any regional breakdown), the
// membership terms in force from a date, and the dated changes.
import { HeldSums } from './heldWrites.ts';
import { bucketsOf } from './memberCountTotals.ts';
import { associationEvents } from './associationLog.ts';
import { prepareErasure } from './erasure.ts';
import { eventTypesOf } from '../events/catalogue.ts';
import { assertNever } from '../events/vocabulary.ts';
import { defineProjector } from './projector.ts';

export const membershipProjector = defineProjector({
  handles: [...eventTypesOf('membership'), 'PersonalDataErased'],
  name: 'membership',
  // Holds names and notes: reads events opened, and blanks a person's on PersonalDataErased.
  opened: true,
  // 3: member counts as yearly and monthly running totals (member_count_years, member_count_months).
  version: 3,
  ddl: `
    CREATE TABLE IF NOT EXISTS members (
      association TEXT NOT NULL,
      member_id   TEXT NOT NULL,
      name        TEXT NOT NULL,
      kind        TEXT NOT NULL,
      region      TEXT,
      PRIMARY KEY (association, member_id)
    );
    CREATE TABLE IF NOT EXISTS member_periods (
      association  TEXT NOT NULL,
      member_id    TEXT NOT NULL,
      joined_on    TEXT NOT NULL,
      left_on      TEXT,
      leave_reason TEXT,
      -- The position of the event that ended the period, for views "as known at" an earlier one.
      left_position INTEGER,
      kind         TEXT NOT NULL,
      region       TEXT,
      source       TEXT,
      note         TEXT,
      position     INTEGER NOT NULL,
      PRIMARY KEY (association, member_id, joined_on)
    );
    CREATE INDEX IF NOT EXISTS member_periods_valid ON member_periods (association, joined_on, left_on);
    CREATE INDEX IF NOT EXISTS member_periods_left ON member_periods (association, left_on);
    -- Joins (+1) and leaves (-1) summed per year and per month, as memberCountTotals.ts explains;
    -- each keyed in the order its count reads it. Region empty means none.
    CREATE TABLE IF NOT EXISTS member_count_years (
      association TEXT NOT NULL,
      kind        TEXT NOT NULL,
      region      TEXT NOT NULL,
      year        TEXT NOT NULL,
      members     INTEGER NOT NULL,
      PRIMARY KEY (association, kind, region, year)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS member_count_months (
      association TEXT NOT NULL,
      month       TEXT NOT NULL,
      kind        TEXT NOT NULL,
      region      TEXT NOT NULL,
      members     INTEGER NOT NULL,
      PRIMARY KEY (association, month, kind, region)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS member_renewals (
      association     TEXT NOT NULL,
      member_id       TEXT NOT NULL,
      membership_year TEXT NOT NULL,
      renewed_on      TEXT NOT NULL,
      source          TEXT,
      position        INTEGER NOT NULL,
      PRIMARY KEY (association, member_id, membership_year)
    );
    CREATE TABLE IF NOT EXISTS membership_reports (
      association     TEXT NOT NULL,
      position        INTEGER NOT NULL,
      reported_on     TEXT NOT NULL,
      membership_year TEXT,
      members         INTEGER,
      eligible        INTEGER,
      other_members   INTEGER,
      coverage        REAL,
      target          REAL,
      source          TEXT,
      note            TEXT,
      PRIMARY KEY (association, position)
    );
    CREATE INDEX IF NOT EXISTS membership_reports_on ON membership_reports (association, reported_on, position);
    CREATE TABLE IF NOT EXISTS membership_report_regions (
      association TEXT NOT NULL,
      position    INTEGER NOT NULL,
      region      TEXT NOT NULL,
      seq         INTEGER NOT NULL,
      members     INTEGER NOT NULL,
      eligible    INTEGER NOT NULL,
      PRIMARY KEY (association, position, region)
    );
    CREATE TABLE IF NOT EXISTS membership_terms (
      association             TEXT NOT NULL,
      position                INTEGER NOT NULL,
      effective_on            TEXT NOT NULL,
      standard_fee            INTEGER NOT NULL,
      regional_deal_fee_below INTEGER,
      source                  TEXT,
      note                    TEXT,
      PRIMARY KEY (association, position)
    );
    CREATE INDEX IF NOT EXISTS membership_terms_on ON membership_terms (association, effective_on, position);
    CREATE TABLE IF NOT EXISTS membership_changes (
      association     TEXT NOT NULL,
      position        INTEGER NOT NULL,
      kind            TEXT NOT NULL,
      effective_on    TEXT NOT NULL,
      member_id       TEXT,
      membership_year TEXT,
      reason          TEXT,
      source          TEXT,
      note            TEXT,
      actor           TEXT NOT NULL,
      recorded_at     TEXT NOT NULL,
      PRIMARY KEY (association, position)
    );
    CREATE INDEX IF NOT EXISTS membership_changes_on ON membership_changes (association, effective_on, position);`,
  tables: [
    { name: 'members', orderBy: 'association, member_id' },
    { name: 'member_periods', orderBy: 'association, member_id, joined_on' },
    { name: 'member_count_years', orderBy: 'association, kind, region, year' },
    { name: 'member_count_months', orderBy: 'association, month, kind, region' },
    { name: 'member_renewals', orderBy: 'association, member_id, membership_year' },
    { name: 'membership_reports', orderBy: 'association, position' },
    { name: 'membership_report_regions', orderBy: 'association, position, region' },
    { name: 'membership_terms', orderBy: 'association, position' },
    { name: 'membership_changes', orderBy: 'association, position' },
  ],
  prepare(db) {
    const upsertMember = db.prepare(
      `INSERT INTO members (association, member_id, name, kind, region) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (association, member_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, region = excluded.region`,
    );
    const insertPeriod = db.prepare(
      `INSERT INTO member_periods (association, member_id, joined_on, kind, region, source, note, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const closePeriod = db.prepare<
      [leftOn: string, reason: string | null, position: bigint, association: string, memberId: string],
      { joinedOn: string; kind: string; region: string | null }
    >(
      `UPDATE member_periods SET left_on = ?, leave_reason = ?, left_position = ?
       WHERE association = ? AND member_id = ? AND left_on IS NULL
       RETURNING joined_on AS joinedOn, kind, region`,
    );
    // Joins and leaves of a batch are summed per row and added once when it ends (heldWrites.ts).
    const years = new HeldSums<[string, string, string, string]>(
      db.prepare(
        `INSERT INTO member_count_years (association, kind, region, year, members) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (association, kind, region, year) DO UPDATE SET members = members + excluded.members`,
      ),
    );
    const months = new HeldSums<[string, string, string, string]>(
      db.prepare(
        `INSERT INTO member_count_months (association, month, kind, region, members) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (association, month, kind, region) DO UPDATE SET members = members + excluded.members`,
      ),
    );
    const count = (association: string, on: string, kind: string, region: string | null, delta: 1 | -1) => {
      const { year, month } = bucketsOf(on);
      years.add(delta, association, kind, region ?? '', year);
      months.add(delta, association, month, kind, region ?? '');
    };
    const insertRenewal = db.prepare(
      `INSERT INTO member_renewals (association, member_id, membership_year, renewed_on, source, position)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const insertReport = db.prepare(
      `INSERT INTO membership_reports (association, position, reported_on, membership_year, members, eligible, other_members,
                                       coverage, target, source, note)
       VALUES (@association, @position, @reportedOn, @membershipYear, @members, @eligible, @otherMembers, @coverage, @target,
               @source, @note)`,
    );
    const insertRegion = db.prepare(
      `INSERT INTO membership_report_regions (association, position, region, seq, members, eligible)
       VALUES (@association, @position, @region, @seq, @members, @eligible)`,
    );
    const insertTerms = db.prepare(
      `INSERT INTO membership_terms (association, position, effective_on, standard_fee, regional_deal_fee_below, source, note)
       VALUES (@association, @position, @effectiveOn, @standardFee, @regionalDealFeeBelow, @source, @note)`,
    );
    const insertChange = db.prepare(
      `INSERT INTO membership_changes (association, position, kind, effective_on, member_id, membership_year, reason, source, note,
                                       actor, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    const erase = prepareErasure(db, [
      { table: 'members', where: 'member_id = @personId', columns: ['name'] },
      { table: 'member_periods', where: 'member_id = @personId', columns: ['leave_reason', 'source', 'note'] },
      { table: 'member_renewals', where: 'member_id = @personId', columns: ['source'] },
      { table: 'membership_changes', where: 'member_id = @personId', columns: ['reason', 'source', 'note'] },
    ]);

    // A member who is a person can be erased, like a trustee; see src/projections/erasure.ts.
    const changes = { erase, insertChange, changeDetail: ['memberId', 'membershipYear', 'reason'] };
    const apply = associationEvents('membership', changes, (event, common, change) => {
      const { association } = common;
      switch (event.type) {
        case 'MemberAdmitted': {
          const d = event.data;
          upsertMember.run(association, d.memberId, d.name, d.kind, d.region);
          insertPeriod.run(
            association,
            d.memberId,
            d.joinedOn,
            d.kind,
            d.region,
            common.source,
            common.note,
            common.position,
          );
          count(association, d.joinedOn, d.kind, d.region, 1);
          change('JOINED', d.joinedOn, { memberId: d.memberId });
          return;
        }
        case 'MemberLeft': {
          const { memberId, leftOn, reason } = event.data;
          for (const closed of closePeriod.all(leftOn, reason ?? null, common.position, association, memberId)) {
            // A period recorded as ending on or before it began never counts (see VALID_ON in the queries):
            // its -1 goes where its +1 is, so the two cancel on every date.
            count(association, leftOn > closed.joinedOn ? leftOn : closed.joinedOn, closed.kind, closed.region, -1);
          }
          change('LEFT', leftOn, { memberId, reason });
          return;
        }
        case 'MembershipRenewed': {
          const { memberId, membershipYear, renewedOn } = event.data;
          insertRenewal.run(association, memberId, membershipYear, renewedOn, common.source, common.position);
          change('RENEWED', renewedOn, { memberId, membershipYear });
          return;
        }
        case 'MembershipFiguresReported': {
          const { byRegion, ...figures } = event.data;
          insertReport.run({ ...common, ...figures });
          byRegion.forEach((r, i) => insertRegion.run({ association, position: common.position, seq: i + 1, ...r }));
          change('FIGURES_REPORTED', figures.reportedOn, { membershipYear: figures.membershipYear });
          return;
        }
        case 'MembershipTermsSet':
          insertTerms.run({ ...common, ...event.data });
          change('TERMS_SET', event.data.effectiveOn, {});
          return;
        default:
          return assertNever(event);
      }
    });
    return {
      apply,
      flush: () => {
        years.flush();
        months.flush();
      },
    };
  },
});
