// The association's membership: named members counted from member events, the figures the
// association reported (often totals without names), the membership terms, and the editor
// mutations that record them.
import { ASSOCIATION } from '../domain/board/board.ts';
import { membershipDecider, type MembershipCommand } from '../domain/membership/decide.ts';
import { admittedMemberId, coveragePercent, membershipStreamId } from '../domain/membership/membership.ts';
import { ENTITY_ID_PATTERN, MEMBER_KINDS, REGIONS, type Region } from '../events/vocabulary.ts';
import type {
  MemberRow,
  MembershipChangeRow,
  MembershipReportRow,
  MembershipTermsRow,
  RenewalRow,
  ReportRegionRow,
} from '../projections/membershipQueries.ts';
import { localId, mutationOptions, requireWindow, type MetadataInput } from './board.ts';
import { builder } from './builder.ts';
import { compareText, pageSizeNote, resolveConnection, textCursor } from './connections.ts';
import { executeAs, newPersonId } from './commands.ts';
import type { Context } from './context.ts';
import { knownBound, STAFF } from './document.ts';
import { MUTATION_ERRORS } from './errors.ts';
import { AT_POSITION_DESCRIPTION, requireDate, today } from './scalars.ts';

export const RegionEnum = builder.enumType('Region', {
  description: 'The nine English regions',
  values: REGIONS,
});
const MemberKindEnum = builder.enumType('MemberKind', {
  description: 'A statutory safeguarding partnership, another organisation, or a person who joined in their own right',
  values: MEMBER_KINDS,
});

const RenewalRef = builder.objectRef<RenewalRow>('MembershipRenewal').implement({
  fields: (t) => ({
    membershipYear: t.exposeString('membershipYear', { description: 'e.g. 2021-22' }),
    renewedOn: t.field({ type: 'Date', resolve: (r) => r.renewedOn }),
    source: t.exposeString('source', { nullable: true }),
  }),
});

export const MemberRef = builder.objectRef<MemberRow>('Member');

builder.node(MemberRef, {
  id: { resolve: (m) => m.memberId },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.member.load(id))),
  description: 'A member of the association and their (latest) period of membership',
  fields: (t) => ({
    memberId: t.exposeString('memberId', { description: 'The id the membership mutations take, e.g. member-sefton for an organisation; a person has an opaque one (member- and a UUID)' }),
    name: t.exposeString('name'),
    kind: t.field({ type: MemberKindEnum, resolve: (m) => m.kind }),
    region: t.field({ type: RegionEnum, nullable: true, resolve: (m) => m.region }),
    joinedOn: t.field({
      type: 'Date',
      description: 'When the membership began; for history imported from the archive, possibly only when it was first reported (see note)',
      resolve: (m) => m.joinedOn,
    }),
    leftOn: t.field({ type: 'Date', nullable: true, resolve: (m) => m.leftOn }),
    leaveReason: t.exposeString('leaveReason', { nullable: true }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    renewals: t.field({
      type: [RenewalRef],
      description: 'Membership years renewed for, oldest first',
      resolve: (m, _args, ctx) => ctx.loaders.renewals.load(m.memberId),
    }),
  }),
});

interface RegionCount {
  region: Region;
  members: number;
}

const RegionCountRef = builder.objectRef<RegionCount>('RegionCount').implement({
  fields: (t) => ({
    region: t.field({ type: RegionEnum, resolve: (r) => r.region }),
    members: t.exposeInt('members'),
  }),
});

interface Tracked {
  members: number;
  partnerships: number;
  otherMembers: number;
  byRegion: RegionCount[];
}

const TrackedRef = builder.objectRef<Tracked>('TrackedMembership').implement({
  description: 'Named members in membership on the date, counted from member events (admitted, left)',
  fields: (t) => ({
    members: t.exposeInt('members'),
    partnerships: t.exposeInt('partnerships', { description: 'Members that are safeguarding partnerships' }),
    otherMembers: t.exposeInt('otherMembers', { description: 'Other organisations and individual members' }),
    byRegion: t.field({
      type: [RegionCountRef],
      description: 'Members with a region, for each of the nine regions (zero included)',
      resolve: (r) => r.byRegion,
    }),
  }),
});

const RegionFigureRef = builder.objectRef<ReportRegionRow>('RegionFigure').implement({
  description: 'Partnership members and eligible partnerships in one region, as a report gave them',
  fields: (t) => ({
    region: t.field({ type: RegionEnum, resolve: (r) => r.region }),
    members: t.exposeInt('members'),
    eligible: t.exposeInt('eligible'),
    coverage: t.float({
      nullable: true,
      description: 'members / eligible in percent, one decimal place',
      resolve: (r) => coveragePercent(r.members, r.eligible),
    }),
  }),
});

export const ReportedMembershipRef = builder.objectRef<MembershipReportRow>('ReportedMembership').implement({
  description:
    'Membership figures the association reported. Any figure the source did not give is null; nothing is derived to fill it in except computedCoverage',
  fields: (t) => ({
    reportedOn: t.field({ type: 'Date', resolve: (r) => r.reportedOn }),
    membershipYear: t.exposeString('membershipYear', { nullable: true, description: 'The membership year the figures are for, e.g. 2021-22' }),
    members: t.exposeInt('members', { nullable: true, description: 'Partnerships that were members' }),
    eligible: t.exposeInt('eligible', { nullable: true, description: 'Partnerships that could be members' }),
    coverage: t.float({
      nullable: true,
      description: 'Members as a percentage of eligible partnerships: as the source printed it, else computed from members and eligible',
      resolve: (r) => r.coverage ?? coveragePercent(r.members, r.eligible),
    }),
    computedCoverage: t.float({
      nullable: true,
      description: 'members / eligible in percent (one decimal place), when both were reported; may differ from a printed coverage',
      resolve: (r) => coveragePercent(r.members, r.eligible),
    }),
    target: t.exposeFloat('target', { nullable: true, description: 'The coverage the association aimed for, in percent' }),
    otherMembers: t.exposeInt('otherMembers', {
      nullable: true,
      description: 'Members that are not partnerships (other bodies, individuals), when the report counted them',
    }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    byRegion: t.field({
      type: [RegionFigureRef],
      description: 'The regional breakdown, when the report gave one, in the order it gave it',
      resolve: (r, _args, ctx) => ctx.loaders.reportRegions.load(r.position),
    }),
  }),
});

const MembershipTermsRef = builder.objectRef<MembershipTermsRow>('MembershipTerms').implement({
  description: 'What membership costs, from a date',
  fields: (t) => ({
    effectiveOn: t.field({ type: 'Date', resolve: (m) => m.effectiveOn }),
    standardFee: t.exposeInt('standardFee', { description: 'Whole pounds a partnership pays for a year' }),
    regionalDealFeeBelow: t.exposeInt('regionalDealFeeBelow', {
      nullable: true,
      description: 'Partnerships of a region that join or renew together may pay less than this (whole pounds)',
    }),
    currency: t.string({ resolve: () => 'GBP' }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

interface Snapshot {
  asOf: string;
  /** Set when the membership is seen as the log stood at this position (recorded time). */
  knownAt?: bigint;
}

export const MembershipSnapshotRef = builder.objectRef<Snapshot>('MembershipSnapshot').implement({
  description:
    'The membership on a date: named members counted from member events beside the latest figures the association reported, which may count members it did not name',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (s) => s.asOf }),
    knownAt: t.string({
      nullable: true,
      description: 'The log position this answer is bounded by, when asked as known at a past moment',
      resolve: (s) => s.knownAt?.toString() ?? null,
    }),
    tracked: t.field({ type: TrackedRef, resolve: (s, _args, ctx) => trackedOn(ctx, s) }),
    reported: t.field({
      type: ReportedMembershipRef,
      nullable: true,
      description: 'The latest figures reported on or before asOf',
      resolve: (s, _args, ctx) => ctx.services.membership.latestReport(ASSOCIATION, s.asOf, s.knownAt),
    }),
    terms: t.field({
      type: MembershipTermsRef,
      nullable: true,
      description: 'The membership terms in force on asOf',
      resolve: (s, _args, ctx) => ctx.services.membership.latestTerms(ASSOCIATION, s.asOf, s.knownAt),
    }),
  }),
});

function trackedOn(ctx: Context, snapshot: Snapshot): Tracked {
  const rows = ctx.services.membership.trackedCounts(ASSOCIATION, snapshot.asOf, snapshot.knownAt);
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((n, r) => n + r.members, 0);
  return {
    members: sum(() => true),
    partnerships: sum((r) => r.kind === 'PARTNERSHIP'),
    otherMembers: sum((r) => r.kind !== 'PARTNERSHIP'),
    byRegion: REGIONS.map((region) => ({ region, members: sum((r) => r.region === region) })),
  };
}

const MembershipChangeKindEnum = builder.enumType('MembershipChangeKind', {
  values: ['JOINED', 'LEFT', 'RENEWED', 'FIGURES_REPORTED', 'TERMS_SET'] as const,
});

const MembershipChangeRef = builder.objectRef<MembershipChangeRow>('MembershipChange').implement({
  description: 'A member joining, leaving or renewing, a reported figure, or new terms, on the date it took effect',
  fields: (t) => ({
    kind: t.field({ type: MembershipChangeKindEnum, resolve: (c) => c.kind }),
    date: t.field({ type: 'Date', resolve: (c) => c.effectiveOn }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      resolve: (c, _args, ctx) => (c.memberId ? ctx.loaders.member.load(c.memberId) : null),
    }),
    membershipYear: t.exposeString('membershipYear', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    report: t.field({
      type: ReportedMembershipRef,
      nullable: true,
      resolve: (c, _args, ctx) => (c.kind === 'FIGURES_REPORTED' ? ctx.loaders.membershipReport.load(c.position) : null),
    }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (c) => c.recordedAt }),
  }),
});

const MEMBER_PAGES = { defaultSize: 20, maxSize: 100 };

builder.queryFields((t) => ({
  membership: t.field({
    type: MembershipSnapshotRef,
    description:
      'The membership on a date (effective time, default today); editors and auditors may also ask what the service knew at an instant or log position (recorded time)',
    args: {
      asOf: t.arg({ type: 'Date' }),
      knownAt: t.arg({ type: 'DateTime', description: 'Answer as the service would have at this instant' }),
      atPosition: t.arg.string({ description: AT_POSITION_DESCRIPTION }),
    },
    authScopes: (_root, args) => (args.knownAt || args.atPosition ? STAFF : true),
    resolve: (_root, { asOf, knownAt, atPosition }, ctx) => {
      const snapshot: Snapshot = { asOf: asOf ? requireDate(asOf, 'asOf') : today() };
      const bound = knownBound(ctx, knownAt, atPosition);
      return bound === null ? snapshot : { ...snapshot, knownAt: bound };
    },
  }),
  membershipChanges: t.field({
    type: [MembershipChangeRef],
    description: 'Changes to the membership that took effect from `from` to `to` (inclusive), oldest first',
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => {
      const { from, to } = requireWindow(args.from, args.to);
      return ctx.services.membership.changes(ASSOCIATION, from, to);
    },
  }),
  member: t.field({
    type: MemberRef,
    nullable: true,
    description: 'A member by id (member-… or a global id), with their latest period of membership',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.member.load(localId(String(id), 'Member')),
  }),
  members: t.connection({
    type: MemberRef,
    description: `Named members in membership on a date (default: today), by id. ${pageSizeNote(MEMBER_PAGES)}`,
    args: { asOf: t.arg({ type: 'Date' }), region: t.arg({ type: RegionEnum }) },
    resolve: (_root, args, ctx) => {
      const asOf = args.asOf ? requireDate(args.asOf, 'asOf') : today();
      // Not primed into the member loader: a row here is the period in force on asOf, the loader's the latest.
      return resolveConnection(args, {
        ...MEMBER_PAGES,
        cursor: textCursor('member', ENTITY_ID_PATTERN),
        keyOf: (m: MemberRow) => m.memberId,
        compare: compareText,
        page: (window) => ctx.services.membership.page(ASSOCIATION, asOf, args.region ?? null, window),
      });
    },
  }, { name: 'MemberConnection' }, { name: 'MemberEdge' }),
}));

// ---- mutations ----

const SOURCE = 'Where the fact comes from, e.g. the newsletter issue that reported it';
const NOTE = 'A change note: what is certain about this fact and what is not';

const AdmitMemberInput = builder.inputType('AdmitMemberInput', {
  fields: (t) => ({
    memberId: t.id({
      description:
        'To admit again a person who left; leave it out otherwise. A person gets a new opaque id (namesakes are distinct people); an organisation keeps the id made from its name',
    }),
    name: t.string({ required: true, description: 'In any script; at least one letter or digit' }),
    kind: t.field({ type: MemberKindEnum, defaultValue: 'PARTNERSHIP' }),
    region: t.field({ type: RegionEnum, description: 'Required for a partnership' }),
    joinedOn: t.field({ type: 'Date', required: true }),
    source: t.string({ description: SOURCE }),
    note: t.string({ description: NOTE }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const RecordMemberLeavingInput = builder.inputType('RecordMemberLeavingInput', {
  fields: (t) => ({
    memberId: t.id({ required: true }),
    leftOn: t.field({ type: 'Date', required: true }),
    reason: t.string(),
    source: t.string({ description: SOURCE }),
    note: t.string({ description: NOTE }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const RenewMembershipInput = builder.inputType('RenewMembershipInput', {
  fields: (t) => ({
    memberId: t.id({ required: true }),
    membershipYear: t.string({ required: true, description: 'e.g. 2021-22' }),
    renewedOn: t.field({ type: 'Date', required: true }),
    source: t.string({ description: SOURCE }),
    note: t.string({ description: NOTE }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const RegionFigureInput = builder.inputType('RegionFigureInput', {
  fields: (t) => ({
    region: t.field({ type: RegionEnum, required: true }),
    members: t.int({ required: true }),
    eligible: t.int({ required: true }),
  }),
});

const ReportMembershipFiguresInput = builder.inputType('ReportMembershipFiguresInput', {
  fields: (t) => ({
    reportedOn: t.field({ type: 'Date', required: true }),
    membershipYear: t.string({ description: 'The membership year the figures are for, e.g. 2021-22' }),
    members: t.int({ description: 'Partnerships that are members' }),
    eligible: t.int({ description: 'Partnerships that could be members' }),
    otherMembers: t.int({ description: 'Members that are not partnerships' }),
    coverage: t.float({ description: 'Members as a percentage of eligible partnerships, as the source printed it' }),
    target: t.float({ description: 'The coverage aimed for, in percent' }),
    byRegion: t.field({ type: [RegionFigureInput] }),
    source: t.string({ description: SOURCE }),
    note: t.string({ description: NOTE }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

const SetMembershipTermsInput = builder.inputType('SetMembershipTermsInput', {
  fields: (t) => ({
    effectiveOn: t.field({ type: 'Date', required: true }),
    standardFee: t.int({ required: true, description: 'Whole pounds a partnership pays for a year' }),
    regionalDealFeeBelow: t.int({ description: 'A regional group joining or renewing together may pay less than this' }),
    source: t.string({ description: SOURCE }),
    note: t.string({ description: NOTE }),
    expectedRevision: t.int(),
    idempotencyKey: t.string(),
  }),
});

interface MemberChange {
  member: MemberRow;
  membership: Snapshot;
}

/** The answer to a member mutation: the member now, and the membership on the day it took effect. */
function memberChangeSuccess(name: string) {
  return builder.objectRef<MemberChange>(name).implement({
    fields: (t) => ({
      member: t.field({ type: MemberRef, resolve: (r) => r.member }),
      membership: t.field({
        type: MembershipSnapshotRef,
        description: 'The membership on the date the change took effect',
        resolve: (r) => r.membership,
      }),
    }),
  });
}

const AdmitMemberSuccess = memberChangeSuccess('AdmitMemberSuccess');
const RecordMemberLeavingSuccess = memberChangeSuccess('RecordMemberLeavingSuccess');
const RenewMembershipSuccess = memberChangeSuccess('RenewMembershipSuccess');

function snapshotSuccess(name: string) {
  return builder.objectRef<Snapshot>(name).implement({
    fields: (t) => ({
      membership: t.field({ type: MembershipSnapshotRef, description: 'The membership on the date the fact took effect', resolve: (s) => s }),
    }),
  });
}

const ReportMembershipFiguresSuccess = snapshotSuccess('ReportMembershipFiguresSuccess');
const SetMembershipTermsSuccess = snapshotSuccess('SetMembershipTermsSuccess');

function runMembershipCommand(ctx: Context, command: MembershipCommand, input: MetadataInput) {
  return executeAs(ctx, membershipDecider, membershipStreamId(), command, mutationOptions(input));
}

/** Runs a member command as the signed-in editor and reads the member back. */
async function runMemberCommand(
  ctx: Context,
  command: MembershipCommand,
  memberId: string,
  effectiveOn: string,
  input: MetadataInput,
): Promise<MemberChange> {
  await runMembershipCommand(ctx, command, input);
  ctx.loaders.member.clear(memberId);
  ctx.loaders.renewals.clear(memberId);
  const member = await ctx.loaders.member.load(memberId);
  if (!member) throw new Error(`Member ${memberId} is missing from the read model after its command`);
  return { member, membership: { asOf: effectiveOn } };
}

builder.mutationFields((t) => ({
  admitMember: t.field({
    type: AdmitMemberSuccess,
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'AdmitMemberResult' } },
    args: { input: t.arg({ type: AdmitMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const memberId = input.memberId ? localId(String(input.memberId), 'Member') : newPersonId(ctx, 'member', input.idempotencyKey);
      const data = { memberId, name: input.name, kind: input.kind ?? undefined, region: input.region, joinedOn: input.joinedOn };
      return runMemberCommand(ctx, { type: 'AdmitMember', data }, admittedMemberId(data) ?? memberId, input.joinedOn, input);
    },
  }),
  recordMemberLeaving: t.field({
    type: RecordMemberLeavingSuccess,
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'RecordMemberLeavingResult' } },
    args: { input: t.arg({ type: RecordMemberLeavingInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const memberId = localId(String(input.memberId), 'Member');
      const data = { memberId, leftOn: input.leftOn, reason: input.reason };
      return runMemberCommand(ctx, { type: 'RecordMemberLeaving', data }, memberId, input.leftOn, input);
    },
  }),
  renewMembership: t.field({
    type: RenewMembershipSuccess,
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'RenewMembershipResult' } },
    args: { input: t.arg({ type: RenewMembershipInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const memberId = localId(String(input.memberId), 'Member');
      const data = { memberId, membershipYear: input.membershipYear, renewedOn: input.renewedOn };
      return runMemberCommand(ctx, { type: 'RenewMembership', data }, memberId, input.renewedOn, input);
    },
  }),
  reportMembershipFigures: t.field({
    type: ReportMembershipFiguresSuccess,
    authScopes: { editor: true },
    description: 'Records membership figures the association reported, e.g. "60 of 131 partnerships"',
    errors: { types: MUTATION_ERRORS, union: { name: 'ReportMembershipFiguresResult' } },
    args: { input: t.arg({ type: ReportMembershipFiguresInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const data = {
        reportedOn: input.reportedOn,
        membershipYear: input.membershipYear,
        members: input.members,
        eligible: input.eligible,
        otherMembers: input.otherMembers,
        coverage: input.coverage,
        target: input.target,
        byRegion: input.byRegion,
      };
      await runMembershipCommand(ctx, { type: 'ReportMembershipFigures', data }, input);
      return { asOf: input.reportedOn };
    },
  }),
  setMembershipTerms: t.field({
    type: SetMembershipTermsSuccess,
    authScopes: { editor: true },
    description: 'Records what membership costs from a date',
    errors: { types: MUTATION_ERRORS, union: { name: 'SetMembershipTermsResult' } },
    args: { input: t.arg({ type: SetMembershipTermsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const data = { effectiveOn: input.effectiveOn, standardFee: input.standardFee, regionalDealFeeBelow: input.regionalDealFeeBelow };
      await runMembershipCommand(ctx, { type: 'SetMembershipTerms', data }, input);
      return { asOf: input.effectiveOn };
    },
  }),
}));
