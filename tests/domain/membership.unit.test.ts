import { describe, expect, it } from 'vitest';
import { decide, type MembershipCommand } from '../../src/domain/membership/decide.ts';
import { coveragePercent, evolve, initialState, memberIdFor } from '../../src/domain/membership/membership.ts';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import type { MembershipEvent } from '../../src/events/catalogue.ts';
import { fieldsOf } from '../support/domain.ts';

const given = (...events: MembershipEvent[]) => events.reduce(evolve, initialState());
const when =
  (command: MembershipCommand, state = given()) =>
  () =>
    decide(command, state);

const admitted = (name: string, joinedOn = '2021-03-01'): MembershipEvent => ({
  type: 'MemberAdmitted',
  data: { memberId: memberIdFor(name), name, kind: 'PARTNERSHIP', region: 'NORTH_WEST', joinedOn },
});
const left = (name: string, leftOn: string): MembershipEvent => ({
  type: 'MemberLeft',
  data: { memberId: memberIdFor(name), leftOn, reason: null },
});
const renewed = (name: string, membershipYear: string): MembershipEvent => ({
  type: 'MembershipRenewed',
  data: { memberId: memberIdFor(name), membershipYear, renewedOn: '2021-04-01' },
});

describe('admitting a member', () => {
  it('records MemberAdmitted as a partnership by default, with an id from the name, effective on joining', () => {
    expect(
      when({ type: 'AdmitMember', data: { name: 'Sefton', region: 'NORTH_WEST', joinedOn: '2021-03-01' } })(),
    ).toEqual([
      {
        event: {
          type: 'MemberAdmitted',
          data: {
            memberId: 'member-sefton',
            name: 'Sefton',
            kind: 'PARTNERSHIP',
            region: 'NORTH_WEST',
            joinedOn: '2021-03-01',
          },
        },
        effectiveAt: '2021-03-01',
      },
    ]);
  });

  it('admits an organisation outside the English regions without a region', () => {
    const [decided] = when({
      type: 'AdmitMember',
      data: { name: 'Ministry of Defence', kind: 'ORGANISATION', joinedOn: '2021-06-01' },
    })();
    expect(decided?.event.data).toMatchObject({ memberId: 'member-ministry-of-defence', region: null });
  });

  it('admits a person under the opaque id the caller chose, so namesakes are distinct people', () => {
    const person = (memberId: string): MembershipCommand => ({
      type: 'AdmitMember',
      data: { memberId, name: 'Гликерия Ксенофонтова', kind: 'INDIVIDUAL', joinedOn: '2021-06-01' },
    });
    const [first] = when(person('member-1'))();
    expect(first?.event.data).toMatchObject({ memberId: 'member-1', name: 'Гликерия Ксенофонтова' });
    const state = given(first!.event as MembershipEvent);
    expect(when(person('member-2'), state)()).toHaveLength(1);
    expect(
      fieldsOf(when({ type: 'AdmitMember', data: { name: 'Jo Bloggs', kind: 'INDIVIDUAL', joinedOn: '2021-06-01' } })),
    ).toEqual(['memberId']);
  });

  it.each(['Łódź', 'Київ', 'مجلس'])(
    'gives an organisation whose name an ASCII id would mangle (%s) the opaque id',
    (name) => {
      const [decided] = when({
        type: 'AdmitMember',
        data: { memberId: 'member-9', name, kind: 'ORGANISATION', joinedOn: '2021-06-01' },
      })();
      expect(decided?.event.data).toMatchObject({ memberId: 'member-9', name });
    },
  );

  it('requires a region for a partnership', () => {
    expect(fieldsOf(when({ type: 'AdmitMember', data: { name: 'Greenwich', joinedOn: '2021-03-01' } }))).toEqual([
      'region',
    ]);
  });

  it('refuses an organisation that is already a member', () => {
    expect(
      fieldsOf(
        when(
          { type: 'AdmitMember', data: { name: 'SEFTON', region: 'NORTH_WEST', joinedOn: '2022-01-01' } },
          given(admitted('Sefton')),
        ),
      ),
    ).toEqual(['name']);
  });

  it('readmits a member that left, from the day it left, not before', () => {
    const state = given(admitted('Sefton'), left('Sefton', '2022-04-01'));
    const rejoin = (joinedOn: string): MembershipCommand => ({
      type: 'AdmitMember',
      data: { name: 'Sefton', region: 'NORTH_WEST', joinedOn },
    });
    expect(when(rejoin('2023-04-01'), state)()).toHaveLength(1);
    expect(fieldsOf(when(rejoin('2022-03-31'), state))).toEqual(['joinedOn']);
  });

  it.each([
    [{ name: '', region: 'LONDON', joinedOn: '2021-03-01' }, ['name']],
    [{ name: '--', region: 'LONDON', joinedOn: '2021-03-01' }, ['name']],
    [{ name: 'Greenwich', region: 'WALES', joinedOn: '2021-03-01' }, ['region']],
    [{ name: 'Greenwich', region: 'LONDON', joinedOn: '2021-13-01' }, ['joinedOn']],
    [{ name: 'Greenwich', region: 'LONDON', joinedOn: '2021-03-01', kind: 'CLUB' }, ['kind']],
  ])('refuses the bad input %j', (data, fields) => {
    expect(fieldsOf(when({ type: 'AdmitMember', data: data as never }))).toEqual(fields);
  });
});

describe('recording a member leaving', () => {
  const leave = (memberId: string, leftOn: string): MembershipCommand => ({
    type: 'RecordMemberLeaving',
    data: { memberId, leftOn },
  });

  it('records MemberLeft effective on the day it left', () => {
    expect(when(leave('member-sefton', '2022-04-01'), given(admitted('Sefton')))()).toEqual([
      {
        event: { type: 'MemberLeft', data: { memberId: 'member-sefton', leftOn: '2022-04-01', reason: null } },
        effectiveAt: '2022-04-01',
      },
    ]);
  });

  it('refuses a member that never joined with NotFoundError', () => {
    expect(when(leave('member-nowhere', '2022-04-01'), given(admitted('Sefton')))).toThrow(NotFoundError);
  });

  it('refuses leaving twice', () => {
    expect(
      fieldsOf(when(leave('member-sefton', '2023-01-01'), given(admitted('Sefton'), left('Sefton', '2022-04-01')))),
    ).toEqual(['memberId']);
  });

  it('refuses a date on or before joining, or not real', () => {
    expect(fieldsOf(when(leave('member-sefton', '2021-03-01'), given(admitted('Sefton'))))).toEqual(['leftOn']);
    expect(fieldsOf(when(leave('member-sefton', '2022-02-30'), given(admitted('Sefton'))))).toEqual(['leftOn']);
  });
});

describe('renewing a membership', () => {
  const renew = (membershipYear: string, renewedOn = '2021-04-01', memberId = 'member-sefton'): MembershipCommand => ({
    type: 'RenewMembership',
    data: { memberId, membershipYear, renewedOn },
  });

  it('records MembershipRenewed effective on the renewal date', () => {
    expect(when(renew('2021-22'), given(admitted('Sefton')))()).toEqual([
      {
        event: {
          type: 'MembershipRenewed',
          data: { memberId: 'member-sefton', membershipYear: '2021-22', renewedOn: '2021-04-01' },
        },
        effectiveAt: '2021-04-01',
      },
    ]);
  });

  it('refuses a member that never joined with NotFoundError', () => {
    expect(when(renew('2021-22', '2021-04-01', 'member-nobody'))).toThrow(NotFoundError);
  });

  it('refuses a member that has left', () => {
    expect(
      fieldsOf(when(renew('2022-23', '2022-05-01'), given(admitted('Sefton'), left('Sefton', '2022-04-01')))),
    ).toEqual(['memberId']);
  });

  it('refuses renewing twice for one year', () => {
    expect(fieldsOf(when(renew('2021-22'), given(admitted('Sefton'), renewed('Sefton', '2021-22'))))).toEqual([
      'membershipYear',
    ]);
  });

  it('refuses a renewal before joining', () => {
    expect(fieldsOf(when(renew('2020-21', '2021-01-01'), given(admitted('Sefton'))))).toEqual(['renewedOn']);
  });

  it.each([['2021'], ['2021-2022'], ['2021-23'], ['2099-01'], ['21-22']])('refuses the membership year %j', (year) => {
    expect(fieldsOf(when(renew(year), given(admitted('Sefton'))))).toEqual(['membershipYear']);
  });

  it('accepts a year that spans a century', () => {
    expect(when(renew('2099-00'), given(admitted('Sefton')))()).toHaveLength(1);
  });
});

describe('reporting membership figures', () => {
  const report = (data: Record<string, unknown>): MembershipCommand => ({
    type: 'ReportMembershipFigures',
    data: { reportedOn: '2022-03-01', ...data } as never,
  });

  it('records a reported total, with null for whatever the report did not give', () => {
    expect(when(report({ members: 60, eligible: 131 }))()).toEqual([
      {
        event: {
          type: 'MembershipFiguresReported',
          data: {
            reportedOn: '2022-03-01',
            membershipYear: null,
            members: 60,
            eligible: 131,
            otherMembers: null,
            coverage: null,
            target: null,
            byRegion: [],
          },
        },
        effectiveAt: '2022-03-01',
      },
    ]);
  });

  it('records a percentage alone', () => {
    expect(when(report({ coverage: 72, target: 75 }))()).toHaveLength(1);
  });

  it('records a regional breakdown that fits the totals', () => {
    const byRegion = [
      { region: 'LONDON', members: 18, eligible: 30 },
      { region: 'SOUTH_WEST', members: 3, eligible: 12 },
    ];
    const [decided] = when(report({ members: 78, eligible: 137, byRegion }))();
    expect(decided?.event.data).toMatchObject({ byRegion });
  });

  it('refuses an eligible count below the member count', () => {
    expect(fieldsOf(when(report({ members: 83, eligible: 80 })))).toEqual(['eligible']);
  });

  it('refuses a report with neither a count nor a percentage', () => {
    expect(fieldsOf(when(report({ eligible: 131 })))).toEqual(['members']);
  });

  it.each([
    [{ members: -1 }, ['members']],
    [{ members: 1.5 }, ['members']],
    [{ coverage: 101 }, ['coverage']],
    [{ members: 5, target: -3 }, ['target']],
    [{ members: 5, membershipYear: '2021-2022' }, ['membershipYear']],
    [{ members: 5, reportedOn: '2022-02-29' }, ['reportedOn']],
  ])('refuses the bad figure %j', (data, fields) => {
    expect(fieldsOf(when(report(data)))).toEqual(fields);
  });

  it('refuses a region with fewer eligible than members, a region twice, and regions above the totals', () => {
    expect(fieldsOf(when(report({ members: 10, byRegion: [{ region: 'LONDON', members: 5, eligible: 4 }] })))).toEqual([
      'byRegion.0.eligible',
    ]);
    const twice = [
      { region: 'LONDON', members: 1, eligible: 2 },
      { region: 'LONDON', members: 1, eligible: 2 },
    ];
    expect(fieldsOf(when(report({ members: 10, byRegion: twice })))).toEqual(['byRegion.1.region']);
    expect(
      fieldsOf(when(report({ members: 3, eligible: 5, byRegion: [{ region: 'LONDON', members: 4, eligible: 6 }] }))),
    ).toEqual(['byRegion', 'byRegion']);
  });
});

describe('setting membership terms', () => {
  it('records the fees from a date', () => {
    expect(
      when({
        type: 'SetMembershipTerms',
        data: { effectiveOn: '2022-03-01', standardFee: 1500, regionalDealFeeBelow: 1000 },
      })(),
    ).toEqual([
      {
        event: {
          type: 'MembershipTermsSet',
          data: { effectiveOn: '2022-03-01', standardFee: 1500, regionalDealFeeBelow: 1000 },
        },
        effectiveAt: '2022-03-01',
      },
    ]);
  });

  it('refuses a regional deal dearer than the standard fee', () => {
    const command: MembershipCommand = {
      type: 'SetMembershipTerms',
      data: { effectiveOn: '2022-03-01', standardFee: 1000, regionalDealFeeBelow: 1500 },
    };
    expect(fieldsOf(when(command))).toEqual(['regionalDealFeeBelow']);
  });
});

describe('coverage', () => {
  it('is members over eligible in percent, to one decimal place', () => {
    expect(coveragePercent(78, 137)).toBe(56.9);
    expect(coveragePercent(12, 14)).toBe(85.7);
    expect(coveragePercent(60, null)).toBeNull();
    expect(coveragePercent(0, 0)).toBeNull();
  });
});
