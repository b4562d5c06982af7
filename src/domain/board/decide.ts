// Commands on the board of trustees and the rules that accept or refuse them.
//
// History is fact: an appointment, role change or standing-down takes effect on the date it
// carries, and a board below the constitution's minimum is recorded (read models flag it). Only the
// maximum refuses a change, because appointing a thirteenth trustee is something the association
// may not do, whereas having too few is something that happened to it.
import { z } from 'zod';
import { CalendarDate, ENTITY_ID_PATTERN } from '../../events/vocabulary.ts';
import { assertNever, type Decided as DecidedOf, type Decider } from '../aggregate.ts';
import { dated, datingOf, type DatedInput } from '../dating.ts';
import { ConstitutionError, fieldError, NotFoundError, parseInput } from '../errors.ts';
import { optionalText, personName } from '../inputs.ts';
import type { BoardEvent } from '../../events/catalogue.ts';
import {
  BOARD_MAXIMUM,
  BOARD_MINIMUM,
  currentTerm,
  evolve,
  initialState,
  largestFrom,
  type BoardState,
  type TrusteeState,
  type TrusteeTerm,
} from './board.ts';

type Decided = DecidedOf<BoardEvent>;

export const LIMITS = { nameLength: 200, roleLength: 100, reasonLength: 2_000, reportedSize: 1_000 } as const;

const trusteeId = z
  .string()
  .regex(ENTITY_ID_PATTERN, 'must be a trustee id: trustee- and the opaque part the trustee was given');
const role = optionalText(LIMITS.roleLength);

/**
 * `trusteeId` is chosen by the caller: a fresh opaque id (`trustee-<uuid>`) for a new person, or
 * the id of a trustee who stood down and is appointed again. It never derives from the name, so
 * namesakes are distinct people and an id reveals nothing.
 */
export const AppointTrusteeInput = z.object({
  trusteeId,
  name: personName(LIMITS.nameLength),
  role,
  appointedOn: CalendarDate,
});
export const ChangeTrusteeRoleInput = z.object({ trusteeId, role, changedOn: CalendarDate });
export const RecordTrusteeStandingDownInput = z.object({
  trusteeId,
  stoodDownOn: CalendarDate,
  reason: optionalText(LIMITS.reasonLength),
});
export const ReportBoardSizeInput = z.object({
  size: z
    .number()
    .int()
    .min(0, 'must not be negative')
    .max(LIMITS.reportedSize, `must be at most ${LIMITS.reportedSize}`),
  reportedOn: CalendarDate,
});

export type BoardCommand =
  | { type: 'AppointTrustee'; data: z.input<typeof AppointTrusteeInput> & DatedInput }
  | { type: 'ChangeTrusteeRole'; data: z.input<typeof ChangeTrusteeRoleInput> }
  | { type: 'RecordTrusteeStandingDown'; data: z.input<typeof RecordTrusteeStandingDownInput> }
  | { type: 'ReportBoardSize'; data: z.input<typeof ReportBoardSizeInput> & DatedInput };

/** The trustee and their open term, or the typed error saying why there is none. */
function requireInOffice(state: BoardState, id: string): { trustee: TrusteeState; term: TrusteeTerm } {
  const trustee = state.trustees[id];
  const term = currentTerm(trustee);
  if (!trustee || !term) throw new NotFoundError('trustee', id);
  if (term.stoodDownOn !== null) {
    throw fieldError('trusteeId', `${trustee.name} already stood down on ${term.stoodDownOn}`);
  }
  return { trustee, term };
}

function appointTrustee(data: unknown, state: BoardState): Decided[] {
  const input = parseInput(AppointTrusteeInput, data);
  const id = input.trusteeId;
  const term = currentTerm(state.trustees[id]);
  if (term && term.stoodDownOn === null) {
    throw fieldError('trusteeId', `${id} is already a trustee, appointed on ${term.appointedOn}`);
  }
  if (term?.stoodDownOn && input.appointedOn < term.stoodDownOn) {
    throw fieldError('appointedOn', `must be on or after ${term.stoodDownOn}, when ${input.name} stood down`);
  }
  const largest = largestFrom(state, input.appointedOn);
  if (largest.size + 1 > BOARD_MAXIMUM) {
    throw new ConstitutionError(
      `The constitution allows at most ${BOARD_MAXIMUM} trustees; the board already has ${largest.size} on ${largest.on} (counting those a report gave without naming, until a later report says otherwise), so ${input.name} cannot be appointed from ${input.appointedOn}`,
      BOARD_MINIMUM,
      BOARD_MAXIMUM,
      largest.size + 1,
    );
  }
  const dating = datingOf(data, input.appointedOn, 'appointedOn');
  const event = {
    type: 'TrusteeAppointed',
    data: { trusteeId: id, name: input.name, role: input.role, appointedOn: input.appointedOn, ...dated(dating) },
  } as const;
  return [{ event, effectiveAt: input.appointedOn }];
}

function changeTrusteeRole(data: unknown, state: BoardState): Decided[] {
  const input = parseInput(ChangeTrusteeRoleInput, data);
  const { trustee, term } = requireInOffice(state, input.trusteeId);
  if (input.changedOn < term.roleSince) {
    throw fieldError(
      'changedOn',
      `must be on or after ${term.roleSince}, when ${trustee.name}'s current role took effect`,
    );
  }
  if (input.role === term.role) {
    throw fieldError(
      'role',
      term.role ? `${trustee.name} is already ${term.role}` : `${trustee.name} already has no named role`,
    );
  }
  return [{ event: { type: 'TrusteeRoleChanged', data: input }, effectiveAt: input.changedOn }];
}

function recordTrusteeStandingDown(data: unknown, state: BoardState): Decided[] {
  const input = parseInput(RecordTrusteeStandingDownInput, data);
  const { trustee, term } = requireInOffice(state, input.trusteeId);
  if (input.stoodDownOn <= term.appointedOn) {
    throw fieldError('stoodDownOn', `must be after ${term.appointedOn}, when ${trustee.name} was appointed`);
  }
  if (input.stoodDownOn < term.roleSince) {
    throw fieldError(
      'stoodDownOn',
      `must be on or after ${term.roleSince}, when ${trustee.name}'s current role took effect`,
    );
  }
  return [{ event: { type: 'TrusteeStoodDown', data: input }, effectiveAt: input.stoodDownOn }];
}

/** A size the association reported, which may count trustees the log cannot name. */
function reportBoardSize(data: unknown): Decided[] {
  const input = parseInput(ReportBoardSizeInput, data);
  const dating = datingOf(data, input.reportedOn, 'reportedOn');
  return [
    { event: { type: 'BoardSizeReported', data: { ...input, ...dated(dating) } }, effectiveAt: input.reportedOn },
  ];
}

export function decide(command: BoardCommand, state: BoardState): Decided[] {
  switch (command.type) {
    case 'AppointTrustee':
      return appointTrustee(command.data, state);
    case 'ChangeTrusteeRole':
      return changeTrusteeRole(command.data, state);
    case 'RecordTrusteeStandingDown':
      return recordTrusteeStandingDown(command.data, state);
    case 'ReportBoardSize':
      return reportBoardSize(command.data);
    default:
      return assertNever(command);
  }
}

export const boardDecider: Decider<BoardState, BoardCommand, 'board'> = {
  aggregate: 'board',
  initialState,
  evolve,
  decide,
};
