// Member counts on any date without scanning the whole history. Counting the periods that contain
// a date means reading every period that began before it; instead each period adds +1 when it
// began and -1 when it ended to running totals kept at two levels: per year and per month (per
// association, kind and region). The members on a date are then the totals of the years before
// its year, plus those of the months before its month in that year, plus the joins and leaves from
// the first of its month to the date itself. A join or leave updates two rows; a count reads at
// most one row per year of history and group, twelve per month, and one month of periods.

/** The two buckets a date (YYYY-MM-DD) counts in: its year and its month. */
export function bucketsOf(date: string): { year: string; month: string } {
  return { year: date.slice(0, 4), month: date.slice(0, 7) };
}

/** What a count on `asOf` sums: years before its year, months of its year before its month, then the rows from `monthStart`. */
export function countRanges(asOf: string): { year: string; yearStart: string; month: string; monthStart: string } {
  const { year, month } = bucketsOf(asOf);
  return { year, yearStart: `${year}-01`, month, monthStart: `${month}-01` };
}
