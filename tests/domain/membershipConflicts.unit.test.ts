import { describe, expect, it } from 'vitest';
import {
  findConflicts,
  membershipYearOn,
  yearOfReport,
  type DatedFigures,
} from '../../src/domain/membership/conflicts.ts';

const report = (
  position: number,
  r: Partial<DatedFigures> & Pick<DatedFigures, 'earliest' | 'latest'>,
): DatedFigures => ({
  position: BigInt(position),
  membershipYear: null,
  members: null,
  eligible: null,
  source: `report ${position}`,
  ...r,
});

const winter2020 = report(1, {
  members: 60,
  eligible: 131,
  earliest: '2020-11-26',
  latest: '2020-12-31',
  source: 'Winter 2020',
});
const spring2021 = report(2, {
  members: 63,
  membershipYear: '2020-21',
  earliest: '2021-01-15',
  latest: '2021-02-22',
  source: 'Spring 2021',
});
const summer2021 = report(3, {
  members: 83,
  eligible: 131,
  earliest: '2021-06-01',
  latest: '2021-08-12',
  source: 'Summer 2021',
});
const spring2022 = report(4, {
  members: 78,
  eligible: 137,
  membershipYear: '2021-22',
  earliest: '2022-03-29',
  latest: '2022-05-20',
  source: 'Spring 2022',
});

describe('contradictions between membership reports', () => {
  it('reads membership years from April to March', () => {
    expect(membershipYearOn('2021-03-31')).toBe('2020-21');
    expect(membershipYearOn('2021-04-01')).toBe('2021-22');
    expect(membershipYearOn('1999-12-31')).toBe('1999-00');
  });

  it('takes an unnamed year from the dating interval only when the whole interval lies in one year', () => {
    expect(yearOfReport(summer2021)).toBe('2021-22');
    expect(yearOfReport(report(9, { earliest: '2021-03-15', latest: '2021-04-15' }))).toBeNull();
    expect(yearOfReport(spring2022)).toBe('2021-22');
  });

  it('flags 83 of 131 (Summer 2021) against 78 of 137 "in 2021-22" (Spring 2022), and not growth within a year', () => {
    const conflicts = findConflicts([spring2022, summer2021, spring2021, winter2020]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      membershipYear: '2021-22',
      earlier: { source: 'Summer 2021' },
      later: { source: 'Spring 2022' },
    });
    expect(conflicts[0]!.description).toContain('131 eligible partnerships, then 137');
    expect(conflicts[0]!.description).toContain('83 members, then 78');
  });
});
