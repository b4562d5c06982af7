// The association's board of trustees: the board as of a date, the changes in a window, and a
// trustee by id (the mutations that record them are in boardMutations.ts).
import { ASSOCIATION, BOARD_MAXIMUM, BOARD_MINIMUM, boardStanding } from '../domain/board/board.ts';
import type { BoardChangeRow, BoardRows, TrusteeRoleRow, TrusteeRow } from '../projections/boardQueries.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { requireDate, today } from './scalars.ts';
import { knownBound, localId, recordedTimeArgs, requireWindow, staffForRecordedTime, windowArgs } from './shared/arguments.ts';
import { loadEach } from './shared/nodes.ts';

export interface BoardView {
  asOf: string;
  /** Set when the board is seen as the log stood at this position (recorded time). */
  knownAt?: bigint;
  rows: BoardRows;
}

export const TrusteeRoleRef = builder.objectRef<TrusteeRoleRow>('TrusteeRole').implement({
  description: 'A period in which a trustee held a role (or none); validTo is the day it ended, if it has',
  fields: (t) => ({
    role: t.exposeString('role', { nullable: true }),
    validFrom: t.field({ type: 'Date', resolve: (r) => r.validFrom }),
    validTo: t.field({ type: 'Date', nullable: true, resolve: (r) => r.validTo }),
    source: t.exposeString('source', { nullable: true }),
  }),
});

export const TrusteeRef = builder.objectRef<TrusteeRow>('Trustee');

builder.node(TrusteeRef, {
  id: { resolve: (t) => t.trusteeId },
  loadMany: loadEach((loaders) => loaders.trustee),
  description: 'A trustee of the association and their (latest) term in office',
  fields: (t) => ({
    trusteeId: t.exposeString('trusteeId', { description: 'The id the board mutations take, opaque: trustee- and a UUID, nothing of the name' }),
    name: t.exposeString('name'),
    role: t.exposeString('role', {
      nullable: true,
      description: 'Chair, treasurer and so on, on the date the board was asked for (now, for a trustee looked up by id)',
    }),
    appointedOn: t.field({
      type: 'Date',
      description: 'When the term began; for history imported from the archive, possibly only when it was first reported (see note)',
      resolve: (tr) => tr.appointedOn,
    }),
    stoodDownOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'The day the term ended, if it has (possibly after the date a board was asked for)',
      resolve: (tr) => tr.stoodDownOn,
    }),
    stoodDownReason: t.exposeString('stoodDownReason', { nullable: true }),
    source: t.exposeString('source', { nullable: true, description: 'Where the appointment was reported' }),
    note: t.exposeString('note', { nullable: true, description: 'What the record of the appointment says about its certainty' }),
    roles: t.field({
      type: [TrusteeRoleRef],
      description: 'Every role period of this trustee, oldest first',
      resolve: (tr, _args, ctx) => ctx.loaders.trusteeRoles.load(tr.trusteeId),
    }),
  }),
});

export const BoardRef = builder.objectRef<BoardView>('Board').implement({
  description:
    'The board of trustees on a date. Trustees the log can name are listed; when the latest fact about the board is a size the association reported, trustees it counted but did not name are shown as unnamedTrustees, never invented',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (b) => b.asOf }),
    knownAt: t.string({
      nullable: true,
      description: 'The log position this answer is bounded by, when asked as known at a past moment',
      resolve: (b) => b.knownAt?.toString() ?? null,
    }),
    size: t.int({
      description:
        'How many trustees the board had on asOf, as best known: the larger of namedSize and reportedSize while that report is the latest fact about the board (no named appointment or standing-down after it), else namedSize. meetsConstitution is judged on it',
      resolve: sizeOf,
    }),
    namedSize: t.int({ description: 'Named trustees in office on asOf', resolve: (b) => b.rows.trustees.length }),
    minimum: t.int({ resolve: () => BOARD_MINIMUM }),
    maximum: t.int({ resolve: () => BOARD_MAXIMUM }),
    bestKnownSize: t.int({ deprecationReason: 'The same number as size; use size', resolve: sizeOf }),
    meetsConstitution: t.boolean({
      description: `Whether size is between the constitution's minimum (${BOARD_MINIMUM}) and maximum (${BOARD_MAXIMUM})`,
      resolve: (b) => standingOf(b).meetsConstitution,
    }),
    reportedSize: t.int({
      nullable: true,
      description: 'The latest size the association reported on or before asOf',
      resolve: (b) => b.rows.report?.size ?? null,
    }),
    reportedOn: t.field({ type: 'Date', nullable: true, resolve: (b) => b.rows.report?.reportedOn ?? null }),
    reportSource: t.string({ nullable: true, resolve: (b) => b.rows.report?.source ?? null }),
    unnamedTrustees: t.int({
      description: 'Trustees the latest report counted whom the log cannot name (size - namedSize)',
      resolve: (b) => standingOf(b).unnamedTrustees,
    }),
    trustees: t.field({
      type: [TrusteeRef],
      description: 'Named trustees in office on asOf, by appointment date',
      // Not primed into the trustee loader: these rows carry the role on asOf, the loader's the current one.
      resolve: (b) => b.rows.trustees,
    }),
  }),
});

function standingOf(b: BoardView) {
  return boardStanding(b.rows.trustees.length, b.rows.report, b.rows.lastNamedChangeOn);
}

/** The board's best known size, answered as size and (deprecated) bestKnownSize. */
function sizeOf(b: BoardView): number {
  return standingOf(b).bestKnownSize;
}

export function boardAsOf(ctx: Context, asOf: string, knownAt: bigint | null = null): BoardView {
  if (knownAt === null) return { asOf, rows: ctx.services.board.board(ASSOCIATION, asOf) };
  return { asOf, knownAt, rows: ctx.services.board.board(ASSOCIATION, asOf, knownAt) };
}

const BoardChangeKindEnum = builder.enumType('BoardChangeKind', { values: ['APPOINTED', 'ROLE_CHANGED', 'STOOD_DOWN'] as const });

const BoardChangeRef = builder.objectRef<BoardChangeRow>('BoardChange').implement({
  description: 'An appointment, role change or standing-down, on the date it took effect',
  fields: (t) => ({
    kind: t.field({ type: BoardChangeKindEnum, resolve: (c) => c.kind }),
    date: t.field({ type: 'Date', resolve: (c) => c.effectiveOn }),
    trustee: t.field({
      type: TrusteeRef,
      resolve: async (c, _args, ctx) => {
        const trustee = await ctx.loaders.trustee.load(c.trusteeId);
        if (!trustee) throw new Error(`Trustee ${c.trusteeId} of a board change is missing from the read model`);
        return trustee;
      },
    }),
    role: t.exposeString('role', { nullable: true, description: 'The role taken, for an appointment or a role change' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the trustee stood down, when recorded' }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (c) => c.recordedAt }),
  }),
});

builder.queryFields((t) => ({
  board: t.field({
    type: BoardRef,
    description:
      'The board of trustees on a date (effective time, default today); editors and auditors may also ask what the service knew at an instant or log position (recorded time)',
    args: { asOf: t.arg({ type: 'Date' }), ...recordedTimeArgs(t.arg) },
    authScopes: staffForRecordedTime,
    resolve: (_root, { asOf, knownAt, atPosition }, ctx) =>
      boardAsOf(ctx, asOf ? requireDate(asOf, 'asOf') : today(), knownBound(ctx, knownAt, atPosition)),
  }),
  boardChanges: t.field({
    type: [BoardChangeRef],
    description: 'Appointments, role changes and standings-down that took effect from `from` to `to` (inclusive), oldest first',
    args: windowArgs(t.arg),
    resolve: (_root, args, ctx) => {
      const { from, to } = requireWindow(args.from, args.to);
      return ctx.services.board.changes(ASSOCIATION, from, to);
    },
  }),
  trustee: t.field({
    type: TrusteeRef,
    nullable: true,
    description: 'A trustee by id (trustee-… or a global id), with their latest term',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.trustee.load(localId(String(id), 'Trustee')),
  }),
}));
