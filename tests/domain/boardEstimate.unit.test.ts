import { describe, expect, it } from 'vitest';
import { earliestReading, estimateBoard, readBoard, type BoardFacts } from '../../src/domain/board/estimate.ts';

const facts = (named: number, report: BoardFacts['report'] = null, anyFact = true): BoardFacts => ({
  named,
  report,
  anyFact,
});

describe('the board when the evidence is partial', () => {
  it('keeps counting a trustee a report did not name after new trustees are named (spring 2020 two, one named; two more named by 2021)', () => {
    // Given a report of 2 when 1 was named, when 2 more are named later, then the board has 4, one unnamed.
    expect(readBoard(facts(3, { size: 2, namedThen: 1 }))).toEqual({ size: 4, unnamedTrustees: 1 });
  });

  it('lets a later report replace the unnamed count (six reported with four named: two unnamed)', () => {
    expect(readBoard(facts(4, { size: 6, namedThen: 4 }))).toEqual({ size: 6, unnamedTrustees: 2 });
  });

  it('gives one size and a YES or NO when both readings of uncertain dates agree', () => {
    const spring2020 = facts(1, { size: 2, namedThen: 1 });
    expect(estimateBoard(spring2020, spring2020)).toEqual({
      size: 2,
      unnamedTrustees: 1,
      sizeAtLeast: 2,
      sizeAtMost: 2,
      constitutionMet: 'NO',
    });
  });

  it('gives a range when a fact may or may not have happened yet, and judges the constitution only if the whole range agrees', () => {
    // Latest reading: four trustees; earliest reading: the report of six already holds.
    const e = estimateBoard(facts(3, { size: 2, namedThen: 1 }), facts(4, { size: 6, namedThen: 4 }));
    expect(e).toMatchObject({ size: 4, sizeAtLeast: 4, sizeAtMost: 6, constitutionMet: 'YES' });
    const straddles = estimateBoard(facts(1, { size: 2, namedThen: 1 }), facts(3, { size: 2, namedThen: 1 }));
    expect(straddles).toMatchObject({ size: 2, sizeAtLeast: 2, sizeAtMost: 4, constitutionMet: 'UNKNOWN' });
  });

  it('never lets a smaller report hide named trustees, and flags boards outside three to twelve', () => {
    expect(readBoard(facts(5, { size: 2, namedThen: 5 })).size).toBe(5);
    const three = facts(3);
    expect(estimateBoard(three, three).constitutionMet).toBe('YES');
    const thirteen = facts(12, { size: 13, namedThen: 12 });
    expect(estimateBoard(thirteen, thirteen)).toMatchObject({ size: 13, constitutionMet: 'NO' });
  });

  it('says UNKNOWN, not NO, before anything is known about the board', () => {
    const nothing = facts(0, null, false);
    expect(estimateBoard(nothing, nothing)).toEqual({
      size: 0,
      unnamedTrustees: 0,
      sizeAtLeast: 0,
      sizeAtMost: null,
      constitutionMet: 'UNKNOWN',
    });
    expect(estimateBoard(nothing, facts(1, { size: 2, namedThen: 1 }))).toMatchObject({
      sizeAtLeast: 0,
      sizeAtMost: 2,
      constitutionMet: 'UNKNOWN',
    });
  });

  it('builds the other reading from the uncertain facts alone: on 1 February 2021 the Spring 2021 appointment and report may already hold', () => {
    const spring2021 = { earliest: '2021-01-15', latest: '2021-02-22' };
    const uncertain = [
      { ...spring2021, kind: 'APPOINTED', size: null },
      { ...spring2021, kind: 'SIZE_REPORTED', size: 6 },
      { earliest: '2020-11-26', latest: '2020-12-31', kind: 'APPOINTED', size: null }, // certain by then: ignored
    ];
    const namedOn = (day: string) => (day >= '2020-12-31' ? 3 : 1);
    const reports = [
      { earliest: '2020-02-20', latest: '2020-04-18', size: 2, position: 1n },
      { ...spring2021, size: 6, position: 9n },
    ];
    const other = earliestReading('2021-02-01', facts(3, { size: 2, namedThen: 1 }), uncertain, namedOn, reports);
    expect(other).toEqual({ named: 4, report: { size: 6, namedThen: 4 }, anyFact: true });
    expect(estimateBoard(facts(3, { size: 2, namedThen: 1 }), other)).toMatchObject({
      size: 4,
      sizeAtLeast: 4,
      sizeAtMost: 6,
    });
  });
});
