// Contradictions between membership figures the association reported. A report is kept exactly as
// printed; these rules only find which pairs cannot both be right, so readers see them flagged.
//
// The association's membership year runs from April to March (its financial year begins in April:
// Spring 2021 newsletter), written 2021-22. A report that names no year is taken to be about the
// year its whole dating interval falls in; one whose interval spans two years has no year.
import type { DatedFigures } from '../../events/catalogue/membership.ts';

export type { DatedFigures };

/** The membership year (April to March) a day falls in, e.g. 2021-06-15 -> 2021-22. */
export function membershipYearOn(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The year a report is about: the one it names, else the one its whole interval falls in, else null. */
export function yearOfReport(r: Pick<DatedFigures, 'membershipYear' | 'earliest' | 'latest'>): string | null {
  if (r.membershipYear) return r.membershipYear;
  const year = membershipYearOn(r.earliest);
  return membershipYearOn(r.latest) === year ? year : null;
}

export interface FiguresConflict {
  membershipYear: string;
  earlier: DatedFigures;
  later: DatedFigures;
  /** What disagrees, in a sentence. */
  description: string;
}

const figures = (r: DatedFigures) => `${r.members ?? '?'} of ${r.eligible ?? '?'}`;

/**
 * Why two reports about the same membership year cannot both be right, or null. The number of
 * eligible partnerships does not change within a year, and the members counted for a year grow as
 * partnerships join: a later report with fewer members (no departures are reported) or with a
 * different number eligible contradicts the earlier one.
 */
export function conflictBetween(earlier: DatedFigures, later: DatedFigures, membershipYear: string): string | null {
  const reasons: string[] = [];
  if (earlier.eligible !== null && later.eligible !== null && earlier.eligible !== later.eligible) {
    reasons.push(`${earlier.eligible} eligible partnerships, then ${later.eligible}`);
  }
  if (earlier.members !== null && later.members !== null && later.members < earlier.members) {
    reasons.push(`${earlier.members} members, then ${later.members}, with no departure reported`);
  }
  if (reasons.length === 0) return null;
  return `For ${membershipYear}, ${earlier.source ?? 'one report'} gives ${figures(earlier)} and ${later.source ?? 'a later report'} gives ${figures(later)}: ${reasons.join('; ')}.`;
}

/** Every contradicting pair among the reports, earlier report first, in the order of the reports' dates. */
export function findConflicts(reports: readonly DatedFigures[]): FiguresConflict[] {
  const dated = reports
    .map((r) => ({ r, year: yearOfReport(r) }))
    .filter((x): x is { r: DatedFigures; year: string } => x.year !== null)
    .sort((a, b) =>
      a.r.latest < b.r.latest ? -1 : a.r.latest > b.r.latest ? 1 : a.r.position < b.r.position ? -1 : 1,
    );
  const conflicts: FiguresConflict[] = [];
  for (const [i, a] of dated.entries()) {
    for (const b of dated.slice(i + 1)) {
      if (a.year !== b.year) continue;
      const description = conflictBetween(a.r, b.r, a.year);
      if (description) conflicts.push({ membershipYear: a.year, earlier: a.r, later: b.r, description });
    }
  }
  return conflicts;
}
