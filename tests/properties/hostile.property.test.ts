// Property tests: whatever arrives, the server answers without a 500, a stack trace or an
// internal message, and invalid mutations append nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
let inputsTried = 0;

describe('hostile input', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    console.log(`property tests: ${inputsTried} inputs tried`);
    await server.stop();
  });

  async function send(body: string, token?: string) {
    inputsTried += 1;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(server.url, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, text };
  }

  function expectSafe({ status, text }: { status: number; text: string }) {
    expect(status).toBeLessThan(500);
    expect(text).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)/); // a stack frame
    expect(text).not.toMatch(/SQLITE|better-sqlite3|TypeError|ReferenceError|node_modules/);
  }

  const sectionArb = fc.record({
    key: fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/)),
    heading: fc.string({ maxLength: 50 }),
    body: fc.string({ maxLength: 200 }),
  });

  const publishInputArb = fc.record(
    {
      slug: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('working-together-to-safeguard-children')),
      label: fc.oneof(fc.string({ maxLength: 45 }), fc.constant('2018')),
      publishedOn: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('2023-02-30'), fc.constant('2023-12-15')),
      changeNote: fc.string({ maxLength: 30 }),
      sections: fc.array(sectionArb, { maxLength: 4 }),
      expectedRevision: fc.option(fc.integer({ min: -5, max: 50 }), { nil: undefined }),
    },
    { requiredKeys: [] },
  );

  it('never fails with a 500 or leaks internals on arbitrary publishVersion input, and appends nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(publishInputArb, async (input) => {
        const before = await server.services.store.headPosition();
        const res = await send(
          JSON.stringify({
            query:
              'mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename ... on Error { message code } } }',
            variables: { input },
          }),
          EDITOR_TOKEN,
        );
        expectSafe(res);
        const body = JSON.parse(res.text) as { data?: { publishVersion?: { __typename: string } } };
        if (body.data?.publishVersion?.__typename !== 'PublishVersionSuccess') {
          expect(await server.services.store.headPosition()).toBe(before);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const fieldArb = fc.constantFrom(
    'documents { edges { node { slug } } }',
    'document(slug: "x") { title }',
    'node(id: "Zm9v") { id }',
    '__typename',
    'document(slug: "working-together-to-safeguard-children") { inForce(asOf: "2020-02-31") { label } }',
    'document(slug: "working-together-to-safeguard-children") { compare(from: "2018", to: "nope") { summary { added } } }',
    'events { edges { node { type } } }',
    'verification { ok }',
  );
  const documentArb = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.array(fieldArb, { minLength: 1, maxLength: 4 }).map((fields) => `{ ${fields.join(' ')} }`),
    fc
      .tuple(fc.constantFrom('query', 'mutation', 'subscription', 'fragment F on Query'), fc.string({ maxLength: 60 }))
      .map(([op, rest]) => `${op} ${rest}`),
    fc.json({ maxDepth: 3 }),
  );

  it('answers arbitrary GraphQL documents and bodies without a 500 or a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        documentArb,
        fc.option(fc.json({ maxDepth: 2 }), { nil: undefined }),
        async (query, variables) => {
          const before = await server.services.store.headPosition();
          expectSafe(
            await send(
              JSON.stringify({ query, variables: variables === undefined ? undefined : JSON.parse(variables) }),
            ),
          );
          expectSafe(await send(query));
          expect(await server.services.store.headPosition()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
