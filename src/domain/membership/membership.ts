// The membership of an association, rebuilt from its stream: every member's periods of
// membership and the years they renewed for, which is what the membership rules need.
import type { MembershipEvent } from '../../events/catalogue.ts';
import type { MemberKind, Region } from '../../events/vocabulary.ts';
import { streams } from '../../events/streams.ts';
import { assertNever } from '../aggregate.ts';
import { ASSOCIATION } from '../board/board.ts';
import { slugFromName, slugKeepsEveryLetter } from '../inputs.ts';

export interface MembershipPeriod {
  joinedOn: string;
  /** The day the member left; they are not a member on that day. */
  leftOn: string | null;
}

export interface MemberState {
  memberId: string;
  name: string;
  kind: MemberKind;
  region: Region | null;
  /** Oldest first; only the last may be open. */
  periods: MembershipPeriod[];
  /** Membership years renewed for, e.g. 2021-22. */
  renewals: string[];
}

export interface MembershipState {
  members: Readonly<Record<string, MemberState>>;
}

export const initialState = (): MembershipState => ({ members: {} });

export const membershipStreamId = (association: string = ASSOCIATION): string => streams.membership(association);

/** `member-` and a slug of an organisation's name (empty slug when it has no ASCII letter or digit). */
export const memberIdFor = (name: string): string => `member-${slugFromName(name)}`;

/**
 * The id a member is admitted under. An organisation keeps a readable id made from its name, so
 * the same partnership named twice is one member; a person, or an organisation whose name has no
 * ASCII letter or digit, gets the opaque id the caller chose (`member-<uuid>`), which says nothing
 * of the name, so namesakes are distinct people. An organisation whose name has letters an ASCII
 * slug would drop (`Łódź` would become `member-odz`) gets the opaque id too.
 */
export function admittedMemberId(input: {
  name: string;
  kind?: MemberKind | null;
  memberId?: string | null;
}): string | null {
  if (input.kind === 'INDIVIDUAL') return input.memberId ?? null;
  const readable = memberIdFor(input.name.trim());
  return readable === 'member-' || !slugKeepsEveryLetter(input.name) ? (input.memberId ?? null) : readable;
}

export function currentPeriod(member: MemberState | undefined): MembershipPeriod | null {
  return member?.periods.at(-1) ?? null;
}

function withMember(state: MembershipState, member: MemberState): MembershipState {
  return { members: { ...state.members, [member.memberId]: member } };
}

export function evolve(state: MembershipState, event: MembershipEvent): MembershipState {
  switch (event.type) {
    case 'MemberAdmitted': {
      const { memberId, name, kind, region, joinedOn } = event.data;
      const earlier = state.members[memberId];
      return withMember(state, {
        memberId,
        name,
        kind,
        region,
        periods: [...(earlier?.periods ?? []), { joinedOn, leftOn: null }],
        renewals: earlier?.renewals ?? [],
      });
    }
    case 'MemberLeft': {
      const member = state.members[event.data.memberId];
      const period = currentPeriod(member);
      if (!member || !period) return state;
      return withMember(state, {
        ...member,
        periods: [...member.periods.slice(0, -1), { ...period, leftOn: event.data.leftOn }],
      });
    }
    case 'MembershipRenewed': {
      const member = state.members[event.data.memberId];
      if (!member) return state;
      return withMember(state, { ...member, renewals: [...member.renewals, event.data.membershipYear] });
    }
    case 'MembershipFiguresReported':
    case 'MembershipTermsSet':
      return state;
    default:
      return assertNever(event);
  }
}

/** Members as a percentage of those eligible, to one decimal place; null when either is unknown. */
export function coveragePercent(members: number | null, eligible: number | null): number | null {
  if (members === null || eligible === null || eligible === 0) return null;
  return Math.round((members / eligible) * 1000) / 10;
}
