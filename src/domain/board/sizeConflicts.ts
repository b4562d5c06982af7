// Contradictions between board sizes the association reported (issue 17: a reported figure that
// conflicts with another for the same period is kept as reported and flagged). Reports are kept
// exactly as printed; this rule only finds which pairs cannot both be right.
//
// Two size reports are about the same period when their dating intervals share a day: both may
// describe the board on that day. They cannot both be right when they give different sizes and no
// recorded appointment or standing-down can lie between them: nothing explains the difference.
// A change can lie between them when its interval meets the span the two cover (from the first
// one's earliest day to the last one's latest), except that a change the same issue reports as one
// of them is already counted in that report: it lies between only if the other may come before it.

/** A size report with the interval its date is known to lie in (earliest == latest when printed). */
export interface DatedSize {
  /** The log position of the report: identifies it. */
  position: bigint;
  size: number;
  earliest: string;
  latest: string;
  source: string | null;
}

/** A change to the board (appointment or standing-down) with its dating interval. */
export interface DatedChange {
  earliest: string;
  latest: string;
  source: string | null;
}

export interface SizeConflict {
  earlier: DatedSize;
  later: DatedSize;
  /** What disagrees, in a sentence. */
  description: string;
}

const overlap = (a: { earliest: string; latest: string }, b: { earliest: string; latest: string }) =>
  a.earliest <= b.latest && b.earliest <= a.latest;

/** Whether a recorded change can lie between the two reports, and so explain a difference in size. */
function mayLieBetween(c: DatedChange, a: DatedSize, b: DatedSize): boolean {
  if (c.source !== null && c.source === a.source) return b.earliest < c.latest;
  if (c.source !== null && c.source === b.source) return a.earliest < c.latest;
  return overlap(c, {
    earliest: a.earliest < b.earliest ? a.earliest : b.earliest,
    latest: a.latest > b.latest ? a.latest : b.latest,
  });
}

const dating = (r: DatedSize) => (r.earliest === r.latest ? `on ${r.latest}` : `between ${r.earliest} and ${r.latest}`);

/** Every contradicting pair of size reports, earlier report first, in the order of the reports' latest days. */
export function findSizeConflicts(reports: readonly DatedSize[], changes: readonly DatedChange[]): SizeConflict[] {
  const sorted = [...reports].sort((a, b) =>
    a.latest < b.latest ? -1 : a.latest > b.latest ? 1 : a.position < b.position ? -1 : 1,
  );
  const conflicts: SizeConflict[] = [];
  for (const [i, a] of sorted.entries()) {
    for (const b of sorted.slice(i + 1)) {
      if (a.size === b.size || !overlap(a, b)) continue;
      if (changes.some((c) => mayLieBetween(c, a, b))) continue;
      conflicts.push({
        earlier: a,
        later: b,
        description: `${a.source ?? 'One report'} gives ${a.size} trustees (${dating(a)}) and ${b.source ?? 'another report'} gives ${b.size} trustees (${dating(b)}), with no appointment or standing-down recorded between them.`,
      });
    }
  }
  return conflicts;
}
