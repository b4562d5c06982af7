// Validity ranges as integer intervals for SQLite's R*Tree, so "which ranges contain this date" is
// a tree search whose cost follows the answer, not the length of the history.

/** An order-preserving integer for a date (YYYY-MM-DD); not a count of days, only comparable. */
export function dayNumber(date: string): number {
  return Number(date.slice(0, 4)) * 372 + (Number(date.slice(5, 7)) - 1) * 31 + Number(date.slice(8, 10)) - 1;
}

/** The end of a range still open. */
export const OPEN_END = 2 ** 31 - 1;

/**
 * The end of a half-open range [from, to) as stored: a range recorded as ending on or before it
 * began contains no date, and an R*Tree needs end ≥ start, so it becomes the empty [from, from).
 */
export function spanEnd(from: string, to: string | null): number {
  if (to === null) return OPEN_END;
  return Math.max(dayNumber(to), dayNumber(from));
}
