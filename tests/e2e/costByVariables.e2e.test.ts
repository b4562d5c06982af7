// The cost limit over the real server when the same document comes again with other variables or
// another operation: each request is judged by its own variables and operation (the costs the
// server remembers per parsed document are keyed by both), by POST and by GET alike, including
// after more variable sets than are remembered per document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COSTS_PER_DOCUMENT } from '../../src/http/queryLimits.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Answer = { data?: unknown; errors?: { extensions?: { code?: string } }[] };

const QUERY = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Document { versions { sections { body } } } } }';
const TWO_OPERATIONS = `query Small { documents(first: 1) { edges { node { slug } } } }
query Large { documents(first: 100000) { edges { node { slug } } } }`;

describe('the cost limit with a document seen before', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer({ MAX_COST: '5000' });
    const res = await server.gql<{ documents: { edges: { node: { id: string } }[] } }>(
      '{ documents(first: 1) { edges { node { id } } } }',
    );
    id = res.data!.documents.edges[0]!.node.id;
  });
  afterAll(() => server.stop());

  const post = async (body: Record<string, unknown>): Promise<Answer> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Answer;
  };
  const get = async (params: Record<string, string>): Promise<Answer> => {
    const res = await fetch(`${server.url}?${new URLSearchParams(params)}`, {
      headers: { accept: 'application/json' },
    });
    return (await res.json()) as Answer;
  };
  const code = (a: Answer) => a.errors?.[0]?.extensions?.code;

  it('refuses many ids after the same query passed with few, and passes few again after', async () => {
    const many = Array.from({ length: 60_000 }, () => id);
    expect(code(await post({ query: QUERY, variables: { ids: [id] } }))).toBeUndefined();
    expect(code(await post({ query: QUERY, variables: { ids: many } }))).toBe('COST_LIMIT_EXCEEDED');
    expect(code(await post({ query: QUERY, variables: { ids: [id] } }))).toBeUndefined();
    const manyByGet = await get({ query: QUERY, variables: JSON.stringify({ ids: many.slice(0, 100) }) });
    expect(code(manyByGet)).toBe('COST_LIMIT_EXCEEDED');
    expect(code(await get({ query: QUERY, variables: JSON.stringify({ ids: [id] }) }))).toBeUndefined();
  });

  it('judges each variable set alike when more come than are remembered per document', async () => {
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= COSTS_PER_DOCUMENT + 4; n++) {
        // Cost 1 + ids × (1 + 10 × (1 + 10 × 1)) = 1 + 111 × ids: 45 ids pass 5000, 46 do not.
        const ids = Array.from({ length: n % 2 === 0 ? 46 + n : 1 + (n % 20) }, () => id);
        const expected = ids.length > 45 ? 'COST_LIMIT_EXCEEDED' : undefined;
        expect(code(await post({ query: QUERY, variables: { ids } })), `${ids.length} ids`).toBe(expected);
      }
    }
  });

  it('judges each operation of one document by its own cost', async () => {
    expect(code(await post({ query: TWO_OPERATIONS, operationName: 'Small' }))).toBeUndefined();
    expect(code(await post({ query: TWO_OPERATIONS, operationName: 'Large' }))).toBe('COST_LIMIT_EXCEEDED');
    expect(code(await get({ query: TWO_OPERATIONS, operationName: 'Small' }))).toBeUndefined();
    expect(code(await get({ query: TWO_OPERATIONS, operationName: 'Large' }))).toBe('COST_LIMIT_EXCEEDED');
  });
});
