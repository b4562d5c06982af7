// The board's size and standing from the evidence read model, computed once per board answer: the
// default reading (uncertain facts on their latest day) and the other one (on their earliest).
import { ASSOCIATION } from '../domain/board/board.ts';
import { estimateBoard, type BoardEstimate } from '../domain/board/estimate.ts';
import type { Context } from './context.ts';

/** A board answer: the day asked about and, for a view as known at a past moment, the log position. */
export interface BoardDay {
  asOf: string;
  knownAt?: bigint;
}

const estimates = new WeakMap<BoardDay, BoardEstimate>();

/** The board on the answer's day as the evidence allows (see src/domain/board/estimate.ts). */
export function boardEstimateOf(ctx: Context, day: BoardDay): BoardEstimate {
  const known = estimates.get(day);
  if (known) return known;
  const facts = (reading: 'LATEST' | 'EARLIEST') => ctx.services.evidence.boardFacts(ASSOCIATION, day.asOf, reading, day.knownAt);
  const estimate = estimateBoard(facts('LATEST'), facts('EARLIEST'));
  estimates.set(day, estimate);
  return estimate;
}
