// Facts with their evidence over HTTP, on the seeded archive: uncertain dates as intervals, how old
// the evidence behind an answer is, unnamed trustees carried forward, and contradictions flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_FACT_INTERVALS } from '../support/archiveEvidence.ts';
import { expectRefused, mutate, startTestServer, type TestServer } from '../support/server.ts';

interface Interval {
  earliest: string;
  latest: string;
  exact: boolean;
  note: string | null;
}
interface DatedFact {
  subject: string;
  kind: string;
  source: string | null;
  effectiveAt: Interval;
  trustee: { name: string } | null;
  member: { name: string } | null;
}
interface Board {
  size: number;
  namedSize: number;
  unnamedTrustees: number;
  sizeAtLeast: number;
  sizeAtMost: number | null;
  constitutionMet: string;
  meetsConstitution: boolean;
  certain: boolean;
  lastEvidenceOn: string | null;
  evidence: { source: string | null; date: string }[];
  uncertainFacts: { kind: string; source: string | null; effectiveAt: Interval }[];
  trustees: { name: string }[];
}

const BOARD = `size namedSize unnamedTrustees sizeAtLeast sizeAtMost constitutionMet meetsConstitution certain lastEvidenceOn
  evidence { source date } uncertainFacts { kind source effectiveAt { earliest latest } } trustees { name }`;

/** The kind of event a fact of the evidence table is recorded as, from how the table words it. */
function kindOf(what: string): string {
  if (what.endsWith(' appointed')) return 'APPOINTED';
  if (what.endsWith(' trustees')) return 'SIZE_REPORTED';
  if (what.endsWith(' joined')) return 'JOINED';
  if (what.startsWith('standard fee')) return 'TERMS_SET';
  return 'FIGURES_REPORTED';
}

describe('facts with their evidence', () => {
  let server: TestServer;
  const gql = async <T>(query: string): Promise<T> => {
    const res = await server.gql<T>(query);
    expect(res.errors).toBeUndefined();
    return res.data as T;
  };
  const board = async (asOf: string) => (await gql<{ board: Board }>(`{ board(asOf: "${asOf}") { ${BOARD} } }`)).board;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('returns for every seeded fact the interval the archive allows, with its reasoning and source', async () => {
    const { datedFacts } = await gql<{ datedFacts: DatedFact[] }>(
      '{ datedFacts { subject kind source effectiveAt { earliest latest exact note } trustee { name } member { name } } }',
    );
    const who = (f: DatedFact) => f.trustee?.name ?? f.member?.name ?? '';
    const served = datedFacts
      .map((f) => [f.kind, who(f), f.source, f.effectiveAt.earliest, f.effectiveAt.latest].join(' | '))
      .sort();
    const expected = EXPECTED_FACT_INTERVALS.map(([what, source, earliest, latest]) =>
      [
        kindOf(what),
        /appointed|joined/.test(what) ? what.replace(/ (appointed|joined)$/, '') : '',
        source,
        earliest,
        latest,
      ].join(' | '),
    ).sort();
    expect(served).toEqual(expected);
    for (const f of datedFacts) {
      expect(f.effectiveAt.exact).toBe(false);
      expect(f.effectiveAt.note, `${f.kind} ${f.source}`).toMatch(/\d{4}/);
    }
  });

  it('includes the trustee announced in Spring 2021 on 25 February 2021, before the season the issue is named after', async () => {
    const b = await board('2021-02-25');
    expect(b.trustees.map((t) => t.name)).toContain('Nasima Patel');
    expect(b).toMatchObject({
      size: 6,
      unnamedTrustees: 2,
      certain: true,
      constitutionMet: 'YES',
      lastEvidenceOn: '2021-02-22',
    });
  });

  it('says a fact may or may not hold on a day inside its interval, and gives the size as a range then', async () => {
    const b = await board('2021-02-01');
    expect(b.trustees.map((t) => t.name)).not.toContain('Nasima Patel');
    expect(b).toMatchObject({ size: 4, sizeAtLeast: 4, sizeAtMost: 6, certain: false, constitutionMet: 'YES' });
    expect(b.uncertainFacts.map((f) => [f.kind, f.source])).toEqual([
      ['APPOINTED', 'TASP newsletter, Spring 2021'],
      ['SIZE_REPORTED', 'TASP newsletter, Spring 2021'],
    ]);
  });

  it('counts the unnamed trustee of spring 2020 on 1 January 2021: at least four, though only three are named', async () => {
    const b = await board('2021-01-01');
    expect(b).toMatchObject({
      size: 4,
      namedSize: 3,
      unnamedTrustees: 1,
      sizeAtLeast: 4,
      sizeAtMost: 4,
      certain: true,
      constitutionMet: 'YES',
    });
  });

  it('shows on 31 December 2023 that the last evidence about the board is from 2021, and which issues it rests on', async () => {
    const b = await board('2023-12-31');
    expect(b.lastEvidenceOn?.startsWith('2021')).toBe(true);
    expect(b.evidence).toEqual([
      { source: 'TASP newsletter, Spring 2021', date: '2021-02-22' },
      { source: 'TASP newsletter, Winter 2020', date: '2020-12-31' },
      { source: 'TASP newsletter, Spring 2020', date: '2020-04-18' },
    ]);
  });

  it('judges the spring 2020 board below the minimum, and answers UNKNOWN before anything is known', async () => {
    expect(await board('2020-04-18')).toMatchObject({
      size: 2,
      unnamedTrustees: 1,
      constitutionMet: 'NO',
      meetsConstitution: false,
    });
    expect(await board('2020-03-15')).toMatchObject({
      size: 0,
      sizeAtLeast: 0,
      sizeAtMost: 2,
      certain: false,
      constitutionMet: 'UNKNOWN',
    });
    expect(await board('2019-06-01')).toMatchObject({
      sizeAtMost: null,
      certain: true,
      constitutionMet: 'UNKNOWN',
      lastEvidenceOn: null,
      evidence: [],
    });
  });

  it('flags the 83 of 131 (Summer 2021) and 78 of 137 "in 2021-22" (Spring 2022) pair, on the report and in discrepancies', async () => {
    const { discrepancies } = await gql<{
      discrepancies: { subject: string; description: string; sources: string[] }[];
    }>('{ discrepancies { subject description sources } }');
    expect(discrepancies).toEqual([
      {
        subject: 'membership 2021-22',
        description: expect.stringContaining('83 of 131') as unknown as string,
        sources: ['TASP newsletter, Summer 2021', 'TASP newsletter, Spring 2022'],
      },
    ]);
    expect(discrepancies[0]!.description).toContain('78 of 137');

    type Reported = {
      members: number;
      eligible: number;
      inferredMembershipYear: string;
      conflictsWith: { source: string; members: number; eligible: number }[];
    };
    const m = await gql<{ membership: { lastEvidenceOn: string; certain: boolean; reported: Reported } }>(
      '{ membership(asOf: "2022-06-01") { lastEvidenceOn certain reported { members eligible inferredMembershipYear conflictsWith { source members eligible } } } }',
    );
    expect(m.membership).toMatchObject({ lastEvidenceOn: '2022-05-20', certain: true });
    expect(m.membership.reported).toEqual({
      members: 78,
      eligible: 137,
      inferredMembershipYear: '2021-22',
      conflictsWith: [{ source: 'TASP newsletter, Summer 2021', members: 83, eligible: 131 }],
    });
    const summer = await gql<{ membership: { reported: Reported } }>(
      '{ membership(asOf: "2021-09-01") { reported { members inferredMembershipYear conflictsWith { source members eligible } } } }',
    );
    expect(summer.membership.reported).toMatchObject({
      members: 83,
      inferredMembershipYear: '2021-22',
      conflictsWith: [{ source: 'TASP newsletter, Spring 2022', members: 78, eligible: 137 }],
    });
  });

  it('records the former name AILC among the archive facts the seed holds', async () => {
    const { publication } = await gql<{ publication: { items: { title: string; summary: string }[] } }>(
      '{ publication(slug: "tasp-newsletter-summer-2023") { items { title summary } } }',
    );
    expect(publication.items.some((i) => i.summary.includes('AILC'))).toBe(true);
  });

  it('lets an editor record a fact whose date is only bounded, and refuses an interval that starts after its date, recording nothing', async () => {
    const REPORT = `mutation($input: ReportMembershipFiguresInput!) { reportMembershipFigures(input: $input) {
      __typename ... on Error { message } ... on ValidationError { fields { path } }
      ... on ReportMembershipFiguresSuccess { membership { certain reported { members effectiveAt { earliest latest exact note } } } } } }`;
    const dating = {
      earliest: '2031-03-01',
      note: 'Reported in a spring 2031 issue that gives no date; it appeared by 30 April.',
    };
    const recorded = await mutate(server, REPORT, {
      reportedOn: '2031-04-30',
      members: 90,
      eligible: 137,
      source: 'TASP newsletter, Spring 2031',
      dating,
    });
    expect(recorded).toMatchObject({
      __typename: 'ReportMembershipFiguresSuccess',
      membership: {
        certain: true,
        reported: {
          members: 90,
          effectiveAt: { earliest: '2031-03-01', latest: '2031-04-30', exact: false, note: dating.note },
        },
      },
    });
    // On a day inside the interval the new figures may or may not hold: the summer 2023 report still answers.
    const inside = await gql<{ membership: { certain: boolean; reported: { coverage: number } } }>(
      '{ membership(asOf: "2031-04-01") { certain reported { coverage } } }',
    );
    expect(inside.membership).toEqual({ certain: false, reported: { coverage: 72 } });
    const refused = await expectRefused(
      server,
      REPORT,
      { reportedOn: '2031-05-30', members: 91, dating: { ...dating, earliest: '2031-06-01' } },
      'ValidationError',
    );
    expect(refused).toMatchObject({ fields: [{ path: 'dating.earliest' }] });
  });
});
