// The editor mutations on the board: appoint trustees, change their roles, record them standing
// down, and record a size the association reported. Each answers with the board on the day the
// change took effect.
import { boardStreamId } from '../domain/board/board.ts';
import { boardDecider, type BoardCommand } from '../domain/board/decide.ts';
import { ConstitutionError } from '../domain/errors.ts';
import type { TrusteeRow } from '../projections/boardQueries.ts';
import { BoardRef, boardAsOf, TrusteeRef, type BoardView } from './board.ts';
import { builder, type Types } from './builder.ts';
import { datingField, datingFor } from './datingInput.ts';
import { today } from './scalars.ts';
import type { Context } from './context.ts';
import { localId } from './shared/arguments.ts';
import { newPersonId } from './shared/commands.ts';
import { command, editorMutation, reload } from './shared/editorMutation.ts';
import { commandFields, factFields, mutationOptions, type FactInput } from './shared/inputFields.ts';

interface TrusteeChange {
  trustee: TrusteeRow;
  board: BoardView;
}

/** The answer to a trustee mutation: the trustee now, and the board on the day the change took effect. */
function trusteeChangeSuccess(name: string) {
  return builder.objectRef<TrusteeChange>(name).implement({
    fields: (t) => ({
      trustee: t.field({ type: TrusteeRef, resolve: (r) => r.trustee }),
      board: t.field({
        type: BoardRef,
        description: 'The board on the date the change took effect',
        resolve: (r) => r.board,
      }),
      currentBoard: currentBoardField(t),
    }),
  });
}

async function trusteeChange(ctx: Context, trusteeId: string, effectiveOn: string): Promise<TrusteeChange> {
  return { trustee: await reload(ctx.loaders.trustee, trusteeId, 'Trustee'), board: boardAsOf(ctx, effectiveOn) };
}

/**
 * The board today after the change, with the id board (no arguments) has: a client cache updates a
 * watched board query from the answer, with no refetch.
 */
function currentBoardField(t: PothosSchemaTypes.ObjectFieldBuilder<Types, unknown>) {
  return t.field({
    type: BoardRef,
    description: 'The board today, after the change (the state board answers with no arguments)',
    resolve: (_r, _args, ctx) => boardAsOf(ctx, today()),
  });
}

const boardCommand = (cmd: BoardCommand, input: FactInput) =>
  command(boardDecider, boardStreamId(), cmd, mutationOptions(input));

/** Every board change may break the constitution's limits on the board's size. */
const BOARD_ERRORS = [ConstitutionError];

editorMutation('appointTrustee', {
  success: trusteeChangeSuccess,
  errors: BOARD_ERRORS,
  input: (t) => ({
    trusteeId: t.id({
      description:
        'To appoint again a trustee who stood down; leave it out for a new person, who gets a new opaque id (namesakes are distinct people)',
    }),
    name: t.string({ required: true, description: 'In any script; at least one letter or digit' }),
    role: t.string({ description: 'e.g. chair or treasurer; none for an ordinary trustee' }),
    appointedOn: t.field({ type: 'Date', required: true }),
    ...datingField(t),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input, ctx) => {
    const trusteeId = input.trusteeId
      ? localId(input.trusteeId, 'Trustee')
      : newPersonId(ctx, 'trustee', input.idempotencyKey);
    const data = {
      trusteeId,
      name: input.name,
      role: input.role,
      appointedOn: input.appointedOn,
      dating: datingFor(input, input.appointedOn),
    };
    return boardCommand({ type: 'AppointTrustee', data }, input);
  },
  readBack: async (recorded, input, ctx) =>
    trusteeChange(ctx, await recorded.id('TrusteeAppointed', 'trusteeId'), input.appointedOn),
});

editorMutation('changeTrusteeRole', {
  success: trusteeChangeSuccess,
  errors: BOARD_ERRORS,
  input: (t) => ({
    trusteeId: t.id({ required: true }),
    role: t.string({ description: 'The new role; none to leave the trustee without a named role' }),
    changedOn: t.field({ type: 'Date', required: true }),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input) => {
    const data = { trusteeId: localId(input.trusteeId, 'Trustee'), role: input.role, changedOn: input.changedOn };
    return boardCommand({ type: 'ChangeTrusteeRole', data }, input);
  },
  readBack: async (recorded, input, ctx) =>
    trusteeChange(ctx, await recorded.id('TrusteeRoleChanged', 'trusteeId'), input.changedOn),
});

editorMutation('recordTrusteeStandingDown', {
  success: trusteeChangeSuccess,
  errors: BOARD_ERRORS,
  input: (t) => ({
    trusteeId: t.id({ required: true }),
    stoodDownOn: t.field({ type: 'Date', required: true }),
    reason: t.string(),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input) => {
    const data = {
      trusteeId: localId(input.trusteeId, 'Trustee'),
      stoodDownOn: input.stoodDownOn,
      reason: input.reason,
    };
    return boardCommand({ type: 'RecordTrusteeStandingDown', data }, input);
  },
  readBack: async (recorded, input, ctx) =>
    trusteeChange(ctx, await recorded.id('TrusteeStoodDown', 'trusteeId'), input.stoodDownOn),
});

editorMutation('reportBoardSize', {
  description: 'Records a board size the association reported, when it did not name every trustee',
  success: (name) =>
    builder.objectRef<{ board: BoardView }>(name).implement({
      fields: (t) => ({
        board: t.field({ type: BoardRef, description: 'The board on the date of the report', resolve: (r) => r.board }),
        currentBoard: currentBoardField(t),
      }),
    }),
  errors: BOARD_ERRORS,
  input: (t) => ({
    size: t.int({ required: true }),
    reportedOn: t.field({ type: 'Date', required: true }),
    ...datingField(t),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input) =>
    boardCommand(
      {
        type: 'ReportBoardSize',
        data: { size: input.size, reportedOn: input.reportedOn, dating: datingFor(input, input.reportedOn) },
      },
      input,
    ),
  readBack: (_recorded, input, ctx) => ({ board: boardAsOf(ctx, input.reportedOn) }),
});
