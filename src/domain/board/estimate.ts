// How big the board was on a day when the evidence is partial: reports that count trustees
// without naming them, and facts whose date is only known to lie in an interval.
//
// Two rules, both from the archive's shape (issue 17):
// - An unnamed trustee a report counted stays counted until a later report says otherwise: naming
//   new trustees later does not make the earlier unnamed ones disappear, since nobody is reported
//   to have left. Spring 2020 reports two trustees and names one; Winter 2020 names two new ones;
//   so on 2021-01-01 the board has at least four.
// - A fact dated only by an interval is read on its latest possible day (the default reading) or
//   on its earliest (the other reading). Where the two readings differ on a day, the size is only
//   bounded, and the constitution can be judged only if both readings agree.
import { BOARD_MAXIMUM, BOARD_MINIMUM } from './board.ts';

/** What one reading of the evidence says about the board on a day. */
export interface BoardFacts {
  /** Named trustees in office on the day. */
  named: number;
  /** The latest size reported on or before the day, and how many named trustees were in office then. */
  report: { size: number; namedThen: number } | null;
  /** True when any board fact at all is dated on or before the day. */
  anyFact: boolean;
}

export interface BoardReading {
  /** Named trustees plus those reports counted without naming. */
  size: number;
  unnamedTrustees: number;
}

/** The board on a day under one reading: named trustees plus the unnamed ones carried forward. */
export function readBoard(facts: BoardFacts): BoardReading {
  const unnamedTrustees = facts.report ? Math.max(0, facts.report.size - facts.report.namedThen) : 0;
  return { size: facts.named + unnamedTrustees, unnamedTrustees };
}

/** A board fact whose date is only known to lie in [earliest, latest], earliest < latest. */
export interface UncertainBoardFact {
  kind: string;
  earliest: string;
  latest: string;
  /** For a reported size. */
  size: number | null;
}

/** A size report with the interval its date is known to lie in (earliest == latest when printed). */
export interface DatedSizeReport {
  earliest: string;
  latest: string;
  size: number;
  /** The log position of the report: the later of two reports taking effect the same day wins. */
  position: bigint;
}

/**
 * How an answer for a day reads a fact dated only by an interval: LATEST counts it from the last day
 * of its interval (the default: only what is known to hold by then), EARLIEST from the first (every
 * fact whose interval has begun by then).
 */
export type DatingReading = 'LATEST' | 'EARLIEST';

const contains = (f: UncertainBoardFact, day: string) => f.earliest <= day && day < f.latest;

/**
 * The size report in force on a day when each report is placed on its earliest day: among the
 * reports whose interval has begun by then, the one that took effect last (by log position on a
 * tie). A report whose date is uncertain on the day replaces a settled one only when it may have
 * taken effect after it: a settled report printed after an uncertain one began still holds.
 */
export function reportInForceEarliest(day: string, reports: readonly DatedSizeReport[]): DatedSizeReport | null {
  let best: DatedSizeReport | null = null;
  for (const r of reports) {
    if (r.earliest > day) continue;
    if (best === null || r.earliest > best.earliest || (r.earliest === best.earliest && r.position > best.position))
      best = r;
  }
  return best;
}

/**
 * The other reading, from the default one and the uncertain facts dated on or before the day:
 * each is taken on its earliest day. Named trustees on a day gain the uncertain appointments whose
 * interval contains it and lose the uncertain standings-down; the report in force is the one that
 * took effect last with every report on its earliest day (see reportInForceEarliest), `reports`
 * being every size report, settled or not, whose interval has begun by the day.
 * `namedOn` gives the default reading's named trustees on a day.
 */
export function earliestReading(
  day: string,
  latest: BoardFacts,
  uncertain: readonly UncertainBoardFact[],
  namedOn: (day: string) => number,
  reports: readonly DatedSizeReport[],
): BoardFacts {
  const shift = (on: string) =>
    uncertain.filter((f) => contains(f, on) && f.kind === 'APPOINTED').length -
    uncertain.filter((f) => contains(f, on) && f.kind === 'STOOD_DOWN').length;
  const report = reportInForceEarliest(day, reports);
  return {
    named: latest.named + shift(day),
    report: report ? { size: report.size, namedThen: namedOn(report.earliest) + shift(report.earliest) } : null,
    anyFact: latest.anyFact || uncertain.some((f) => f.earliest <= day),
  };
}

/** YES or NO when every reading of the evidence agrees; UNKNOWN when they differ or nothing is known. */
export type ConstitutionVerdict = 'YES' | 'NO' | 'UNKNOWN';

export interface BoardEstimate extends BoardReading {
  /** The smallest size any reading allows (0 when nothing is known). */
  sizeAtLeast: number;
  /** The largest size any reading allows; null when no fact about the board is dated on or before the day. */
  sizeAtMost: number | null;
  constitutionMet: ConstitutionVerdict;
}

function verdict(low: number, high: number): ConstitutionVerdict {
  if (low >= BOARD_MINIMUM && high <= BOARD_MAXIMUM) return 'YES';
  if (high < BOARD_MINIMUM || low > BOARD_MAXIMUM) return 'NO';
  return 'UNKNOWN';
}

/**
 * The board on a day from the default reading (every uncertain fact on its latest day) and the
 * other reading (on its earliest): the size and unnamed trustees come from the reading asked for
 * (LATEST unless asked otherwise), the verdict from both when they agree; otherwise the size is given as a range and the verdict is
 * YES or NO only when the whole range falls on one side of the constitution's limits.
 */
export function estimateBoard(
  latest: BoardFacts,
  earliest: BoardFacts,
  reading: DatingReading = 'LATEST',
): BoardEstimate {
  const readings = [latest, earliest].filter((f) => f.anyFact).map(readBoard);
  const current = readBoard(reading === 'LATEST' ? latest : earliest);
  if (readings.length === 0) return { ...current, sizeAtLeast: 0, sizeAtMost: null, constitutionMet: 'UNKNOWN' };
  const sizes = readings.map((r) => r.size);
  const low = Math.min(...sizes);
  const high = Math.max(...sizes);
  // A day before any fact of the default reading can only be judged from the other reading if it
  // is certain; it is not (that is why the readings differ), so the verdict needs both.
  const judged = latest.anyFact ? verdict(low, high) : 'UNKNOWN';
  return { ...current, sizeAtLeast: latest.anyFact ? low : 0, sizeAtMost: high, constitutionMet: judged };
}
