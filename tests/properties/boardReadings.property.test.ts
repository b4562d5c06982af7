// The earliest-date reading of the board over random dated facts: appointments, standings-down and
// size reports whose dates are known only to lie in random, overlapping intervals. Whatever the
// intervals, the reading built from the latest-date read model and the uncertain facts must equal
// the board computed directly with every fact placed on its earliest day (issue 17: "EARLIEST counts
// every fact whose interval has begun by that day"; the report in force is the one that took
// effect last, so an uncertain report replaces a settled one only if it may have taken effect after it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  earliestReading,
  type BoardFacts,
  type DatedSizeReport,
  type UncertainBoardFact,
} from '../../src/domain/board/estimate.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

interface Fact {
  kind: 'APPOINTED' | 'STOOD_DOWN' | 'SIZE_REPORTED';
  earliest: string;
  latest: string;
  size: number | null;
  position: bigint;
}

const day = (n: number) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

const factArb = fc
  .record({
    kind: fc.constantFrom('APPOINTED' as const, 'APPOINTED' as const, 'STOOD_DOWN' as const, 'SIZE_REPORTED' as const),
    start: fc.integer({ min: 0, max: 40 }),
    length: fc.integer({ min: 0, max: 20 }),
    size: fc.integer({ min: 0, max: 12 }),
  })
  .map(({ kind, start, length, size }) => ({
    kind,
    earliest: day(start),
    latest: day(start + length),
    size: kind === 'SIZE_REPORTED' ? size : null,
  }));

const factsArb = fc
  .array(factArb, { maxLength: 12 })
  .map((fs) => fs.map((f, i): Fact => ({ ...f, position: BigInt(i + 1) })));

/** The board on a day with every fact placed on the day `at` picks: the model both readings must agree with. */
function boardWith(facts: readonly Fact[], on: string, at: (f: Fact) => string): BoardFacts {
  const namedOn = (d: string) =>
    facts.filter((f) => f.kind === 'APPOINTED' && at(f) <= d).length -
    facts.filter((f) => f.kind === 'STOOD_DOWN' && at(f) <= d).length;
  const report = facts
    .filter((f) => f.kind === 'SIZE_REPORTED' && at(f) <= on)
    .reduce<Fact | null>(
      (a, b) => (a === null || at(b) > at(a) || (at(b) === at(a) && b.position > a.position) ? b : a),
      null,
    );
  return {
    named: namedOn(on),
    report: report ? { size: report.size!, namedThen: namedOn(at(report)) } : null,
    anyFact: facts.some((f) => at(f) <= on),
  };
}

describe('the earliest-date reading of the board', () => {
  it('counts every fact whose interval has begun, and takes the report that took effect last, over random overlapping intervals', () => {
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 0, max: 60 }), (facts, n) => {
        const on = day(n);
        const byLatest = (f: Fact) => f.latest;
        const latest = boardWith(facts, on, byLatest);
        const namedOn = (d: string) => boardWith(facts, d, byLatest).named;
        const uncertain: UncertainBoardFact[] = facts.filter((f) => f.earliest < f.latest && f.earliest <= on);
        const reports: DatedSizeReport[] = facts
          .filter((f) => f.kind === 'SIZE_REPORTED' && f.earliest <= on)
          .map((f) => ({ ...f, size: f.size! }));
        expect(earliestReading(on, latest, uncertain, namedOn, reports)).toEqual(
          boardWith(facts, on, (f) => f.earliest),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps a settled report that took effect after an uncertain one began', () => {
    // An exact report of 5 on 1 February; another of 3 dated only to January-March. On 15 February
    // the latest-date reading counts 5; placing the uncertain report on its earliest day (1 January)
    // puts it before the settled one, so 5 still holds.
    const facts: Fact[] = [
      { kind: 'SIZE_REPORTED', earliest: '2021-02-01', latest: '2021-02-01', size: 5, position: 1n },
      { kind: 'SIZE_REPORTED', earliest: '2021-01-01', latest: '2021-03-31', size: 3, position: 2n },
    ];
    const latest = boardWith(facts, '2021-02-15', (f) => f.latest);
    const reports = facts.map((f) => ({ ...f, size: f.size! }));
    const reading = earliestReading('2021-02-15', latest, [facts[1]!], () => 0, reports);
    expect(reading.report).toEqual({ size: 5, namedThen: 0 });
  });
});
