// Which board size reports contradict each other: same period, different sizes, nothing between.
import { describe, expect, it } from 'vitest';
import { findSizeConflicts, type DatedSize } from '../../src/domain/board/sizeConflicts.ts';

const report = (
  position: bigint,
  size: number,
  earliest: string,
  latest: string,
  source = `report ${position}`,
): DatedSize => ({ position, size, earliest, latest, source });

describe('board size conflicts', () => {
  it('flags two different sizes for a period they share, when no change is recorded across them', () => {
    const a = report(1n, 6, '2021-01-15', '2021-02-22', 'TASP newsletter, Spring 2021');
    const b = report(2n, 5, '2021-02-10', '2021-02-10', 'Minutes');
    const [c, ...rest] = findSizeConflicts([a, b], []);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ earlier: b, later: a });
    expect(c!.description).toContain('6 trustees');
  });

  it('does not flag the same size, reports for periods that do not meet, or a difference a recorded change explains', () => {
    const a = report(1n, 6, '2021-01-15', '2021-02-22');
    expect(findSizeConflicts([a, report(2n, 6, '2021-02-01', '2021-02-01')], [])).toEqual([]);
    expect(findSizeConflicts([a, report(2n, 5, '2021-03-01', '2021-03-01')], [])).toEqual([]);
    expect(
      findSizeConflicts(
        [a, report(2n, 5, '2021-02-01', '2021-02-01')],
        [{ earliest: '2021-01-20', latest: '2021-01-20', source: null }],
      ),
    ).toEqual([]);
  });

  it('takes a change the same issue reports as counted in that report: it explains a difference only if the other report may come before it', () => {
    const spring2020 = report(1n, 2, '2020-02-20', '2020-04-18', 'Spring 2020');
    const appointment = { earliest: '2020-02-20', latest: '2020-04-18', source: 'Spring 2020' };
    // A report of 3 on the last day cannot come before the appointment the issue counts.
    expect(findSizeConflicts([spring2020, report(2n, 3, '2020-04-18', '2020-04-18')], [appointment])).toHaveLength(1);
    // A report of 1 in March may come before it: the appointment explains 1 then 2.
    expect(findSizeConflicts([spring2020, report(2n, 1, '2020-03-01', '2020-03-01')], [appointment])).toEqual([]);
  });
});
