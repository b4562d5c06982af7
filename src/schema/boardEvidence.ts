// The board's size and standing from what the log knows, computed once per board answer: the
// default reading comes from the board read model (every fact on its latest day), the other reading
// adds only the facts whose date is uncertain on that day (see src/domain/board/estimate.ts).
import { ASSOCIATION } from '../domain/board/board.ts';
import {
  earliestReading,
  estimateBoard,
  type BoardEstimate,
  type BoardFacts,
  type DatedSizeReport,
} from '../domain/board/estimate.ts';
import type { BoardRows } from '../projections/boardQueries.ts';
import type { Context } from './context.ts';
import type { DayReading } from './datingReading.ts';

/** A board as a query asked for it: the day, the log position when asked as known at a past moment, and its rows. */
export interface BoardView extends DayReading {
  rows: BoardRows;
}

const estimates = new WeakMap<BoardView, BoardEstimate>();

/** The board on the answer's day as the evidence allows. */
export function boardEstimateOf(ctx: Context, view: BoardView): BoardEstimate {
  const known = estimates.get(view);
  if (known) return known;
  const { board, evidence } = ctx.services;
  const namedOn = (day: string) => board.namedCount(ASSOCIATION, day, view.knownAt);
  const report = view.rows.report;
  const latest: BoardFacts = {
    named: view.rows.trustees.length,
    report: report ? { size: report.size, namedThen: namedOn(report.reportedOn) } : null,
    anyFact: evidence.lastEvidenceOn(ASSOCIATION, 'BOARD', view.asOf, view.knownAt) !== null,
  };
  const uncertain = evidence.uncertainSince(ASSOCIATION, 'BOARD', view.asOf, view.knownAt);
  const begun = evidence.lastInForce('earliest', ASSOCIATION, 'BOARD', 'SIZE_REPORTED', view.asOf, view.knownAt);
  const reports: DatedSizeReport[] =
    begun?.size != null
      ? [{ earliest: begun.earliest, latest: begun.latest, size: begun.size, position: begun.position }]
      : [];
  const estimate = estimateBoard(
    latest,
    earliestReading(view.asOf, latest, uncertain, namedOn, reports),
    view.dating ?? 'LATEST',
  );
  estimates.set(view, estimate);
  return estimate;
}
