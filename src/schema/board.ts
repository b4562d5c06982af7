// The association's board of trustees: the board as of a date, the changes in a window, and the
// editor mutations that appoint trustees, change their roles and record them standing down.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { ASSOCIATION, BOARD_MAXIMUM, BOARD_MINIMUM, boardStreamId } from '../domain/board/board.ts';
import { boardDecider, type BoardCommand } from '../domain/board/decide.ts';
import { ConstitutionError } from '../domain/errors.ts';
import type { BoardChangeRow, BoardRows, TrusteeRoleRow, TrusteeRow } from '../projections/boardQueries.ts';
import { boardEstimateOf } from './boardEvidence.ts';
import { builder } from './builder.ts';
import { executeAs, newPersonId, type MutationOptions } from './commands.ts';
import type { Context } from './context.ts';
import { knownBound, STAFF } from './document.ts';
import { MUTATION_ERRORS } from './errors.ts';
import { AT_POSITION_DESCRIPTION, requireDate, today } from './scalars.ts';

/** An id argument given either as a Relay global id of `typename` or as the plain id inside it. */
export function localId(id: string, typename: string): string {
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // Not a global id: taken as the plain id.
  }
  return id;
}

/** Checks a from/to pair of query arguments: both real dates, from on or before to. */
export function requireWindow(from: string, to: string): { from: string; to: string } {
  requireDate(from, 'from');
  requireDate(to, 'to');
  if (from > to) throw new GraphQLError('from must be on or before to', { extensions: { code: 'BAD_USER_INPUT' } });
  return { from, to };
}

/** The metadata inputs every association mutation accepts. */
export interface MetadataInput {
  source?: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
  expectedRevision?: number | null;
}

export function mutationOptions(input: MetadataInput): MutationOptions {
  return {
    source: input.source ?? null,
    changeNote: input.note ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    expectedRevision: input.expectedRevision ?? null,
  };
}

interface BoardView {
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
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.trustee.load(id))),
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
    'The board of trustees on a date. Trustees the log can name are listed; trustees a report counted but did not name are shown as unnamedTrustees, never invented, and stay counted until a later report says otherwise. Facts dated only by an interval count from its latest day (see certain, sizeAtLeast, sizeAtMost)',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (b) => b.asOf }),
    knownAt: t.string({
      nullable: true,
      description: 'The log position this answer is bounded by, when asked as known at a past moment',
      resolve: (b) => b.knownAt?.toString() ?? null,
    }),
    size: t.int({
      description:
        'How many trustees the board had on asOf, as best known: the named trustees plus those the latest report counted without naming (see unnamedTrustees); facts dated by an interval count from its latest day',
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).size,
    }),
    namedSize: t.int({ description: 'Named trustees in office on asOf', resolve: (b) => b.rows.trustees.length }),
    minimum: t.int({ resolve: () => BOARD_MINIMUM }),
    maximum: t.int({ resolve: () => BOARD_MAXIMUM }),
    bestKnownSize: t.int({
      description: 'The same as size: named trustees plus those reports counted without naming',
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).size,
    }),
    meetsConstitution: t.boolean({
      deprecationReason: 'Use constitutionMet, which answers UNKNOWN where the evidence cannot decide',
      description: `True when constitutionMet is YES: the size is known to lie between the constitution's minimum (${BOARD_MINIMUM}) and maximum (${BOARD_MAXIMUM})`,
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).constitutionMet === 'YES',
    }),
    reportedSize: t.int({
      nullable: true,
      description: 'The latest size the association reported on or before asOf',
      resolve: (b) => b.rows.report?.size ?? null,
    }),
    reportedOn: t.field({ type: 'Date', nullable: true, resolve: (b) => b.rows.report?.reportedOn ?? null }),
    reportSource: t.string({ nullable: true, resolve: (b) => b.rows.report?.source ?? null }),
    unnamedTrustees: t.int({
      description: 'Trustees the latest report on or before asOf counted whom the log could not name then (size - namedSize)',
      resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).unnamedTrustees,
    }),
    trustees: t.field({
      type: [TrusteeRef],
      description: 'Named trustees in office on asOf, by appointment date',
      // Not primed into the trustee loader: these rows carry the role on asOf, the loader's the current one.
      resolve: (b) => b.rows.trustees,
    }),
  }),
});

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
    args: {
      asOf: t.arg({ type: 'Date' }),
      knownAt: t.arg({ type: 'DateTime', description: 'Answer as the service would have at this instant' }),
      atPosition: t.arg.string({ description: AT_POSITION_DESCRIPTION }),
    },
    authScopes: (_root, args) => (args.knownAt || args.atPosition ? STAFF : true),
    resolve: (_root, { asOf, knownAt, atPosition }, ctx) =>
      boardAsOf(ctx, asOf ? requireDate(asOf, 'asOf') : today(), knownBound(ctx, knownAt, atPosition)),
  }),
  boardChanges: t.field({
    type: [BoardChangeRef],
    description: 'Appointments, role changes and standings-down that took effect from `from` to `to` (inclusive), oldest first',
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
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

// ---- mutations ----

const metadataFields = {
  source: 'Where the fact comes from, e.g. the newsletter issue that reported it',
  note: 'A change note: what is certain about this fact and what is not',
};

const AppointTrusteeInput = builder.inputType('AppointTrusteeInput', {
  fields: (t) => ({
    trusteeId: t.id({
      description: 'To appoint again a trustee who stood down; leave it out for a new person, who gets a new opaque id (namesakes are distinct people)',
    }),
    name: t.string({ required: true, description: 'In any script; at least one letter or digit' }),
    role: t.string({ description: 'e.g. chair or treasurer; none for an ordinary trustee' }),
    appointedOn: t.field({ type: 'Date', required: true }),
    source: t.string({ description: metadataFields.source }),
    note: t.string({ description: metadataFields.note }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const ChangeTrusteeRoleInput = builder.inputType('ChangeTrusteeRoleInput', {
  fields: (t) => ({
    trusteeId: t.id({ required: true }),
    role: t.string({ description: 'The new role; none to leave the trustee without a named role' }),
    changedOn: t.field({ type: 'Date', required: true }),
    source: t.string({ description: metadataFields.source }),
    note: t.string({ description: metadataFields.note }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const RecordTrusteeStandingDownInput = builder.inputType('RecordTrusteeStandingDownInput', {
  fields: (t) => ({
    trusteeId: t.id({ required: true }),
    stoodDownOn: t.field({ type: 'Date', required: true }),
    reason: t.string(),
    source: t.string({ description: metadataFields.source }),
    note: t.string({ description: metadataFields.note }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const ReportBoardSizeInput = builder.inputType('ReportBoardSizeInput', {
  fields: (t) => ({
    size: t.int({ required: true }),
    reportedOn: t.field({ type: 'Date', required: true }),
    source: t.string({ description: metadataFields.source }),
    note: t.string({ description: metadataFields.note }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

interface TrusteeChange {
  trustee: TrusteeRow;
  board: BoardView;
}

/** The answer to a trustee mutation: the trustee now, and the board on the day the change took effect. */
function trusteeChangeSuccess(name: string) {
  return builder.objectRef<TrusteeChange>(name).implement({
    fields: (t) => ({
      trustee: t.field({ type: TrusteeRef, resolve: (r) => r.trustee }),
      board: t.field({ type: BoardRef, description: 'The board on the date the change took effect', resolve: (r) => r.board }),
    }),
  });
}

const AppointTrusteeSuccess = trusteeChangeSuccess('AppointTrusteeSuccess');
const ChangeTrusteeRoleSuccess = trusteeChangeSuccess('ChangeTrusteeRoleSuccess');
const RecordTrusteeStandingDownSuccess = trusteeChangeSuccess('RecordTrusteeStandingDownSuccess');
const ReportBoardSizeSuccess = builder.objectRef<{ board: BoardView }>('ReportBoardSizeSuccess').implement({
  fields: (t) => ({ board: t.field({ type: BoardRef, resolve: (r) => r.board }) }),
});

const BOARD_ERRORS = [...MUTATION_ERRORS, ConstitutionError];

/** Runs a board command as the signed-in editor and reads the trustee and the board back. */
async function runTrusteeCommand(
  ctx: Context,
  command: BoardCommand,
  trusteeId: string,
  effectiveOn: string,
  input: MetadataInput,
): Promise<TrusteeChange> {
  await executeAs(ctx, boardDecider, boardStreamId(), command, mutationOptions(input));
  ctx.loaders.trustee.clear(trusteeId);
  ctx.loaders.trusteeRoles.clear(trusteeId);
  const trustee = await ctx.loaders.trustee.load(trusteeId);
  if (!trustee) throw new Error(`Trustee ${trusteeId} is missing from the read model after its command`);
  return { trustee, board: boardAsOf(ctx, effectiveOn) };
}

builder.mutationFields((t) => ({
  appointTrustee: t.field({
    type: AppointTrusteeSuccess,
    authScopes: { editor: true },
    errors: { types: BOARD_ERRORS, union: { name: 'AppointTrusteeResult' } },
    args: { input: t.arg({ type: AppointTrusteeInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const trusteeId = input.trusteeId ? localId(String(input.trusteeId), 'Trustee') : newPersonId(ctx, 'trustee', input.idempotencyKey);
      const data = { trusteeId, name: input.name, role: input.role, appointedOn: input.appointedOn };
      return runTrusteeCommand(ctx, { type: 'AppointTrustee', data }, trusteeId, input.appointedOn, input);
    },
  }),
  changeTrusteeRole: t.field({
    type: ChangeTrusteeRoleSuccess,
    authScopes: { editor: true },
    errors: { types: BOARD_ERRORS, union: { name: 'ChangeTrusteeRoleResult' } },
    args: { input: t.arg({ type: ChangeTrusteeRoleInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const trusteeId = localId(String(input.trusteeId), 'Trustee');
      const data = { trusteeId, role: input.role, changedOn: input.changedOn };
      return runTrusteeCommand(ctx, { type: 'ChangeTrusteeRole', data }, trusteeId, input.changedOn, input);
    },
  }),
  recordTrusteeStandingDown: t.field({
    type: RecordTrusteeStandingDownSuccess,
    authScopes: { editor: true },
    errors: { types: BOARD_ERRORS, union: { name: 'RecordTrusteeStandingDownResult' } },
    args: { input: t.arg({ type: RecordTrusteeStandingDownInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const trusteeId = localId(String(input.trusteeId), 'Trustee');
      const data = { trusteeId, stoodDownOn: input.stoodDownOn, reason: input.reason };
      return runTrusteeCommand(ctx, { type: 'RecordTrusteeStandingDown', data }, trusteeId, input.stoodDownOn, input);
    },
  }),
  reportBoardSize: t.field({
    type: ReportBoardSizeSuccess,
    authScopes: { editor: true },
    description: 'Records a board size the association reported, when it did not name every trustee',
    errors: { types: BOARD_ERRORS, union: { name: 'ReportBoardSizeResult' } },
    args: { input: t.arg({ type: ReportBoardSizeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const data = { size: input.size, reportedOn: input.reportedOn };
      await executeAs(ctx, boardDecider, boardStreamId(), { type: 'ReportBoardSize', data }, mutationOptions(input));
      return { board: boardAsOf(ctx, input.reportedOn) };
    },
  }),
}));
