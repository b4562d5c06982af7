// Asking for the other reading of uncertain dates over HTTP, on the seeded archive: by default a fact
// dated only by an interval counts from its latest day; dating: EARLIEST counts every fact whose
// interval has begun. The two answers for one day have different ids (a normalising cache must
// never merge them), and node(id) gives back the reading the id names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

interface Board {
  id: string;
  dating: string;
  size: number;
  namedSize: number;
  reportedSize: number | null;
  certain: boolean;
  trustees: { name: string }[];
  seats: { id: string }[];
}
const BOARD = 'id dating size namedSize reportedSize certain trustees { name } seats { id }';

describe('the reading of uncertain dates', () => {
  let server: TestServer;
  const gql = async <T>(query: string): Promise<T> => {
    const res = await server.gql<T>(query);
    expect(res.errors).toBeUndefined();
    return res.data as T;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('counts the Spring 2021 appointment and six trustees on 1 February 2021 only when asked for the earliest reading, under another id', async () => {
    const { latest, earliest, plain } = await gql<{ latest: Board; earliest: Board; plain: Board }>(
      `{ latest: board(asOf: "2021-02-01", dating: LATEST) { ${BOARD} }
         earliest: board(asOf: "2021-02-01", dating: EARLIEST) { ${BOARD} }
         plain: board(asOf: "2021-02-01") { ${BOARD} } }`,
    );
    expect(plain).toEqual(latest);
    expect(latest).toMatchObject({ dating: 'LATEST', size: 4, namedSize: 3, reportedSize: 2, certain: false });
    expect(latest.trustees.map((t) => t.name)).not.toContain('Nasima Patel');
    expect(earliest).toMatchObject({ dating: 'EARLIEST', size: 6, namedSize: 4, reportedSize: 6, certain: false });
    expect(earliest.trustees.map((t) => t.name)).toContain('Nasima Patel');
    expect(earliest.id).not.toBe(latest.id);
    const seatIds = new Set(latest.seats.map((s) => s.id));
    expect(earliest.seats.some((s) => seatIds.has(s.id))).toBe(false);

    const back = await gql<{ a: Board; b: Board }>(
      `{ a: node(id: "${earliest.id}") { ... on Board { ${BOARD} } } b: node(id: "${latest.id}") { ... on Board { ${BOARD} } } }`,
    );
    expect(back.a).toEqual(earliest);
    expect(back.b).toEqual(latest);
  });

  it('gives the same board under both readings on a day no interval contains, with its plain id', async () => {
    const { latest, earliest } = await gql<{ latest: Board; earliest: Board }>(
      `{ latest: board(asOf: "2021-01-01") { ${BOARD} } earliest: board(asOf: "2021-01-01", dating: EARLIEST) { ${BOARD} } }`,
    );
    expect({ ...earliest, id: null, dating: null, seats: null }).toEqual({
      ...latest,
      id: null,
      dating: null,
      seats: null,
    });
    expect(latest.size).toBe(4);
  });

  it('counts the three partnerships that joined between Winter 2020 and Spring 2021, and the 63 reported, only in the earliest reading', async () => {
    type Snapshot = {
      id: string;
      dating: string;
      tracked: { id: string; partnerships: number };
      reported: { members: number | null; source: string } | null;
    };
    const q = 'id dating tracked { id partnerships } reported { members source }';
    const { latest, earliest } = await gql<{ latest: Snapshot; earliest: Snapshot }>(
      `{ latest: membership(asOf: "2021-02-01") { ${q} } earliest: membership(asOf: "2021-02-01", dating: EARLIEST) { ${q} } }`,
    );
    expect(earliest.dating).toBe('EARLIEST');
    expect(earliest.tracked.partnerships).toBe(latest.tracked.partnerships + 3);
    expect(earliest.reported).toEqual({ members: 63, source: 'TASP newsletter, Spring 2021' });
    expect(latest.reported?.source).not.toBe('TASP newsletter, Spring 2021');
    expect(earliest.id).not.toBe(latest.id);
    expect(earliest.tracked.id).not.toBe(latest.tracked.id);
    const back = await gql<{ node: Snapshot }>(`{ node(id: "${earliest.id}") { ... on MembershipSnapshot { ${q} } } }`);
    expect(back.node).toEqual(earliest);
  });

  it('refuses a reading that does not exist', async () => {
    const res = await server.gql('{ board(asOf: "2021-02-01", dating: SOMETIME) { size } }');
    expect(res.errors?.[0]?.message).toMatch(/DatingReading/);
    expect(res.data ?? null).toBeNull();
  });
});
