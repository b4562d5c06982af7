// The member counts answered from yearly and monthly running totals must equal a count of the periods themselves,
// for any history of joins and leaves (back-dated ones included) and any date, at the edges of
// years and months.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DomainEvent } from '../../src/events/catalogue.ts';
import { MEMBER_KINDS, REGIONS, type MemberKind, type Region } from '../../src/events/vocabulary.ts';
import { LOG_END } from '../../src/projections/boardQueries.ts';
import { bucketsOf, countRanges } from '../../src/projections/memberCountTotals.ts';
import { membershipProjector } from '../../src/projections/membership.ts';
import { MembershipQueries } from '../../src/projections/membershipQueries.ts';
import { interleave, projectInMemory } from '../support/project.ts';

const DAY = 86_400_000;
const FROM = Date.UTC(1880, 0, 1);
const TO = Date.UTC(2220, 11, 31);
const date = fc
  .integer({ min: 0, max: (TO - FROM) / DAY })
  .map((d) => new Date(FROM + d * DAY).toISOString().slice(0, 10));
const member = fc.record({
  kind: fc.constantFrom(...MEMBER_KINDS),
  region: fc.option(fc.constantFrom(...REGIONS), { nil: null }),
  // Distinct dates: joined, left, joined again, ... (an odd count leaves the member in). Mostly in
  // order, as commands keep them; sometimes not, as a log written by other means may have them.
  dates: fc
    .tuple(fc.uniqueArray(date, { minLength: 1, maxLength: 5 }), fc.boolean())
    .map(([ds, keep]) => (keep ? ds : [...ds].sort())),
});

function project(members: { kind: MemberKind; region: Region | null; dates: string[] }[]): MembershipQueries {
  // Each member joins, leaves, joins again, ... on its dates.
  const histories = members.map((m, i): DomainEvent[] => {
    const memberId = `member-${i}`;
    return m.dates.map((on, step) =>
      step % 2 === 0
        ? {
            type: 'MemberAdmitted',
            data: { memberId, name: `Member ${i}`, kind: m.kind, region: m.region, joinedOn: on },
          }
        : { type: 'MemberLeft', data: { memberId, leftOn: on, reason: null } },
    );
  });
  return new MembershipQueries(projectInMemory(membershipProjector, 'membership-tasp', interleave(histories)));
}

describe('member counts from running totals', () => {
  it('equal counting the periods, for any history and any date', () => {
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 1, maxLength: 25 }),
        fc.array(date, { minLength: 1, maxLength: 10 }),
        (members, probes) => {
          const q = project(members);
          const edges = members
            .flatMap((m) => m.dates)
            .flatMap((d) => [d, countRanges(d).monthStart, `${countRanges(d).yearStart}-01`]);
          for (const asOf of [
            ...probes,
            ...edges,
            '0001-01-01',
            '1900-01-31',
            '1900-02-01',
            '2199-12-31',
            '9999-12-31',
          ]) {
            // Any bound short of LOG_END takes the scan over the periods.
            expect(q.trackedCounts('tasp', asOf)).toEqual(q.trackedCounts('tasp', asOf, LOG_END - 1n));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('sums the years before a date, the months of its year before its month, then rows from the first of its month', () => {
    expect(bucketsOf('2023-12-13')).toEqual({ year: '2023', month: '2023-12' });
    expect(countRanges('2023-12-13')).toEqual({
      year: '2023',
      yearStart: '2023-01',
      month: '2023-12',
      monthStart: '2023-12-01',
    });
  });
});
