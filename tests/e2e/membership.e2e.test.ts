import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDITOR_TOKEN,
  expectDenied,
  expectRefused as expectRefusedVia,
  mutate as mutateVia,
  startTestServer,
  type MutationResult,
  type TestServer,
} from '../support/server.ts';

const RESULT_FIELDS = `
  __typename
  ... on Error { message code }
  ... on ValidationError { fields { path message } }
  ... on NotFoundError { resource identifier }`;

const ADMIT = `mutation($input: AdmitMemberInput!) {
  admitMember(input: $input) {
    ${RESULT_FIELDS}
    ... on AdmitMemberSuccess { member { id memberId name kind region joinedOn } membership { tracked { members } } }
  }
}`;
const LEAVE = `mutation($input: RecordMemberLeavingInput!) {
  recordMemberLeaving(input: $input) { ${RESULT_FIELDS} ... on RecordMemberLeavingSuccess { member { leftOn leaveReason } } }
}`;
const RENEW = `mutation($input: RenewMembershipInput!) {
  renewMembership(input: $input) { ${RESULT_FIELDS} ... on RenewMembershipSuccess { member { renewals { membershipYear renewedOn } } } }
}`;
const REPORT = `mutation($input: ReportMembershipFiguresInput!) {
  reportMembershipFigures(input: $input) {
    ${RESULT_FIELDS}
    ... on ReportMembershipFiguresSuccess { membership { reported { members eligible coverage } } }
  }
}`;
const TERMS = `mutation($input: SetMembershipTermsInput!) {
  setMembershipTerms(input: $input) { ${RESULT_FIELDS} ... on SetMembershipTermsSuccess { membership { terms { standardFee } } } }
}`;

const SNAPSHOT = `query($asOf: Date) {
  membership(asOf: $asOf) {
    asOf
    tracked { members partnerships otherMembers byRegion { region members } }
    reported { members eligible coverage computedCoverage target otherMembers membershipYear reportedOn source note
               byRegion { region members eligible coverage } }
    terms { standardFee regionalDealFeeBelow currency effectiveOn }
  }
}`;

type Result = MutationResult;
interface Snapshot {
  asOf: string;
  tracked: {
    members: number;
    partnerships: number;
    otherMembers: number;
    byRegion: { region: string; members: number }[];
  };
  reported: {
    members: number | null;
    eligible: number | null;
    coverage: number | null;
    computedCoverage: number | null;
    target: number | null;
    otherMembers: number | null;
    membershipYear: string | null;
    reportedOn: string;
    source: string | null;
    note: string | null;
    byRegion: { region: string; members: number; eligible: number; coverage: number }[];
  } | null;
  terms: { standardFee: number; regionalDealFeeBelow: number | null; currency: string; effectiveOn: string } | null;
}

describe('membership over HTTP', () => {
  let server: TestServer;

  async function membership(asOf: string): Promise<Snapshot> {
    const res = await server.gql<{ membership: Snapshot }>(SNAPSHOT, { asOf });
    expect(res.errors).toBeUndefined();
    return res.data!.membership;
  }

  const mutate = (query: string, input: Record<string, unknown>, token?: string) =>
    mutateVia(server, query, input, token);
  const expectRefused = (query: string, input: Record<string, unknown>, typename: string) =>
    expectRefusedVia(server, query, input, typename);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers mid-2022 with the reported 78 of 137, its regional table, and the named members beside it', async () => {
    const m = await membership('2022-06-01');
    expect(m.reported).toMatchObject({
      members: 78,
      eligible: 137,
      coverage: 61,
      computedCoverage: 56.9,
      otherMembers: 9,
      membershipYear: '2021-22',
      reportedOn: '2022-05-20',
      source: 'TASP newsletter, Spring 2022',
    });
    expect(m.reported!.byRegion.map((r) => [r.region, r.members, r.eligible])).toEqual([
      ['YORKSHIRE_AND_THE_HUMBER', 12, 14],
      ['NORTH_WEST', 6, 21],
      ['NORTH_EAST', 4, 10],
      ['WEST_MIDLANDS', 12, 14],
      ['EAST_MIDLANDS', 5, 8],
      ['EAST_OF_ENGLAND', 8, 11],
      ['LONDON', 18, 30],
      ['SOUTH_WEST', 3, 12],
      ['SOUTH_EAST', 10, 17],
    ]);
    expect(m.reported!.byRegion.find((r) => r.region === 'YORKSHIRE_AND_THE_HUMBER')?.coverage).toBe(85.7);
    expect(m.tracked).toMatchObject({ members: 3, partnerships: 3, otherMembers: 0 });
    expect(m.tracked.byRegion).toHaveLength(9);
    expect(
      m.tracked.byRegion
        .filter((r) => r.members > 0)
        .map((r) => r.region)
        .sort(),
    ).toEqual(['LONDON', 'NORTH_WEST', 'SOUTH_EAST']);
    expect(m.terms).toEqual({
      standardFee: 1500,
      regionalDealFeeBelow: 1000,
      currency: 'GBP',
      effectiveOn: '2022-05-20',
    });
  });

  it('answers each earlier date with the report then in force, nulls where the newsletter gave no figure', async () => {
    expect((await membership('2020-06-01')).reported).toBeNull();
    expect((await membership('2021-01-01')).reported).toMatchObject({
      members: 60,
      eligible: 131,
      coverage: 45.8,
      target: 50,
    });
    expect((await membership('2021-04-01')).reported).toMatchObject({
      members: 63,
      eligible: null,
      coverage: null,
      membershipYear: '2020-21',
    });
    expect((await membership('2021-09-01')).reported).toMatchObject({ members: 83, eligible: 131, otherMembers: null });
    expect((await membership('2023-07-01')).reported).toMatchObject({ members: 78, eligible: 137 });
    expect((await membership('2023-09-06')).reported).toMatchObject({
      members: null,
      eligible: null,
      coverage: 72,
      target: 75,
      byRegion: [],
    });
  });

  it('lists membership changes in a window, oldest first', async () => {
    const res = await server.gql<{
      membershipChanges: {
        kind: string;
        date: string;
        member: { name: string } | null;
        report: { members: number | null } | null;
      }[];
    }>('{ membershipChanges(from: "2021-01-01", to: "2021-12-31") { kind date member { name } report { members } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.membershipChanges.map((c) => [c.kind, c.date, c.member?.name ?? c.report?.members])).toEqual([
      ['JOINED', '2021-02-22', 'Greenwich'],
      ['JOINED', '2021-02-22', 'Sefton'],
      ['JOINED', '2021-02-22', 'Buckinghamshire'],
      ['FIGURES_REPORTED', '2021-02-22', 63],
      ['FIGURES_REPORTED', '2021-08-12', 83],
    ]);
  });

  describe('editor-only mutations', () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['admitMember', ADMIT, { name: 'Kent', region: 'SOUTH_EAST', joinedOn: '2030-01-01' }],
      ['recordMemberLeaving', LEAVE, { memberId: 'member-sefton', leftOn: '2030-01-01' }],
      ['renewMembership', RENEW, { memberId: 'member-sefton', membershipYear: '2030-31', renewedOn: '2030-04-01' }],
      ['reportMembershipFigures', REPORT, { reportedOn: '2030-01-01', members: 90, eligible: 137 }],
      ['setMembershipTerms', TERMS, { effectiveOn: '2030-01-01', standardFee: 1600 }],
    ];

    it.each(cases)('%s without a token is UNAUTHENTICATED and appends nothing', async (_name, query, input) => {
      await expectDenied(server, query, input, 'UNAUTHENTICATED');
    });

    it.each(cases)('%s from an auditor is FORBIDDEN and appends nothing', async (_name, query, input) => {
      await expectDenied(server, query, input, 'FORBIDDEN', AUDITOR_TOKEN);
    });
  });

  it('admits, renews and records the leaving of a member', async () => {
    const admitted = await mutate(ADMIT, {
      name: 'Kent',
      region: 'SOUTH_EAST',
      joinedOn: '2030-01-01',
      source: 'Membership register',
    });
    expect(admitted).toMatchObject({
      __typename: 'AdmitMemberSuccess',
      member: {
        memberId: 'member-kent',
        name: 'Kent',
        kind: 'PARTNERSHIP',
        region: 'SOUTH_EAST',
        joinedOn: '2030-01-01',
      },
      membership: { tracked: { members: 4 } },
    });
    const renewed = await mutate(RENEW, {
      memberId: (admitted.member as { id: string }).id,
      membershipYear: '2030-31',
      renewedOn: '2030-04-01',
    });
    expect(renewed).toMatchObject({ member: { renewals: [{ membershipYear: '2030-31', renewedOn: '2030-04-01' }] } });
    expect(
      await mutate(LEAVE, { memberId: 'member-kent', leftOn: '2031-04-01', reason: 'Did not renew' }),
    ).toMatchObject({
      __typename: 'RecordMemberLeavingSuccess',
      member: { leftOn: '2031-04-01', leaveReason: 'Did not renew' },
    });
    const members = await server.gql<{ members: { edges: { node: { name: string } }[] } }>(
      '{ members(asOf: "2030-06-01", region: SOUTH_EAST) { edges { node { name } } } }',
    );
    expect(members.data!.members.edges.map((e) => e.node.name)).toEqual(['Buckinghamshire', 'Kent']);
  });

  it('answers a member leaving that never joined with NotFoundError', async () => {
    const result = await expectRefused(LEAVE, { memberId: 'member-atlantis', leftOn: '2030-01-01' }, 'NotFoundError');
    expect(result).toMatchObject({ code: 'NOT_FOUND', resource: 'member', identifier: 'member-atlantis' });
    await expectRefused(
      RENEW,
      { memberId: 'member-atlantis', membershipYear: '2030-31', renewedOn: '2030-04-01' },
      'NotFoundError',
    );
  });

  it('answers leaving twice and renewing a year twice with ValidationErrors', async () => {
    expect(
      await expectRefused(LEAVE, { memberId: 'member-kent', leftOn: '2032-01-01' }, 'ValidationError'),
    ).toMatchObject({
      fields: [{ path: 'memberId' }],
    });
    expect(
      await mutate(RENEW, { memberId: 'member-sefton', membershipYear: '2031-32', renewedOn: '2031-04-01' }),
    ).toMatchObject({
      __typename: 'RenewMembershipSuccess',
    });
    expect(
      await expectRefused(
        RENEW,
        { memberId: 'member-sefton', membershipYear: '2031-32', renewedOn: '2031-05-01' },
        'ValidationError',
      ),
    ).toMatchObject({ fields: [{ path: 'membershipYear' }] });
  });

  it('answers an eligible count below the member count with a ValidationError on eligible', async () => {
    const result = await expectRefused(
      REPORT,
      { reportedOn: '2030-01-01', members: 90, eligible: 80 },
      'ValidationError',
    );
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'eligible' }] });
  });

  it('answers a date that is not real with a ValidationError naming the field', async () => {
    expect(
      await expectRefused(ADMIT, { name: 'Kent Two', region: 'SOUTH_EAST', joinedOn: '2030-02-30' }, 'ValidationError'),
    ).toMatchObject({
      fields: [{ path: 'joinedOn' }],
    });
    await expectRefused(REPORT, { reportedOn: '2030-00-10', members: 90 }, 'ValidationError');
    await expectRefused(TERMS, { effectiveOn: '2029-02-29', standardFee: 1600 }, 'ValidationError');
  });

  it('records reported figures and terms', async () => {
    expect(await mutate(REPORT, { reportedOn: '2030-01-01', members: 90, eligible: 137 })).toMatchObject({
      membership: { reported: { members: 90, eligible: 137, coverage: 65.7 } },
    });
    expect(await mutate(TERMS, { effectiveOn: '2030-01-01', standardFee: 1600 })).toMatchObject({
      membership: { terms: { standardFee: 1600 } },
    });
  });
});
