// A NUL in the text of `search` or `termHistory` ended SQLite's reading of the FTS5 query mid-phrase
// ("unterminated string"), so the reader got INTERNAL_SERVER_ERROR. The phrase's words are what
// matter, and a NUL separates words like any other non-letter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const SEARCH = `query($text: String!) { search(text: $text, first: 5) { edges { node { versionLabel snippet } } } }`;
const TERM_HISTORY = `query($text: String!) { document(slug: "working-together-to-safeguard-children") {
  termHistory(text: $text) { version { label } count } } }`;

type Search = { search: { edges: { node: { versionLabel: string; snippet: string } }[] } };
type Terms = { document: { termHistory: { version: { label: string }; count: number }[] } };

describe('search text holding a NUL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server.stop());

  it('given "coercive\\u0000control", when searching, then it matches as "coercive control" without an error', async () => {
    const res = await server.gql<Search>(SEARCH, { text: 'coercive\u0000control' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.search.edges.map((e) => e.node.versionLabel)).toEqual(['2020']);
  });

  it('given a NUL inside a quote, when asking termHistory, then each version is counted without an error', async () => {
    const res = await server.gql<Terms>(TERM_HISTORY, { text: 'coercive\u0000"control' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.document.termHistory.map((t) => [t.version.label, t.count])).toEqual([
      ['2018', 0],
      ['2020', 1],
      ['2023', 0],
    ]);
  });
});
