// Board size reports that contradict each other, over HTTP: an editor records a size for a period
// the seeded archive already reports a different size for, with no change between them; both are
// kept as reported, flagged on the board and listed by discrepancies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';

const REPORT = `mutation($input: ReportBoardSizeInput!) { reportBoardSize(input: $input) {
  __typename ... on Error { message } ... on ReportBoardSizeSuccess { board { reportedSize } } } }`;

type Discrepancy = { subject: string; description: string; sources: string[] };

describe('conflicting board size reports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('flags a size an editor records against the Spring 2020 report of two trustees, on the board and in discrepancies', async () => {
    const before = await server.gql<{ discrepancies: Discrepancy[] }>('{ discrepancies { subject } }');
    expect(before.data?.discrepancies.map((d) => d.subject)).toEqual(['membership 2021-22']);

    const recorded = await mutate(server, REPORT, {
      size: 3,
      reportedOn: '2020-04-18',
      source: 'Board minutes, April 2020',
    });
    expect(recorded).toEqual({ __typename: 'ReportBoardSizeSuccess', board: { reportedSize: 3 } });

    const res = await server.gql<{
      discrepancies: Discrepancy[];
      board: {
        reportedSize: number;
        reportedSizeConflictsWith: {
          source: string;
          size: number;
          effectiveAt: { earliest: string; latest: string };
        }[];
      };
    }>(
      `{ discrepancies { subject description sources }
         board(asOf: "2020-05-01") { reportedSize reportedSizeConflictsWith { source size effectiveAt { earliest latest } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const board = res.data!.discrepancies.filter((d) => d.subject === 'board size');
    expect(board).toEqual([
      {
        subject: 'board size',
        description: expect.stringContaining('2 trustees') as unknown as string,
        sources: ['TASP newsletter, Spring 2020', 'Board minutes, April 2020'],
      },
    ]);
    expect(board[0]!.description).toContain('3 trustees');
    expect(res.data!.board).toEqual({
      reportedSize: 3,
      reportedSizeConflictsWith: [
        {
          source: 'TASP newsletter, Spring 2020',
          size: 2,
          effectiveAt: { earliest: '2020-02-20', latest: '2020-04-18' },
        },
      ],
    });
  });
});
