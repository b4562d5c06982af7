import { describe, expect, it } from 'vitest';
import { ASSOCIATION } from '../../src/domain/board/board.ts';
import { membershipDecider, type MembershipCommand } from '../../src/domain/membership/decide.ts';
import { membershipStreamId } from '../../src/domain/membership/membership.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import { useServices } from '../support/services.ts';

describe('membership read model on real SQLite', () => {
  const fx = useServices();

  const run = (command: MembershipCommand, source = 'test') =>
    fx.services.commands.execute(membershipDecider, membershipStreamId(), command, { actor: 'ed', source });
  const q = () => fx.services.membership;

  async function history() {
    await run({ type: 'AdmitMember', data: { name: 'Greenwich', region: 'LONDON', joinedOn: '2021-03-01' } });
    await run({ type: 'AdmitMember', data: { name: 'Sefton', region: 'NORTH_WEST', joinedOn: '2021-03-01' } });
    await run({
      type: 'AdmitMember',
      data: { name: 'Ministry of Defence', kind: 'ORGANISATION', joinedOn: '2021-06-01' },
    });
    await run({
      type: 'RenewMembership',
      data: { memberId: 'member-sefton', membershipYear: '2021-22', renewedOn: '2021-04-01' },
    });
    await run({
      type: 'RecordMemberLeaving',
      data: { memberId: 'member-greenwich', leftOn: '2022-04-01', reason: 'Did not renew' },
    });
    await run({ type: 'ReportMembershipFigures', data: { reportedOn: '2020-12-01', members: 60, eligible: 131 } });
    await run({
      type: 'ReportMembershipFigures',
      data: {
        reportedOn: '2022-03-01',
        membershipYear: '2021-22',
        members: 78,
        eligible: 137,
        coverage: 61,
        otherMembers: 9,
        byRegion: [
          { region: 'LONDON', members: 18, eligible: 30 },
          { region: 'NORTH_WEST', members: 6, eligible: 21 },
        ],
      },
    });
    await run({
      type: 'SetMembershipTerms',
      data: { effectiveOn: '2022-03-01', standardFee: 1500, regionalDealFeeBelow: 1000 },
    });
  }

  it('counts named members on a date by kind and region from the validity ranges', async () => {
    await history();
    const counts = (asOf: string) =>
      q()
        .trackedCounts(ASSOCIATION, asOf)
        .map((r) => `${r.kind}:${r.region}:${r.members}`)
        .sort();
    expect(counts('2021-02-28')).toEqual([]);
    expect(counts('2021-06-01')).toEqual(['ORGANISATION:null:1', 'PARTNERSHIP:LONDON:1', 'PARTNERSHIP:NORTH_WEST:1']);
    expect(counts('2022-04-01')).toEqual(['ORGANISATION:null:1', 'PARTNERSHIP:NORTH_WEST:1']);
  });

  it('pages members on a date by id, optionally in one region', async () => {
    await history();
    expect(
      q()
        .page(ASSOCIATION, '2021-06-01', null, { limit: 10 })
        .map((m) => m.memberId),
    ).toEqual(['member-greenwich', 'member-ministry-of-defence', 'member-sefton']);
    expect(
      q()
        .page(ASSOCIATION, '2021-06-01', null, { after: 'member-greenwich', limit: 1 })
        .map((m) => m.memberId),
    ).toEqual(['member-ministry-of-defence']);
    expect(
      q()
        .page(ASSOCIATION, '2021-06-01', 'LONDON', { limit: 10 })
        .map((m) => m.memberId),
    ).toEqual(['member-greenwich']);
    // From the end: the last rows before a key, still in id order.
    const fromEnd = (before: string | null, limit: number) =>
      q()
        .page(ASSOCIATION, '2021-06-01', null, { before, fromEnd: true, limit })
        .map((m) => m.memberId);
    expect(fromEnd(null, 2)).toEqual(['member-ministry-of-defence', 'member-sefton']);
    expect(fromEnd('member-sefton', 5)).toEqual(['member-greenwich', 'member-ministry-of-defence']);
  });

  it('answers the latest report on or before a date, with its regional breakdown', async () => {
    await history();
    expect(q().latestReport(ASSOCIATION, '2020-11-30')).toBeNull();
    expect(q().latestReport(ASSOCIATION, '2021-06-01')).toMatchObject({ members: 60, eligible: 131, coverage: null });
    const report = q().latestReport(ASSOCIATION, '2022-06-01')!;
    expect(report).toMatchObject({
      members: 78,
      eligible: 137,
      coverage: 61,
      otherMembers: 9,
      membershipYear: '2021-22',
    });
    expect(
      q()
        .regions(ASSOCIATION, [report.position])
        .map((r) => [r.region, r.members, r.eligible]),
    ).toEqual([
      ['LONDON', 18, 30],
      ['NORTH_WEST', 6, 21],
    ]);
    expect(q().latestTerms(ASSOCIATION, '2022-06-01')).toMatchObject({ standardFee: 1500, regionalDealFeeBelow: 1000 });
    expect(q().latestTerms(ASSOCIATION, '2022-02-28')).toBeNull();
  });

  it('keeps renewals, departures and a dated list of changes', async () => {
    await history();
    expect(
      q()
        .renewals(ASSOCIATION, ['member-sefton', 'member-greenwich'])
        .map((r) => r.membershipYear),
    ).toEqual(['2021-22']);
    expect(q().members(ASSOCIATION, ['member-greenwich'])).toMatchObject([
      { leftOn: '2022-04-01', leaveReason: 'Did not renew' },
    ]);
    expect(
      q()
        .changes(ASSOCIATION, '2021-01-01', '2022-12-31')
        .map((c) => [c.kind, c.effectiveOn, c.memberId]),
    ).toEqual([
      ['JOINED', '2021-03-01', 'member-greenwich'],
      ['JOINED', '2021-03-01', 'member-sefton'],
      ['RENEWED', '2021-04-01', 'member-sefton'],
      ['JOINED', '2021-06-01', 'member-ministry-of-defence'],
      ['FIGURES_REPORTED', '2022-03-01', null],
      ['TERMS_SET', '2022-03-01', null],
      ['LEFT', '2022-04-01', 'member-greenwich'],
    ]);
  });

  it('refuses a member leaving that never joined and appends nothing', async () => {
    await history();
    const head = await fx.services.store.headPosition();
    await expect(
      run({ type: 'RecordMemberLeaving', data: { memberId: 'member-atlantis', leftOn: '2022-01-01' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await fx.services.store.headPosition()).toBe(head);
  });

  it('rebuilds to the same checksum', async () => {
    await history();
    const live = fx.services.runner.checksum();
    await fx.services.runner.rebuild();
    expect(fx.services.runner.checksum()).toBe(live);
  });
});
