// What the board and membership answers rest on: uncertain dates as intervals, how old the
// evidence is, the size as a range where the evidence only bounds it, and reports that contradict
// each other. Added to the Board, MembershipSnapshot and ReportedMembership types from here.
import type { ObjectRef } from '@pothos/core';
import DataLoader from 'dataloader';
import { ASSOCIATION } from '../domain/board/board.ts';
import { findConflicts, yearOfReport, type FiguresConflict } from '../domain/membership/conflicts.ts';
import type { DatedFactRow, EvidenceSourceRow, EvidenceSubject } from '../projections/evidenceQueries.ts';
import type { MembershipReportRow } from '../projections/membershipQueries.ts';
import { BoardRef, TrusteeRef } from './board.ts';
import { boardEstimateOf } from './boardEvidence.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { MemberRef } from './member.ts';
import { MembershipSnapshotRef, ReportedMembershipRef } from './membership.ts';
import { partId } from './shared/identity.ts';

/** When something took effect, as far as the evidence allows. */
interface Interval {
  earliest: string;
  latest: string;
  note: string | null;
  /** The log position of the event that recorded the fact. */
  position: bigint;
}

const DateIntervalRef = builder.objectRef<Interval>('DateInterval').implement({
  description:
    'When a fact took effect, as far as the evidence allows: no earlier than earliest, no later than latest. Answers for a day count the fact from latest; exact when the source printed the date',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the fact; not accepted by node',
      resolve: (i) => partId('DateInterval', i.position),
    }),
    earliest: t.field({
      type: 'Date',
      description: 'The first day the fact can have taken effect',
      resolve: (i) => i.earliest,
    }),
    latest: t.field({
      type: 'Date',
      description: 'The day the fact is recorded on and counted from',
      resolve: (i) => i.latest,
    }),
    exact: t.boolean({
      description: 'True when earliest and latest are the same day',
      resolve: (i) => i.earliest === i.latest,
    }),
    note: t.exposeString('note', {
      nullable: true,
      description:
        'Why these bounds: the events in the source that fix them. On a fact about a person it is sealed with their key in the log and reads [erased] once they are erased',
    }),
  }),
});

export const EvidenceSubjectEnum = builder.enumType('EvidenceSubject', {
  description: 'What a fact is about: the board of trustees or the membership',
  values: ['BOARD', 'MEMBERSHIP'] as const,
});

const EvidenceRef = builder.objectRef<EvidenceSourceRow>('Evidence').implement({
  description: 'A source an answer rests on and the latest day a fact from it took effect, up to the day asked about',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the source and the date; not accepted by node',
      resolve: (e) => partId('Evidence', e.source, e.date),
    }),
    source: t.exposeString('source', {
      nullable: true,
      description:
        'Where the fact was reported, e.g. "TASP newsletter, Spring 2021"; null for facts recorded without one',
    }),
    date: t.field({
      type: 'Date',
      description: 'The latest day a fact from this source took effect, on or before the day asked about',
      resolve: (e) => e.date,
    }),
  }),
});

export const DatedFactRef = builder.objectRef<DatedFactRow>('DatedFact').implement({
  description: 'A fact about the board or the membership with the interval its date is known to lie in',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the event that recorded the fact; not accepted by node',
      resolve: (f) => partId('DatedFact', f.position),
    }),
    subject: t.field({
      type: EvidenceSubjectEnum,
      description: 'Whether the fact is about the board or the membership',
      resolve: (f) => f.subject,
    }),
    kind: t.exposeString('kind', {
      description:
        'APPOINTED, ROLE_CHANGED, STOOD_DOWN or SIZE_REPORTED for the board; JOINED, LEFT, RENEWED, FIGURES_REPORTED or TERMS_SET for the membership',
    }),
    effectiveAt: t.field({
      type: DateIntervalRef,
      description: 'When the fact took effect, as far as the evidence allows',
      resolve: (f) => f,
    }),
    source: t.exposeString('source', {
      nullable: true,
      description: 'Where the fact was reported, e.g. "TASP newsletter, Spring 2021"',
    }),
    position: t.string({
      description: 'The log position of the event that recorded it',
      resolve: (f) => f.position.toString(),
    }),
    trustee: t.field({
      type: TrusteeRef,
      nullable: true,
      description: 'For a fact about one trustee: who',
      resolve: (f, _args, ctx) => (f.subject === 'BOARD' && f.personId ? ctx.loaders.trustee.load(f.personId) : null),
    }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: 'For a fact about one member: who',
      resolve: (f, _args, ctx) =>
        f.subject === 'MEMBERSHIP' && f.personId ? ctx.loaders.member.load(f.personId) : null,
    }),
    size: t.exposeInt('size', { nullable: true, description: 'For SIZE_REPORTED: the number of trustees reported' }),
    members: t.exposeInt('members', {
      nullable: true,
      description: 'For FIGURES_REPORTED: partnerships that were members',
    }),
    eligible: t.exposeInt('eligible', {
      nullable: true,
      description: 'For FIGURES_REPORTED: partnerships that could be members',
    }),
  }),
});

const ConstitutionVerdictEnum = builder.enumType('ConstitutionVerdict', {
  description:
    'Whether the board met its constitution: UNKNOWN when nothing is known or the evidence allows both answers',
  values: ['YES', 'NO', 'UNKNOWN'] as const,
});

/** A day an answer is about, and the log position it is bounded by when asked as known at a past moment. */
interface Day {
  asOf: string;
  knownAt?: bigint;
}

/** The schema types of this builder, as its object refs carry them. */
type Types = typeof BoardRef extends ObjectRef<infer T, infer _S> ? T : never;

/** Adds the staleness and certainty fields every board and membership answer carries. */
function addEvidenceFields<T extends Day>(ref: ObjectRef<Types, T>, subject: EvidenceSubject): void {
  builder.objectFields(ref, (t) => ({
    lastEvidenceOn: t.field({
      type: 'Date',
      nullable: true,
      description:
        'The day of the latest fact this answer rests on (on or before asOf); a frontend can say "as last reported on …". Null when nothing is known yet',
      resolve: (d, _args, ctx) => ctx.services.evidence.lastEvidenceOn(ASSOCIATION, subject, d.asOf, d.knownAt),
    }),
    evidence: t.field({
      type: [EvidenceRef],
      description: 'The sources of the facts this answer rests on, with the latest day of each, newest first',
      resolve: (d, _args, ctx) => ctx.services.evidence.sources(ASSOCIATION, subject, d.asOf, d.knownAt),
    }),
    certain: t.boolean({
      description:
        'False when a fact dated only by an interval may or may not have taken effect on asOf (its interval contains asOf and ends after it); such facts are listed in uncertainFacts and not counted yet',
      resolve: (d, _args, ctx) =>
        ctx.services.evidence.uncertainOn(ASSOCIATION, subject, d.asOf, d.knownAt).length === 0,
    }),
    uncertainFacts: t.field({
      type: [DatedFactRef],
      description: 'Facts that may or may not have taken effect on asOf, by their latest day',
      resolve: (d, _args, ctx) => ctx.services.evidence.uncertainOn(ASSOCIATION, subject, d.asOf, d.knownAt),
    }),
  }));
}

addEvidenceFields(BoardRef, 'BOARD');
addEvidenceFields(MembershipSnapshotRef, 'MEMBERSHIP');

builder.objectFields(BoardRef, (t) => ({
  sizeAtLeast: t.int({
    description:
      'The smallest size the evidence allows on asOf: differs from size when a fact dated by an interval may already hold (0 before anything is known)',
    resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).sizeAtLeast,
  }),
  sizeAtMost: t.int({
    nullable: true,
    description: 'The largest size the evidence allows on asOf; null when nothing about the board is known by then',
    resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).sizeAtMost,
  }),
  constitutionMet: t.field({
    type: ConstitutionVerdictEnum,
    description:
      'YES when every size the evidence allows lies between the minimum and the maximum, NO when none does, otherwise UNKNOWN (replaces meetsConstitution)',
    resolve: (b, _args, ctx) => boardEstimateOf(ctx, b).constitutionMet,
  }),
}));

// ---- contradictions between reported membership figures ----

const conflictLoaders = new WeakMap<Context, DataLoader<string, FiguresConflict[]>>();

/** The conflicts each report (by log position) is part of; every report's, read at once per request. */
function conflictsOf(ctx: Context, position: bigint): Promise<FiguresConflict[]> {
  let loader = conflictLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, FiguresConflict[]>(async (keys) => {
      const all = findConflicts(ctx.services.evidence.figures(ASSOCIATION));
      return keys.map((k) => all.filter((c) => String(c.earlier.position) === k || String(c.later.position) === k));
    });
    conflictLoaders.set(ctx, loader);
  }
  return loader.load(String(position));
}

const factLoaders = new WeakMap<Context, DataLoader<string, DatedFactRow | null>>();

function factAt(ctx: Context, position: bigint): Promise<DatedFactRow | null> {
  let loader = factLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, DatedFactRow | null>(async (keys) =>
      keys.map((k) => ctx.services.evidence.factAt(ASSOCIATION, BigInt(k))),
    );
    factLoaders.set(ctx, loader);
  }
  return loader.load(String(position));
}

builder.objectFields(ReportedMembershipRef, (t) => ({
  effectiveAt: t.field({
    type: DateIntervalRef,
    description: 'When the figures held, as far as the evidence allows; reportedOn is its latest day',
    resolve: async (r, _args, ctx) =>
      (await factAt(ctx, r.position)) ?? {
        earliest: r.reportedOn,
        latest: r.reportedOn,
        note: null,
        position: r.position,
      },
  }),
  inferredMembershipYear: t.string({
    nullable: true,
    description:
      'The membership year (April to March) the figures are about: the one printed, else the one the whole dating interval falls in, else null',
    resolve: async (r, _args, ctx) => {
      const fact = await factAt(ctx, r.position);
      return yearOfReport({
        membershipYear: r.membershipYear,
        earliest: fact?.earliest ?? r.reportedOn,
        latest: r.reportedOn,
      });
    },
  }),
  conflictsWith: t.field({
    type: [ReportedMembershipRef],
    description:
      'Other reports about the same membership year that cannot both be right with this one (a different number eligible, or fewer members later with no departure reported); both are kept as printed',
    resolve: async (r, _args, ctx) => {
      const others = (await conflictsOf(ctx, r.position)).map((c) =>
        c.earlier.position === r.position ? c.later.position : c.earlier.position,
      );
      const rows = await Promise.all(others.map((p) => ctx.loaders.membershipReport.load(p)));
      return rows.filter((row): row is MembershipReportRow => row !== null);
    },
  }),
}));
