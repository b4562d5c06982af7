// The editor mutations on the membership: admit members, record them leaving, renew them, and
// record the figures and terms the association reported. Each answers with the membership on the
// day the change took effect.
import { membershipDecider, type MembershipCommand } from '../domain/membership/decide.ts';
import { membershipStreamId } from '../domain/membership/membership.ts';
import type { MemberRow } from '../projections/membershipQueries.ts';
import { builder, type Types } from './builder.ts';
import { datingField, datingFor } from './datingInput.ts';
import { today } from './scalars.ts';
import type { Context } from './context.ts';
import { MemberKindEnum, MemberRef, RegionEnum } from './member.ts';
import { MembershipSnapshotRef, type Snapshot } from './membership.ts';
import { localId } from './shared/arguments.ts';
import { newPersonId } from './shared/commands.ts';
import { command, editorMutation, reload } from './shared/editorMutation.ts';
import { commandFields, factFields, mutationOptions, type FactInput } from './shared/inputFields.ts';

interface MemberChange {
  member: MemberRow;
  membership: Snapshot;
}

/**
 * The membership today after the change, with the id membership (no arguments) has: a client cache
 * updates a watched membership query from the answer, with no refetch.
 */
function currentMembershipField(t: PothosSchemaTypes.ObjectFieldBuilder<Types, unknown>) {
  return t.field({
    type: MembershipSnapshotRef,
    description: 'The membership today, after the change (the state membership answers with no arguments)',
    resolve: (): Snapshot => ({ asOf: today() }),
  });
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
      currentMembership: currentMembershipField(t),
    }),
  });
}

/** The answer to a mutation recording reported figures or terms: the membership on the day they took effect. */
function snapshotSuccess(name: string) {
  return builder.objectRef<Snapshot>(name).implement({
    fields: (t) => ({
      membership: t.field({
        type: MembershipSnapshotRef,
        description: 'The membership on the date the fact took effect',
        resolve: (s) => s,
      }),
      currentMembership: currentMembershipField(t),
    }),
  });
}

async function memberChange(ctx: Context, memberId: string, effectiveOn: string): Promise<MemberChange> {
  return { member: await reload(ctx.loaders.member, memberId, 'Member'), membership: { asOf: effectiveOn } };
}

const membershipCommand = (cmd: MembershipCommand, input: FactInput) =>
  command(membershipDecider, membershipStreamId(), cmd, mutationOptions(input));

editorMutation('admitMember', {
  success: memberChangeSuccess,
  input: (t) => ({
    memberId: t.id({
      description:
        'To admit again a person who left; leave it out otherwise. A person gets a new opaque id (namesakes are distinct people); an organisation keeps the id made from its name',
    }),
    name: t.string({ required: true, description: 'In any script; at least one letter or digit' }),
    kind: t.field({ type: MemberKindEnum, defaultValue: 'PARTNERSHIP' }),
    region: t.field({ type: RegionEnum, description: 'Required for a partnership' }),
    joinedOn: t.field({ type: 'Date', required: true }),
    ...datingField(t),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input, ctx) => {
    const memberId = input.memberId
      ? localId(input.memberId, 'Member')
      : newPersonId(ctx, 'member', input.idempotencyKey);
    const data = {
      memberId,
      name: input.name,
      kind: input.kind ?? undefined,
      region: input.region,
      joinedOn: input.joinedOn,
      dating: datingFor(input, input.joinedOn),
    };
    return membershipCommand({ type: 'AdmitMember', data }, input);
  },
  // An organisation is admitted under the id made from its name, not the one proposed: the event says which.
  readBack: async (recorded, input, ctx) =>
    memberChange(ctx, await recorded.id('MemberAdmitted', 'memberId'), input.joinedOn),
});

editorMutation('recordMemberLeaving', {
  success: memberChangeSuccess,
  input: (t) => ({
    memberId: t.id({ required: true }),
    leftOn: t.field({ type: 'Date', required: true }),
    reason: t.string(),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input) => {
    const data = { memberId: localId(input.memberId, 'Member'), leftOn: input.leftOn, reason: input.reason };
    return membershipCommand({ type: 'RecordMemberLeaving', data }, input);
  },
  readBack: async (recorded, input, ctx) =>
    memberChange(ctx, await recorded.id('MemberLeft', 'memberId'), input.leftOn),
});

editorMutation('renewMembership', {
  success: memberChangeSuccess,
  input: (t) => ({
    memberId: t.id({ required: true }),
    membershipYear: t.string({ required: true, description: 'e.g. 2021-22' }),
    renewedOn: t.field({ type: 'Date', required: true }),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: (input) => {
    const data = {
      memberId: localId(input.memberId, 'Member'),
      membershipYear: input.membershipYear,
      renewedOn: input.renewedOn,
    };
    return membershipCommand({ type: 'RenewMembership', data }, input);
  },
  readBack: async (recorded, input, ctx) =>
    memberChange(ctx, await recorded.id('MembershipRenewed', 'memberId'), input.renewedOn),
});

const RegionFigureInput = builder.inputType('RegionFigureInput', {
  fields: (t) => ({
    region: t.field({ type: RegionEnum, required: true }),
    members: t.int({ required: true }),
    eligible: t.int({ required: true }),
  }),
});

editorMutation('reportMembershipFigures', {
  description: 'Records membership figures the association reported, e.g. "60 of 131 partnerships"',
  success: snapshotSuccess,
  input: (t) => ({
    reportedOn: t.field({ type: 'Date', required: true }),
    membershipYear: t.string({ description: 'The membership year the figures are for, e.g. 2021-22' }),
    members: t.int({ description: 'Partnerships that are members' }),
    eligible: t.int({ description: 'Partnerships that could be members' }),
    otherMembers: t.int({ description: 'Members that are not partnerships' }),
    coverage: t.float({ description: 'Members as a percentage of eligible partnerships, as the source printed it' }),
    target: t.float({ description: 'The coverage aimed for, in percent' }),
    byRegion: t.field({ type: [RegionFigureInput] }),
    ...datingField(t),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: ({ source, note, expectedRevision, idempotencyKey, ...data }) =>
    membershipCommand(
      { type: 'ReportMembershipFigures', data: { ...data, dating: datingFor(data, data.reportedOn) } },
      { source, note, expectedRevision, idempotencyKey },
    ),
  readBack: (_recorded, input) => ({ asOf: input.reportedOn }),
});

editorMutation('setMembershipTerms', {
  description: 'Records what membership costs from a date',
  success: snapshotSuccess,
  input: (t) => ({
    effectiveOn: t.field({ type: 'Date', required: true }),
    standardFee: t.int({ required: true, description: 'Whole pounds a partnership pays for a year' }),
    regionalDealFeeBelow: t.int({
      description: 'A regional group joining or renewing together may pay less than this',
    }),
    ...datingField(t),
    ...factFields(t),
    ...commandFields(t),
  }),
  command: ({ source, note, expectedRevision, idempotencyKey, ...data }) =>
    membershipCommand(
      { type: 'SetMembershipTerms', data: { ...data, dating: datingFor(data, data.effectiveOn) } },
      { source, note, expectedRevision, idempotencyKey },
    ),
  readBack: (_recorded, input) => ({ asOf: input.effectiveOn }),
});
