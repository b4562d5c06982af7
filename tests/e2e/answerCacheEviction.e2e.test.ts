// The in-memory caches of public answers hold at most RESPONSE_CACHE_MAX_BYTES each, besides
// RESPONSE_CACHE_SIZE entries: every spelling of a query is an entry of its own, and an answer may
// be MAX_RESPONSE_BYTES long, so a count alone let one client fill memory with large answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const BUDGET = 2_500;
/** The same query in four spellings: four cache entries, each answer more than a third of BUDGET. */
const SPELLINGS = [0, 1, 2, 3].map(
  (spaces) => `{${' '.repeat(spaces)} documents { edges { node { slug title kind versions { label } } } } }`,
);

function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('public answer caches bounded by bytes', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer({ METRICS: 'true', RESPONSE_CACHE_MAX_BYTES: String(BUDGET) });
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.stop());

  const metrics = async () => (await fetch(`${origin}/metrics`)).text();
  const executed = async () =>
    sample(await metrics(), 'sgh_graphql_operations_total', 'operation="(anonymous)",type="query",outcome="ok"');

  it('answers by GET from memory only while the answers held fit RESPONSE_CACHE_MAX_BYTES', async () => {
    const get = async (query: string) => {
      const res = await fetch(`${server.url}?${new URLSearchParams({ query })}`, {
        headers: { accept: 'application/json' },
      });
      return res.text();
    };
    for (const query of SPELLINGS) expect((await get(query)).length).toBeGreaterThan(BUDGET / 3);
    const hits = sample(await metrics(), 'sgh_public_read_cache_total', 'result="hit"');
    await get(SPELLINGS[3]!);
    expect(sample(await metrics(), 'sgh_public_read_cache_total', 'result="hit"')).toBe(hits + 1);
    // The oldest answers went to keep the bytes held within the budget.
    await get(SPELLINGS[0]!);
    expect(sample(await metrics(), 'sgh_public_read_cache_total', 'result="hit"')).toBe(hits + 1);
  });

  it('keeps executed answers in the response cache only while they fit RESPONSE_CACHE_MAX_BYTES', async () => {
    const post = async (query: string) => {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, operationName: null, variables: { spelling: query.length } }),
      });
      return res.text();
    };
    // (Variables of their own keep these entries apart from the GET answers above.)
    const before = await executed();
    for (const query of SPELLINGS) await post(query);
    expect(await executed()).toBe(before + 4);
    await post(SPELLINGS[3]!);
    expect(await executed()).toBe(before + 4);
    await post(SPELLINGS[0]!);
    expect(await executed()).toBe(before + 5);
  });
});
