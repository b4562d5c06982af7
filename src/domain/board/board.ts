// The board of trustees of an association, rebuilt from its stream: every trustee's terms in
// office and current role, which is what the constitution's rules need.
import type { BoardEvent } from '../../events/catalogue.ts';
import { streams } from '../../events/streams.ts';
import { assertNever } from '../aggregate.ts';

/** The association's constitution: at most twelve trustees and at least three. */
export const BOARD_MINIMUM = 3;
export const BOARD_MAXIMUM = 12;

/** The association whose board and membership the service records. */
export const ASSOCIATION = 'tasp';

export interface TrusteeTerm {
  appointedOn: string;
  /** The day the trustee left office; they are not a trustee on that day. */
  stoodDownOn: string | null;
  role: string | null;
  /** When the current role took effect: the appointment or the latest role change. */
  roleSince: string;
}

export interface TrusteeState {
  trusteeId: string;
  name: string;
  /** Oldest first; only the last may be open. */
  terms: TrusteeTerm[];
}

/** A size the association reported, which may count trustees it did not name. */
export interface SizeReport {
  size: number;
  reportedOn: string;
}

export interface BoardState {
  trustees: Readonly<Record<string, TrusteeState>>;
  /** Oldest first by the order they were recorded. */
  reports: readonly SizeReport[];
}

export const initialState = (): BoardState => ({ trustees: {}, reports: [] });

export const boardStreamId = (association: string = ASSOCIATION): string => streams.board(association);

export function currentTerm(trustee: TrusteeState | undefined): TrusteeTerm | null {
  return trustee?.terms.at(-1) ?? null;
}

/** True when the term covers the date: appointed on or before it, not yet stood down. */
export function inOffice(term: TrusteeTerm, date: string): boolean {
  return term.appointedOn <= date && (term.stoodDownOn === null || term.stoodDownOn > date);
}

/** How many named trustees are in office on a date. */
export function sizeOn(state: BoardState, date: string): number {
  let n = 0;
  for (const t of Object.values(state.trustees)) n += t.terms.filter((term) => inOffice(term, date)).length;
  return n;
}

/**
 * Trustees the latest report on or before a date counted but could not name: they stay counted
 * until a later report says otherwise (see estimate.ts), never below zero.
 */
export function unnamedOn(state: BoardState, date: string): number {
  let latest: SizeReport | null = null;
  for (const r of state.reports)
    if (r.reportedOn <= date && (latest === null || r.reportedOn >= latest.reportedOn)) latest = r;
  return latest ? Math.max(0, latest.size - sizeOn(state, latest.reportedOn)) : 0;
}

/**
 * The largest the board is on any day from `date` on, unnamed trustees included. The size only
 * grows on an appointment or report day, so checking `date` and every later such day is enough.
 */
export function largestFrom(state: BoardState, date: string): { size: number; on: string } {
  const days = new Set([date]);
  for (const t of Object.values(state.trustees)) {
    for (const term of t.terms) if (term.appointedOn > date) days.add(term.appointedOn);
  }
  for (const r of state.reports) if (r.reportedOn > date) days.add(r.reportedOn);
  let largest = { size: -1, on: date };
  for (const day of [...days].sort()) {
    const size = sizeOn(state, day) + unnamedOn(state, day);
    if (size > largest.size) largest = { size, on: day };
  }
  return largest;
}

function withTrustee(state: BoardState, trustee: TrusteeState): BoardState {
  return { ...state, trustees: { ...state.trustees, [trustee.trusteeId]: trustee } };
}

function updateCurrentTerm(
  state: BoardState,
  trusteeId: string,
  change: (term: TrusteeTerm) => TrusteeTerm,
): BoardState {
  const trustee = state.trustees[trusteeId];
  const term = currentTerm(trustee);
  if (!trustee || !term) return state;
  return withTrustee(state, { ...trustee, terms: [...trustee.terms.slice(0, -1), change(term)] });
}

export function evolve(state: BoardState, event: BoardEvent): BoardState {
  switch (event.type) {
    case 'TrusteeAppointed': {
      const { trusteeId, name, role, appointedOn } = event.data;
      const earlier = state.trustees[trusteeId]?.terms ?? [];
      const term: TrusteeTerm = { appointedOn, stoodDownOn: null, role, roleSince: appointedOn };
      return withTrustee(state, { trusteeId, name, terms: [...earlier, term] });
    }
    case 'TrusteeRoleChanged':
      return updateCurrentTerm(state, event.data.trusteeId, (term) => ({
        ...term,
        role: event.data.role,
        roleSince: event.data.changedOn,
      }));
    case 'TrusteeStoodDown':
      return updateCurrentTerm(state, event.data.trusteeId, (term) => ({
        ...term,
        stoodDownOn: event.data.stoodDownOn,
      }));
    case 'BoardSizeReported':
      return { ...state, reports: [...state.reports, { size: event.data.size, reportedOn: event.data.reportedOn }] };
    default:
      return assertNever(event);
  }
}
