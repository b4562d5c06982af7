// Member counts on any date in logarithmic time. Counting the periods that contain a date means
// scanning every period that began before it, which grows with the whole history; instead each
// period adds +1 in the month it began and -1 in the month it ended to a Fenwick (binary indexed)
// tree over months, kept per association, kind and region. The members on a date are then the
// tree's prefix sum up to the month before it (about a dozen rows) plus the joins and leaves from
// the first of its month to the date itself (one month of rows).

/** Months from January 1900 to December 2199; earlier and later dates share the first and last. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;
export const MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12;

/** The 1-based month a date (YYYY-MM-DD) counts in. */
export function monthOf(date: string): number {
  const index = (Number(date.slice(0, 4)) - FIRST_YEAR) * 12 + Number(date.slice(5, 7));
  return Math.min(Math.max(index, 1), MONTHS);
}

/** The first date counted in a month: the first month also holds every earlier date. */
export function monthStart(month: number): string {
  if (month <= 1) return '0000-01-01';
  const year = FIRST_YEAR + Math.floor((month - 1) / 12);
  return `${String(year).padStart(4, '0')}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-01`;
}

/** The tree nodes a change in `month` adds to. */
export function nodesToUpdate(month: number): number[] {
  const nodes: number[] = [];
  for (let i = month; i <= MONTHS; i += i & -i) nodes.push(i);
  return nodes;
}

/** The tree nodes whose sum is the total over months 1..month. */
export function nodesToSum(month: number): number[] {
  const nodes: number[] = [];
  for (let i = month; i > 0; i -= i & -i) nodes.push(i);
  return nodes;
}
