// Commands on the membership of an association and the rules that accept or refuse them.
//
// Two kinds of fact live here. Member events (admitted, left, renewed) name organisations; the
// association's newsletters mostly give totals instead ("60 of 131"), so a reported figure is a
// fact of its own, kept beside the named members rather than turned into invented names.
import { z } from 'zod';
import { type MembershipEvent } from '../../events/catalogue.ts';
import {
  CalendarDate,
  ENTITY_ID_PATTERN,
  MEMBER_KINDS,
  MEMBERSHIP_YEAR_PATTERN,
  REGIONS,
} from '../../events/vocabulary.ts';
import { assertNever, type Decided as DecidedOf, type Decider } from '../aggregate.ts';
import { dated, datingOf, type DatedInput } from '../dating.ts';
import { fieldError, NotFoundError, parseInput } from '../errors.ts';
import { optionalText, personName } from '../inputs.ts';
import {
  currentPeriod,
  evolve,
  initialState,
  admittedMemberId,
  type MemberState,
  type MembershipPeriod,
  type MembershipState,
} from './membership.ts';

type Decided = DecidedOf<MembershipEvent>;

export const LIMITS = { nameLength: 300, reasonLength: 2_000, count: 100_000, fee: 1_000_000 } as const;

const memberId = z.string().regex(ENTITY_ID_PATTERN, 'must be a member id such as member-sefton');
const count = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(LIMITS.count, `must be at most ${LIMITS.count}`);
const percent = z.number().min(0, 'must be at least 0').max(100, 'must be at most 100');
const orNull = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? null);

/** A membership year written like 2021-22: two consecutive years. */
export const membershipYear = z
  .string()
  .regex(MEMBERSHIP_YEAR_PATTERN, 'must be a membership year such as 2021-22')
  .refine(
    (y) => !MEMBERSHIP_YEAR_PATTERN.test(y) || (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)),
    'must name two consecutive years, e.g. 2021-22',
  );

export const AdmitMemberInput = z
  .object({
    /** An opaque id the caller chose (`member-<uuid>`), or an earlier member's id to admit them again; see admittedMemberId. */
    memberId: memberId.nullish(),
    name: personName(LIMITS.nameLength),
    kind: z.enum(MEMBER_KINDS).default('PARTNERSHIP'),
    region: orNull(z.enum(REGIONS)),
    joinedOn: CalendarDate,
  })
  .superRefine((m, ctx) => {
    if (m.kind === 'PARTNERSHIP' && m.region === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: 'a safeguarding partnership belongs to one of the English regions',
      });
    }
  });

export const RecordMemberLeavingInput = z.object({
  memberId,
  leftOn: CalendarDate,
  reason: optionalText(LIMITS.reasonLength),
});
export const RenewMembershipInput = z.object({ memberId, membershipYear, renewedOn: CalendarDate });

const RegionFigureInput = z.object({ region: z.enum(REGIONS), members: count, eligible: count });

export const ReportMembershipFiguresInput = z
  .object({
    reportedOn: CalendarDate,
    membershipYear: orNull(membershipYear),
    members: orNull(count),
    eligible: orNull(count),
    otherMembers: orNull(count),
    coverage: orNull(percent),
    target: orNull(percent),
    byRegion: z
      .array(RegionFigureInput)
      .max(REGIONS.length, `at most one figure for each of the ${REGIONS.length} regions`)
      .nullish()
      .transform((v) => v ?? []),
  })
  .superRefine((r, ctx) => {
    // Zod runs this even when a field already failed: compare figures only once each is a valid count.
    if (!Array.isArray(r.byRegion)) return;
    const figures = [r.members, r.eligible, ...r.byRegion.flatMap((f) => [f.members, f.eligible])];
    if (!figures.every((n) => n === null || (Number.isInteger(n) && n >= 0))) return;
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (r.members === null && r.coverage === null)
      issue(['members'], 'give the number of members, the coverage, or both');
    if (r.members !== null && r.eligible !== null && r.eligible < r.members) {
      issue(['eligible'], `must be at least the number of members (${r.members})`);
    }
    const seen = new Set<string>();
    r.byRegion.forEach((f, i) => {
      if (f.eligible < f.members)
        issue(['byRegion', i, 'eligible'], `must be at least the region's members (${f.members})`);
      if (seen.has(f.region)) issue(['byRegion', i, 'region'], `${f.region} appears twice`);
      seen.add(f.region);
    });
    const members = r.byRegion.reduce((n, f) => n + f.members, 0);
    const eligible = r.byRegion.reduce((n, f) => n + f.eligible, 0);
    if (r.members !== null && members > r.members) {
      issue(['byRegion'], `the regions' members add up to ${members}, more than the ${r.members} reported in total`);
    }
    if (r.eligible !== null && eligible > r.eligible) {
      issue(
        ['byRegion'],
        `the regions' eligible partnerships add up to ${eligible}, more than the ${r.eligible} reported in total`,
      );
    }
  });

export const SetMembershipTermsInput = z
  .object({
    effectiveOn: CalendarDate,
    standardFee: z.number().int('must be whole pounds').min(0, 'must not be negative').max(LIMITS.fee),
    regionalDealFeeBelow: orNull(z.number().int('must be whole pounds').min(0, 'must not be negative').max(LIMITS.fee)),
  })
  .superRefine((t, ctx) => {
    if (t.regionalDealFeeBelow !== null && Number.isInteger(t.standardFee) && t.regionalDealFeeBelow > t.standardFee) {
      ctx.addIssue({
        code: 'custom',
        path: ['regionalDealFeeBelow'],
        message: `must not exceed the standard fee (${t.standardFee})`,
      });
    }
  });

export type MembershipCommand =
  | { type: 'AdmitMember'; data: z.input<typeof AdmitMemberInput> & DatedInput }
  | { type: 'RecordMemberLeaving'; data: z.input<typeof RecordMemberLeavingInput> }
  | { type: 'RenewMembership'; data: z.input<typeof RenewMembershipInput> }
  | { type: 'ReportMembershipFigures'; data: z.input<typeof ReportMembershipFiguresInput> & DatedInput }
  | { type: 'SetMembershipTerms'; data: z.input<typeof SetMembershipTermsInput> & DatedInput };

/** The member and their open period, or the typed error saying why there is none. */
function requireMember(state: MembershipState, id: string): { member: MemberState; period: MembershipPeriod } {
  const member = state.members[id];
  const period = currentPeriod(member);
  if (!member || !period) throw new NotFoundError('member', id);
  if (period.leftOn !== null) throw fieldError('memberId', `${member.name} left on ${period.leftOn}`);
  return { member, period };
}

function admitMember(data: unknown, state: MembershipState): Decided[] {
  const input = parseInput(AdmitMemberInput, data);
  const id = admittedMemberId(input);
  if (!id)
    throw fieldError(
      'memberId',
      'a person, or an organisation whose name an ASCII id would mangle, is admitted under an opaque id the caller chooses',
    );
  const period = currentPeriod(state.members[id]);
  if (period && period.leftOn === null)
    throw fieldError(
      'name',
      `${input.kind === 'INDIVIDUAL' ? id : input.name} is already a member, since ${period.joinedOn}`,
    );
  if (period?.leftOn && input.joinedOn < period.leftOn) {
    throw fieldError('joinedOn', `must be on or after ${period.leftOn}, when ${input.name} left`);
  }
  const dating = datingOf(data, input.joinedOn, 'joinedOn');
  const event = { type: 'MemberAdmitted', data: { ...input, memberId: id, ...dated(dating) } } as const;
  return [{ event, effectiveAt: input.joinedOn }];
}

function recordMemberLeaving(data: unknown, state: MembershipState): Decided[] {
  const input = parseInput(RecordMemberLeavingInput, data);
  const { member, period } = requireMember(state, input.memberId);
  if (input.leftOn <= period.joinedOn)
    throw fieldError('leftOn', `must be after ${period.joinedOn}, when ${member.name} joined`);
  return [{ event: { type: 'MemberLeft', data: input }, effectiveAt: input.leftOn }];
}

function renewMembership(data: unknown, state: MembershipState): Decided[] {
  const input = parseInput(RenewMembershipInput, data);
  const { member, period } = requireMember(state, input.memberId);
  if (input.renewedOn < period.joinedOn)
    throw fieldError('renewedOn', `must be on or after ${period.joinedOn}, when ${member.name} joined`);
  if (member.renewals.includes(input.membershipYear)) {
    throw fieldError('membershipYear', `${member.name} has already renewed for ${input.membershipYear}`);
  }
  return [{ event: { type: 'MembershipRenewed', data: input }, effectiveAt: input.renewedOn }];
}

function reportMembershipFigures(data: unknown): Decided[] {
  const input = parseInput(ReportMembershipFiguresInput, data);
  const dating = datingOf(data, input.reportedOn, 'reportedOn');
  return [
    {
      event: { type: 'MembershipFiguresReported', data: { ...input, ...dated(dating) } },
      effectiveAt: input.reportedOn,
    },
  ];
}

function setMembershipTerms(data: unknown): Decided[] {
  const input = parseInput(SetMembershipTermsInput, data);
  const dating = datingOf(data, input.effectiveOn, 'effectiveOn');
  return [
    { event: { type: 'MembershipTermsSet', data: { ...input, ...dated(dating) } }, effectiveAt: input.effectiveOn },
  ];
}

export function decide(command: MembershipCommand, state: MembershipState): Decided[] {
  switch (command.type) {
    case 'AdmitMember':
      return admitMember(command.data, state);
    case 'RecordMemberLeaving':
      return recordMemberLeaving(command.data, state);
    case 'RenewMembership':
      return renewMembership(command.data, state);
    case 'ReportMembershipFigures':
      return reportMembershipFigures(command.data);
    case 'SetMembershipTerms':
      return setMembershipTerms(command.data);
    default:
      return assertNever(command);
  }
}

export const membershipDecider: Decider<MembershipState, MembershipCommand, 'membership'> = {
  aggregate: 'membership',
  initialState,
  evolve,
  decide,
};
