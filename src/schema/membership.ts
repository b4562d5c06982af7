// The association's membership on a date: named members counted from member events beside the
// figures the association reported (often totals without names) and the membership terms, and
// the changes in a window (the mutations that record them are in membershipMutations.ts).
import { ASSOCIATION } from '../domain/board/board.ts';
import { coveragePercent } from '../domain/membership/membership.ts';
import { REGIONS, type Region } from '../events/vocabulary.ts';
import type {
  MemberRow,
  MembershipChangeRow,
  MembershipReportRow,
  MembershipTermsRow,
  ReportRegionRow,
  TrackedCountRow,
} from '../projections/membershipQueries.ts';
import { builder } from './builder.ts';
import {
  dayReadingFields,
  dayReadingKey,
  dayReadingArgs,
  dayReadingOf,
  dayReadingOfArgs,
  type DayReading,
} from './datingReading.ts';
import type { Context } from './context.ts';
import { MemberRef, RegionEnum } from './member.ts';
import { partId } from './shared/identity.ts';
import { requireWindow, staffForRecordedTime, windowArgs } from './shared/arguments.ts';

interface RegionCount {
  /** The key of the membership snapshot the count belongs to. */
  snapshot: string;
  region: Region;
  members: number;
}

const RegionCountRef = builder.objectRef<RegionCount>('RegionCount').implement({
  description: "Named members in one region on the membership snapshot's date",
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the membership snapshot and the region; not accepted by node',
      resolve: (r) => partId('RegionCount', r.snapshot, r.region),
    }),
    region: t.field({ type: RegionEnum, resolve: (r) => r.region }),
    members: t.exposeInt('members'),
  }),
});

interface Tracked {
  /** The key of the membership snapshot counted. */
  snapshot: string;
  members: number;
  partnerships: number;
  otherMembers: number;
  byRegion: RegionCount[];
}

const TrackedRef = builder.objectRef<Tracked>('TrackedMembership').implement({
  description: 'Named members in membership on the date, counted from member events (admitted, left)',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the membership snapshot counted; not accepted by node',
      resolve: (r) => partId('TrackedMembership', r.snapshot),
    }),
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
    id: t.id({
      description: 'Cache key: the report (its log position) and the region; not accepted by node',
      resolve: (r) => partId('RegionFigure', r.position, r.region),
    }),
    region: t.field({ type: RegionEnum, resolve: (r) => r.region }),
    members: t.exposeInt('members'),
    eligible: t.exposeInt('eligible'),
    coverage: t.float({
      nullable: true,
      description: 'Coverage: members / eligible in percent, one decimal place',
      resolve: (r) => coveragePercent(r.members, r.eligible),
    }),
  }),
});

export const ReportedMembershipRef = builder.objectRef<MembershipReportRow>('ReportedMembership').implement({
  description:
    'Membership figures the association reported. Any figure the source did not give is null; nothing is derived to fill it in except computedCoverage',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the event that recorded the report; not accepted by node',
      resolve: (r) => partId('ReportedMembership', r.position),
    }),
    reportedOn: t.field({ type: 'Date', resolve: (r) => r.reportedOn }),
    membershipYear: t.exposeString('membershipYear', {
      nullable: true,
      description: 'The membership year the figures are for, e.g. 2021-22',
    }),
    members: t.exposeInt('members', { nullable: true, description: 'Partnerships that were members' }),
    eligible: t.exposeInt('eligible', { nullable: true, description: 'Partnerships that could be members' }),
    coverage: t.float({
      nullable: true,
      description:
        'Members as a percentage of eligible partnerships: as the source printed it, else computed from members and eligible',
      resolve: (r) => r.coverage ?? coveragePercent(r.members, r.eligible),
    }),
    computedCoverage: t.float({
      nullable: true,
      description:
        'Coverage computed as members / eligible in percent (one decimal place), when both were reported; may differ from a printed coverage',
      resolve: (r) => coveragePercent(r.members, r.eligible),
    }),
    target: t.exposeFloat('target', {
      nullable: true,
      description: 'The coverage the association aimed for, in percent',
    }),
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

/** The membership on one day (see DayReading). */
export type Snapshot = DayReading;

export const MembershipSnapshotRef = builder.objectRef<Snapshot>('MembershipSnapshot');

/** The membership fact of this kind that took effect last with every fact placed on its earliest day. */
const lastBegunOn = (ctx: Context, s: Snapshot, kind: string) =>
  ctx.services.evidence.lastInForce('earliest', ASSOCIATION, 'MEMBERSHIP', kind, s.asOf, s.knownAt);

/** The latest figures reported on or before the day under the snapshot's reading. */
async function reportedOn(ctx: Context, s: Snapshot): Promise<MembershipReportRow | null> {
  if (s.dating !== 'EARLIEST') return ctx.services.membership.latestReport(ASSOCIATION, s.asOf, s.knownAt);
  const begun = lastBegunOn(ctx, s, 'FIGURES_REPORTED');
  return begun ? ctx.loaders.membershipReport.load(begun.position) : null;
}

/** The terms in force on the day under the snapshot's reading. */
function termsOn(ctx: Context, s: Snapshot): MembershipTermsRow | null {
  if (s.dating !== 'EARLIEST') return ctx.services.membership.latestTerms(ASSOCIATION, s.asOf, s.knownAt);
  const begun = lastBegunOn(ctx, s, 'TERMS_SET');
  // The terms recorded on the begun fact's day: no other terms can have taken effect after it began.
  return begun ? ctx.services.membership.latestTerms(ASSOCIATION, begun.latest, s.knownAt) : null;
}

builder.node(MembershipSnapshotRef, {
  id: { resolve: dayReadingKey },
  loadMany: (ids, ctx) => ids.map((id) => dayReadingOf(ctx, id)),
  description:
    'The membership on a date: named members counted from member events beside the latest figures the association reported, which may count members it did not name. Its id names the date, the log position when asked as known at a past moment, and the reading when it is EARLIEST',
  fields: (t) => ({
    ...dayReadingFields(t, 'the membership'),
    tracked: t.field({ type: TrackedRef, resolve: (s, _args, ctx) => trackedOn(ctx, s) }),
    reported: t.field({
      type: ReportedMembershipRef,
      nullable: true,
      description:
        'The latest figures reported on or before asOf (in the EARLIEST reading: the report that may have taken effect last)',
      resolve: (s, _args, ctx) => reportedOn(ctx, s),
    }),
    terms: t.field({
      type: MembershipTermsRef,
      nullable: true,
      description: 'The membership terms in force on asOf',
      resolve: (s, _args, ctx) => termsOn(ctx, s),
    }),
  }),
});

/**
 * The members counted on the day: the read model's counts (every fact on its latest day) and, in
 * the EARLIEST reading, members whose joining interval contains the day counted in, and those whose
 * leaving interval contains it counted out.
 */
async function countsOn(ctx: Context, s: Snapshot): Promise<TrackedCountRow[]> {
  const rows = ctx.services.membership.trackedCounts(ASSOCIATION, s.asOf, s.knownAt);
  if (s.dating !== 'EARLIEST') return rows;
  const open = ctx.services.evidence
    .uncertainOn(ASSOCIATION, 'MEMBERSHIP', s.asOf, s.knownAt)
    .filter((f) => f.personId && (f.kind === 'JOINED' || f.kind === 'LEFT'));
  const members = await Promise.all(open.map((f) => ctx.loaders.member.load(f.personId!)));
  const shifts = open.flatMap((f, i) => {
    const m: MemberRow | null | undefined = members[i];
    return m ? [{ kind: m.kind, region: m.region, members: f.kind === 'JOINED' ? 1 : -1 }] : [];
  });
  return [...rows, ...shifts];
}

async function trackedOn(ctx: Context, snapshotOf: Snapshot): Promise<Tracked> {
  const rows = await countsOn(ctx, snapshotOf);
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((n, r) => n + r.members, 0);
  const snapshot = dayReadingKey(snapshotOf);
  return {
    snapshot,
    members: sum(() => true),
    partnerships: sum((r) => r.kind === 'PARTNERSHIP'),
    otherMembers: sum((r) => r.kind !== 'PARTNERSHIP'),
    byRegion: REGIONS.map((region) => ({ snapshot, region, members: sum((r) => r.region === region) })),
  };
}

const MembershipChangeKindEnum = builder.enumType('MembershipChangeKind', {
  values: ['JOINED', 'LEFT', 'RENEWED', 'FIGURES_REPORTED', 'TERMS_SET'] as const,
});

const MembershipChangeRef = builder.objectRef<MembershipChangeRow>('MembershipChange').implement({
  description: 'A member joining, leaving or renewing, a reported figure, or new terms, on the date it took effect',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the event that recorded the change; not accepted by node',
      resolve: (c) => partId('MembershipChange', c.position),
    }),
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
      resolve: (c, _args, ctx) =>
        c.kind === 'FIGURES_REPORTED' ? ctx.loaders.membershipReport.load(c.position) : null,
    }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (c) => c.recordedAt }),
  }),
});

builder.queryFields((t) => ({
  membership: t.field({
    type: MembershipSnapshotRef,
    description:
      'The membership on a date (effective time, default today); editors and auditors may also ask what the service knew at an instant or log position (recorded time)',
    args: dayReadingArgs(t.arg),
    authScopes: staffForRecordedTime,
    resolve: (_root, args, ctx) => dayReadingOfArgs(ctx, args),
  }),
  membershipChanges: t.field({
    type: [MembershipChangeRef],
    description: 'Changes to the membership that took effect from `from` to `to` (inclusive), oldest first',
    args: windowArgs(t.arg),
    resolve: (_root, args, ctx) => {
      const { from, to } = requireWindow(args.from, args.to);
      return ctx.services.membership.changes(ASSOCIATION, from, to);
    },
  }),
}));
