// The association's board of trustees: the board as of a date, the changes in a window, and a
// trustee by id (the mutations that record them are in boardMutations.ts).
import { ASSOCIATION, BOARD_MAXIMUM, BOARD_MINIMUM } from '../domain/board/board.ts';
import type { BoardChangeRow, BoardRows, TrusteeRoleRow, TrusteeRow } from '../projections/boardQueries.ts';
import { boardEstimateOf, type BoardView } from './boardEvidence.ts';

export type { BoardView };
import { builder } from './builder.ts';
import {
  dayReadingFields,
  dayReadingKey,
  dayReadingArgs,
  dayReadingOf,
  dayReadingOfArgs,
  type DatingReading,
} from './datingReading.ts';
import type { Context } from './context.ts';
import { partId } from './shared/identity.ts';
import { localId, requireWindow, staffForRecordedTime, windowArgs } from './shared/arguments.ts';
import { loadEach } from './shared/nodes.ts';

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
  description:
    'A trustee of the association and their latest term in office: facts that do not depend on the date a board is asked for (for those, see Board.seats)',
  fields: (t) => ({
    trusteeId: t.exposeString('trusteeId', {
      description: 'The id the board mutations take, opaque: trustee- and a UUID, nothing of the name',
    }),
    name: t.exposeString('name'),
    role: t.exposeString('role', {
      nullable: true,
      description:
        'Chair, treasurer and so on, now (wherever the trustee is read from: a Trustee is one cached object whatever date a board was asked for)',
      deprecationReason:
        "A role depends on the date: use Board.seats { role } for the role on the board's date, or roles for every period",
    }),
    appointedOn: t.field({
      type: 'Date',
      description:
        'When the term began; for history imported from the archive, possibly only when it was first reported (see note)',
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
    note: t.exposeString('note', {
      nullable: true,
      description: 'What the record of the appointment says about its certainty',
    }),
    roles: t.field({
      type: [TrusteeRoleRef],
      description: 'Every role period of this trustee, oldest first',
      resolve: (tr, _args, ctx) => ctx.loaders.trusteeRoles.load(tr.trusteeId),
    }),
  }),
});

/** A trustee on the board of one date (and, for a recorded-time read, one log position). */
interface Seat {
  board: BoardView;
  row: TrusteeRow;
}

/**
 * Named trustees in office on the board's day under its reading: the read model's (every fact on
 * its latest day) and, in the EARLIEST reading, the appointments whose interval contains the day
 * (with the trustee's latest term) less the standings-down whose interval does.
 */
async function namedRows(ctx: Context, b: BoardView): Promise<TrusteeRow[]> {
  if (b.dating !== 'EARLIEST') return b.rows.trustees;
  const open = ctx.services.evidence.uncertainOn(ASSOCIATION, 'BOARD', b.asOf, b.knownAt);
  const leaving = new Set(open.filter((f) => f.kind === 'STOOD_DOWN' && f.personId).map((f) => f.personId));
  const joining = open.filter(
    (f) => f.kind === 'APPOINTED' && f.personId && !b.rows.trustees.some((r) => r.trusteeId === f.personId),
  );
  const added = await Promise.all(joining.map((f) => ctx.loaders.trustee.load(f.personId!)));
  return [...b.rows.trustees, ...added.filter((r): r is TrusteeRow => r !== null)].filter(
    (r) => !leaving.has(r.trusteeId),
  );
}

const BoardSeatRef = builder.objectRef<Seat>('BoardSeat').implement({
  description:
    "A trustee's place on the board of one date: the role they held that day and the term it belongs to. Its id names the board's date (and log position), so the same trustee on two dates is two objects",
  fields: (t) => ({
    id: t.id({
      description:
        'Cache key: the board (date and, for a recorded-time read, log position) and the trustee; not accepted by node',
      resolve: (s) => partId('BoardSeat', dayReadingKey(s.board), s.row.trusteeId),
    }),
    trustee: t.field({
      type: TrusteeRef,
      description: 'The trustee (facts that do not depend on the date)',
      resolve: async (s, _args, ctx) => (await ctx.loaders.trustee.load(s.row.trusteeId)) ?? s.row,
    }),
    role: t.string({
      nullable: true,
      description: "Chair, treasurer and so on, on the board's date; null for an ordinary trustee",
      resolve: (s) => s.row.role,
    }),
    appointedOn: t.field({
      type: 'Date',
      description: 'When the term in office on that date began',
      resolve: (s) => s.row.appointedOn,
    }),
    stoodDownOn: t.field({
      type: 'Date',
      nullable: true,
      description: "The day that term ended, if it has (possibly after the board's date)",
      resolve: (s) => s.row.stoodDownOn,
    }),
  }),
});

export const BoardRef = builder.objectRef<BoardView>('Board');

/** The size report in force under the board's reading (the read model's for LATEST). */
function reportOf(ctx: Context, b: BoardView): { size: number; reportedOn: string; source: string | null } | null {
  if (b.dating !== 'EARLIEST') return b.rows.report;
  const r = ctx.services.evidence.lastInForce('earliest', ASSOCIATION, 'BOARD', 'SIZE_REPORTED', b.asOf, b.knownAt);
  return r && r.size !== null ? { size: r.size, reportedOn: r.latest, source: r.source } : null;
}

/** The board by id: `date` as known now, or `date@position` as known then (editors and auditors). */
function boardById(ctx: Context, id: string): BoardView | null {
  const day = dayReadingOf(ctx, id);
  return day && boardAsOf(ctx, day.asOf, day.knownAt ?? null, day.dating);
}

builder.node(BoardRef, {
  id: { resolve: dayReadingKey },
  loadMany: (ids, ctx) => ids.map((id) => boardById(ctx, id)),
  description:
    'The board of trustees on a date. Trustees the log can name are listed; trustees a report counted but did not name are shown as unnamedTrustees, never invented, and stay counted until a later report says otherwise. Facts dated only by an interval count from its latest day (see certain, sizeAtLeast, sizeAtMost). Its id names the date, the log position when asked as known at a past moment, and the reading when it is EARLIEST',
  fields: (t) => ({
    ...dayReadingFields(t, 'the board'),
    seats: t.field({
      type: [BoardSeatRef],
      description:
        'Named trustees in office on asOf, by appointment date, each with the role they held that day; in the EARLIEST reading also those whose appointment may already have taken effect (after the others, with the role of their latest term)',
      resolve: async (b, _args, ctx) => (await namedRows(ctx, b)).map((row) => ({ board: b, row })),
    }),
    size: t.int({
      description:
        'How many trustees the board had on asOf, as best known: the named trustees plus those the latest report counted without naming (see unnamedTrustees); facts dated by an interval count from the day the dating argument chose (its latest by default)',
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).size,
    }),
    namedSize: t.int({
      description: 'Named trustees in office on asOf (under the reading of dating)',
      resolve: async (b, _args, ctx) => (await namedRows(ctx, b)).length,
    }),
    minimum: t.int({ resolve: () => BOARD_MINIMUM }),
    maximum: t.int({ resolve: () => BOARD_MAXIMUM }),
    bestKnownSize: t.int({
      deprecationReason: 'The same number as size; use size',
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).size,
    }),
    meetsConstitution: t.boolean({
      deprecationReason: 'Use constitutionMet, which answers UNKNOWN where the evidence cannot decide',
      description: `True when constitutionMet is YES: the size is known to lie between the constitution's minimum (${BOARD_MINIMUM}) and maximum (${BOARD_MAXIMUM})`,
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).constitutionMet === 'YES',
    }),
    reportedSize: t.int({
      nullable: true,
      description:
        'The latest size the association reported on or before asOf (in the EARLIEST reading: the report that may have taken effect last)',
      resolve: (b, _args, ctx) => reportOf(ctx, b)?.size ?? null,
    }),
    reportedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'The day that report is recorded on',
      resolve: (b, _args, ctx) => reportOf(ctx, b)?.reportedOn ?? null,
    }),
    reportSource: t.string({ nullable: true, resolve: (b, _args, ctx) => reportOf(ctx, b)?.source ?? null }),
    unnamedTrustees: t.int({
      description:
        'Trustees the latest report on or before asOf counted whom the log could not name then (size - namedSize)',
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).unnamedTrustees,
    }),
    trustees: t.field({
      type: [TrusteeRef],
      description:
        'Named trustees in office on asOf, by appointment date, as Trustee objects (facts that do not depend on the date; their role on asOf is in seats)',
      // The same trustee read by id: a Trustee is one cached object whatever the board's date.
      resolve: async (b, _args, ctx) => {
        const rows = await namedRows(ctx, b);
        const current = await ctx.loaders.trustee.loadMany(rows.map((r) => r.trusteeId));
        return rows.map((row, i) => {
          const trustee = current[i];
          return trustee && !(trustee instanceof Error) ? trustee : row;
        });
      },
    }),
  }),
});

export function boardAsOf(
  ctx: Context,
  asOf: string,
  knownAt: bigint | null = null,
  dating: DatingReading = 'LATEST',
): BoardView {
  const reading = dating === 'EARLIEST' ? { dating } : {};
  if (knownAt === null) return { asOf, ...reading, rows: ctx.services.board.board(ASSOCIATION, asOf) };
  return { asOf, knownAt, ...reading, rows: ctx.services.board.board(ASSOCIATION, asOf, knownAt) };
}

const BoardChangeKindEnum = builder.enumType('BoardChangeKind', {
  values: ['APPOINTED', 'ROLE_CHANGED', 'STOOD_DOWN'] as const,
});

const BoardChangeRef = builder.objectRef<BoardChangeRow>('BoardChange').implement({
  description: 'An appointment, role change or standing-down, on the date it took effect',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the event that recorded the change',
      resolve: (c) => partId('BoardChange', c.position),
    }),
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
    role: t.exposeString('role', {
      nullable: true,
      description: 'The role taken, for an appointment or a role change',
    }),
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
    args: dayReadingArgs(t.arg),
    authScopes: staffForRecordedTime,
    resolve: (_root, args, ctx) => {
      const day = dayReadingOfArgs(ctx, args);
      return boardAsOf(ctx, day.asOf, day.knownAt ?? null, day.dating);
    },
  }),
  boardChanges: t.field({
    type: [BoardChangeRef],
    description:
      'Appointments, role changes and standings-down that took effect from `from` to `to` (inclusive), oldest first',
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
