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

const BOARD_FIELDS = `asOf size namedSize minimum maximum bestKnownSize meetsConstitution reportedSize reportedOn reportSource unnamedTrustees
  trustees { id trusteeId name role appointedOn stoodDownOn source note }`;

const RESULT_FIELDS = `
  __typename
  ... on Error { message code }
  ... on ValidationError { fields { path message } }
  ... on NotFoundError { resource identifier }
  ... on ConstitutionError { minimum maximum size }`;

const APPOINT = `mutation($input: AppointTrusteeInput!) {
  appointTrustee(input: $input) {
    ${RESULT_FIELDS}
    ... on AppointTrusteeSuccess { trustee { id trusteeId name role appointedOn } board { size meetsConstitution } }
  }
}`;
const CHANGE_ROLE = `mutation($input: ChangeTrusteeRoleInput!) {
  changeTrusteeRole(input: $input) {
    ${RESULT_FIELDS}
    ... on ChangeTrusteeRoleSuccess { trustee { name role roles { role validFrom validTo } } board { asOf } }
  }
}`;
const STAND_DOWN = `mutation($input: RecordTrusteeStandingDownInput!) {
  recordTrusteeStandingDown(input: $input) {
    ${RESULT_FIELDS}
    ... on RecordTrusteeStandingDownSuccess { trustee { name stoodDownOn stoodDownReason } board { size trustees { name } } }
  }
}`;
const REPORT_SIZE = `mutation($input: ReportBoardSizeInput!) {
  reportBoardSize(input: $input) { ${RESULT_FIELDS} ... on ReportBoardSizeSuccess { board { reportedSize } } }
}`;

type Result = MutationResult;
interface Trustee {
  id: string;
  trusteeId: string;
  name: string;
  role: string | null;
  appointedOn: string;
  stoodDownOn: string | null;
  source: string | null;
  note: string | null;
}
interface Board {
  asOf: string;
  size: number;
  minimum: number;
  maximum: number;
  bestKnownSize: number;
  meetsConstitution: boolean;
  reportedSize: number | null;
  reportedOn: string | null;
  reportSource: string | null;
  unnamedTrustees: number;
  trustees: Trustee[];
}

describe('the board of trustees over HTTP', () => {
  let server: TestServer;
  let janeId = '';

  /** A trustee's opaque id, found by the name the board shows. */
  async function trusteeIdOf(name: string): Promise<string> {
    const trustee = (await board('2030-01-01')).trustees.find((t) => t.name === name);
    if (!trustee) throw new Error(`no trustee named ${name}`);
    return trustee.trusteeId;
  }

  async function board(asOf: string): Promise<Board> {
    const res = await server.gql<{ board: Board }>(`query($asOf: Date) { board(asOf: $asOf) { ${BOARD_FIELDS} } }`, {
      asOf,
    });
    expect(res.errors).toBeUndefined();
    return res.data!.board;
  }

  const mutate = (query: string, input: Record<string, unknown>, token?: string) =>
    mutateVia(server, query, input, token);
  const expectRefused = (query: string, input: Record<string, unknown>, typename: string) =>
    expectRefusedVia(server, query, input, typename);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('shows spring 2020 honestly: the named chair, a reported two, and a board below its minimum', async () => {
    // The issue appeared by 18 April 2020 at the latest: its facts count from that day.
    const b = await board('2020-04-18');
    expect(b).toMatchObject({
      asOf: '2020-04-18',
      size: 2,
      namedSize: 1,
      minimum: 3,
      maximum: 12,
      reportedSize: 2,
      reportedOn: '2020-04-18',
      reportSource: 'TASP newsletter, Spring 2020',
      bestKnownSize: 2,
      unnamedTrustees: 1,
      meetsConstitution: false,
    });
    expect(b.trustees).toEqual([
      expect.objectContaining({
        name: 'Richard Burrows',
        role: 'chair',
        appointedOn: '2020-04-18',
        stoodDownOn: null,
        source: 'TASP newsletter, Spring 2020',
      }),
    ]);
    expect(b.trustees[0]!.note).toMatch(/Appointment date unknown/);
    expect(JSON.stringify(b)).not.toContain('Chris Miller');
  });

  it('shows 2021 with the four named trustees beside the reported six', async () => {
    const b = await board('2021-06-01');
    expect(b.trustees.map((t) => t.name)).toEqual(['Richard Burrows', 'Deborah Hodes', 'Nazir Afzal', 'Nasima Patel']);
    expect(b).toMatchObject({
      size: 6,
      namedSize: 4,
      reportedSize: 6,
      reportedOn: '2021-02-22',
      bestKnownSize: 6,
      unnamedTrustees: 2,
      meetsConstitution: true,
    });
  });

  it('keeps counting the unnamed trustee of spring 2020 once winter 2020 names two new ones', async () => {
    const b = await board('2020-12-31');
    expect(b).toMatchObject({
      size: 4,
      namedSize: 3,
      reportedSize: 2,
      bestKnownSize: 4,
      unnamedTrustees: 1,
      meetsConstitution: true,
    });
  });

  it('refuses a date that is not real with BAD_USER_INPUT', async () => {
    const res = await server.gql('{ board(asOf: "2021-02-30") { size } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the changes of a window oldest first, each with its date, trustee and source', async () => {
    const res = await server.gql<{
      boardChanges: { kind: string; date: string; source: string; trustee: { name: string } }[];
    }>('{ boardChanges(from: "2020-01-01", to: "2021-12-31") { kind date source trustee { name } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.boardChanges.map((c) => [c.kind, c.date, c.trustee.name, c.source])).toEqual([
      ['APPOINTED', '2020-04-18', 'Richard Burrows', 'TASP newsletter, Spring 2020'],
      ['APPOINTED', '2020-12-31', 'Deborah Hodes', 'TASP newsletter, Winter 2020'],
      ['APPOINTED', '2020-12-31', 'Nazir Afzal', 'TASP newsletter, Winter 2020'],
      ['APPOINTED', '2021-02-22', 'Nasima Patel', 'TASP newsletter, Spring 2021'],
    ]);
    const reversed = await server.gql('{ boardChanges(from: "2022-01-01", to: "2021-01-01") { date } }');
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('finds a trustee by plain id and as a Relay node; the id says nothing of the name', async () => {
    const id = await trusteeIdOf('Nasima Patel');
    expect(id).toMatch(/^trustee-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const byId = await server.gql<{ trustee: { id: string; name: string } }>(`{ trustee(id: "${id}") { id name } }`);
    expect(byId.data!.trustee.name).toBe('Nasima Patel');
    const node = await server.gql<{ node: { name: string } }>(
      `{ node(id: "${byId.data!.trustee.id}") { ... on Trustee { name } } }`,
    );
    expect(node.data!.node.name).toBe('Nasima Patel');
  });

  describe('editor-only mutations', () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['appointTrustee', APPOINT, { name: 'Jane Doe', appointedOn: '2030-01-01' }],
      [
        'changeTrusteeRole',
        CHANGE_ROLE,
        { trusteeId: 'trustee-00000000-0000-5000-8000-000000000000', role: 'treasurer', changedOn: '2030-01-01' },
      ],
      [
        'recordTrusteeStandingDown',
        STAND_DOWN,
        { trusteeId: 'trustee-00000000-0000-5000-8000-000000000000', stoodDownOn: '2030-01-01' },
      ],
      ['reportBoardSize', REPORT_SIZE, { size: 7, reportedOn: '2030-01-01' }],
    ];

    it.each(cases)('%s without a token is UNAUTHENTICATED and appends nothing', async (_name, query, input) => {
      await expectDenied(server, query, input, 'UNAUTHENTICATED');
    });

    it.each(cases)('%s from an auditor is FORBIDDEN and appends nothing', async (_name, query, input) => {
      await expectDenied(server, query, input, 'FORBIDDEN', AUDITOR_TOKEN);
    });
  });

  it('appoints, changes the role of and records the standing-down of a trustee, attributed to the editor', async () => {
    const appointed = await mutate(APPOINT, {
      name: 'Jane Doe',
      role: 'treasurer',
      appointedOn: '2030-01-01',
      source: 'Minutes of the board, January 2030',
    });
    expect(appointed).toMatchObject({
      __typename: 'AppointTrusteeSuccess',
      trustee: {
        trusteeId: expect.stringMatching(/^trustee-[0-9a-f-]{36}$/),
        name: 'Jane Doe',
        role: 'treasurer',
        appointedOn: '2030-01-01',
      },
      board: { size: 7, meetsConstitution: true },
    });
    const changed = await mutate(CHANGE_ROLE, {
      trusteeId: (appointed.trustee as { id: string }).id,
      role: 'chair',
      changedOn: '2030-06-01',
    });
    expect(changed).toMatchObject({
      __typename: 'ChangeTrusteeRoleSuccess',
      trustee: {
        role: 'chair',
        roles: [
          { role: 'treasurer', validTo: '2030-06-01' },
          { role: 'chair', validFrom: '2030-06-01', validTo: null },
        ],
      },
    });
    janeId = (appointed.trustee as { trusteeId: string }).trusteeId;
    const stood = await mutate(STAND_DOWN, { trusteeId: janeId, stoodDownOn: '2031-01-01', reason: 'Term ended' });
    expect(stood).toMatchObject({
      __typename: 'RecordTrusteeStandingDownSuccess',
      trustee: { stoodDownOn: '2031-01-01', stoodDownReason: 'Term ended' },
    });
    expect((stood.board as { trustees: { name: string }[] }).trustees.map((t) => t.name)).not.toContain('Jane Doe');
    const events = [];
    for await (const e of server.services.store.readStream('board-tasp')) events.push(e);
    // The source of an event about a person is sealed with their key, and opens for readers.
    expect(JSON.stringify(events.at(-3)?.metadata)).not.toContain('Minutes of the board');
    expect(server.services.vault.unsealEvent(events.at(-3)!).metadata).toMatchObject({
      actor: 'alice',
      source: 'Minutes of the board, January 2030',
    });
  });

  it('answers an unknown trustee with NotFoundError', async () => {
    const result = await expectRefused(
      STAND_DOWN,
      { trusteeId: 'trustee-chris-miller', stoodDownOn: '2030-01-01' },
      'NotFoundError',
    );
    expect(result).toMatchObject({ code: 'NOT_FOUND', resource: 'trustee', identifier: 'trustee-chris-miller' });
    await expectRefused(
      CHANGE_ROLE,
      { trusteeId: 'trustee-chris-miller', role: 'chair', changedOn: '2030-01-01' },
      'NotFoundError',
    );
  });

  it('answers standing down twice with a ValidationError on the trustee', async () => {
    const result = await expectRefused(STAND_DOWN, { trusteeId: janeId, stoodDownOn: '2032-01-01' }, 'ValidationError');
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'trusteeId' }] });
  });

  it('answers a date that is not real with a ValidationError naming the field', async () => {
    const result = await expectRefused(APPOINT, { name: 'Someone Else', appointedOn: '2031-02-29' }, 'ValidationError');
    expect(result).toMatchObject({ fields: [{ path: 'appointedOn' }] });
    await expectRefused(
      STAND_DOWN,
      { trusteeId: await trusteeIdOf('Nazir Afzal'), stoodDownOn: '2031-13-01' },
      'ValidationError',
    );
  });

  it('answers a thirteenth trustee with a ConstitutionError and appends nothing', async () => {
    // Six trustees from 2021 (four named, two a report counted without naming); six more make twelve.
    for (let i = 1; i <= 6; i += 1) {
      expect((await mutate(APPOINT, { name: `Future Trustee ${i}`, appointedOn: '2033-01-01' })).__typename).toBe(
        'AppointTrusteeSuccess',
      );
    }
    const result = await expectRefused(
      APPOINT,
      { name: 'Future Trustee 13', appointedOn: '2033-02-01' },
      'ConstitutionError',
    );
    expect(result).toMatchObject({ code: 'CONSTITUTION', minimum: 3, maximum: 12, size: 13 });
    expect((await board('2033-02-01')).size).toBe(12);
  });

  it('records a reported size through reportBoardSize', async () => {
    expect(await mutate(REPORT_SIZE, { size: 12, reportedOn: '2033-03-01' })).toMatchObject({
      board: { reportedSize: 12 },
    });
    await expectRefused(REPORT_SIZE, { size: -1, reportedOn: '2033-03-01' }, 'ValidationError');
  });
});
