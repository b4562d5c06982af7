// Events of an association's membership stream (`membership-<association>`): members admitted,
// leaving and renewing, reported figures and the terms of membership. A member who is a person
// has a personal name and reason for leaving; a partnership's name is public.
import { z } from 'zod';
import { CalendarDate, ENTITY_ID_PATTERN, MEMBER_KINDS, MEMBERSHIP_YEAR_PATTERN, REGIONS } from '../vocabulary.ts';
import { DATED, Dating, DATING_OF_PERSON_PRIVACY, DATING_PRIVACY } from './dating.ts';
import { entry, idOf } from './entry.ts';

const EntityId = z.string().regex(ENTITY_ID_PATTERN);
const Text = z.string().min(1);
const Count = z.number().int().min(0);
const Percent = z.number().min(0).max(100);

const MemberAdmitted = z.object({
  memberId: EntityId,
  name: Text,
  kind: z.enum(MEMBER_KINDS),
  region: z.enum(REGIONS).nullable(),
  joinedOn: CalendarDate,
  dating: Dating.nullish(),
});
const MemberLeft = z.object({ memberId: EntityId, leftOn: CalendarDate, reason: z.string().nullable() });
const MembershipRenewed = z.object({
  memberId: EntityId,
  membershipYear: z.string().regex(MEMBERSHIP_YEAR_PATTERN),
  renewedOn: CalendarDate,
});
const RegionFigure = z.object({ region: z.enum(REGIONS), members: Count, eligible: Count });
const MembershipFiguresReported = z.object({
  reportedOn: CalendarDate,
  membershipYear: z.string().regex(MEMBERSHIP_YEAR_PATTERN).nullable(),
  members: Count.nullable(),
  eligible: Count.nullable(),
  otherMembers: Count.nullable(),
  /** The share of eligible partnerships that are members, in percent, as the source printed it. */
  coverage: Percent.nullable(),
  /** The share the association aims for, in percent. */
  target: Percent.nullable(),
  byRegion: z.array(RegionFigure),
  dating: Dating.nullish(),
});
const MembershipTermsSet = z.object({
  effectiveOn: CalendarDate,
  /** Whole pounds sterling a partnership pays for a year. */
  standardFee: Count,
  /** A regional group that joins or renews together may pay less than this, in whole pounds. */
  regionalDealFeeBelow: Count.nullable(),
  dating: Dating.nullish(),
});
export type RegionFigureData = z.infer<typeof RegionFigure>;

/**
 * A membership report placed in the log, as the evidence read model holds it and the domain's
 * conflict rule reads it: the figures MembershipFiguresReported gave, its log position and the
 * interval its date is known to lie in.
 */
export interface DatedFigures {
  /** The log position of the report: identifies it. */
  position: bigint;
  membershipYear: string | null;
  members: number | null;
  eligible: number | null;
  /** The interval the report's date is known to lie in (earliest == latest when printed). */
  earliest: string;
  latest: string;
  source: string | null;
}

export const membershipEvents = {
  MemberAdmitted: entry({
    aggregate: 'membership',
    visibility: 'public',
    ...DATED,
    schema: MemberAdmitted,
    // Only a member who is a person has personal data; a partnership's name is public.
    privacy: {
      subjects: (d) => (d.kind === 'INDIVIDUAL' ? idOf('memberId')(d) : []),
      fields: {
        memberId: 'public',
        name: 'personal',
        kind: 'public',
        region: 'public',
        joinedOn: 'public',
        dating: DATING_OF_PERSON_PRIVACY,
      },
    },
  }),
  MemberLeft: entry({
    aggregate: 'membership',
    visibility: 'public',
    noteField: 'reason',
    schemaVersion: 1,
    schema: MemberLeft,
    privacy: { subjects: idOf('memberId'), fields: { memberId: 'public', leftOn: 'public', reason: 'personal' } },
  }),
  MembershipRenewed: entry({
    aggregate: 'membership',
    visibility: 'public',
    schemaVersion: 1,
    schema: MembershipRenewed,
    privacy: {
      subjects: idOf('memberId'),
      fields: { memberId: 'public', membershipYear: 'public', renewedOn: 'public' },
    },
  }),
  MembershipFiguresReported: entry({
    aggregate: 'membership',
    visibility: 'public',
    ...DATED,
    schema: MembershipFiguresReported,
    privacy: {
      fields: {
        reportedOn: 'public',
        membershipYear: 'public',
        members: 'public',
        eligible: 'public',
        otherMembers: 'public',
        coverage: 'public',
        target: 'public',
        byRegion: { fields: { region: 'public', members: 'public', eligible: 'public' } },
        dating: DATING_PRIVACY,
      },
    },
  }),
  MembershipTermsSet: entry({
    aggregate: 'membership',
    visibility: 'public',
    ...DATED,
    schema: MembershipTermsSet,
    privacy: {
      fields: { effectiveOn: 'public', standardFee: 'public', regionalDealFeeBelow: 'public', dating: DATING_PRIVACY },
    },
  }),
};
