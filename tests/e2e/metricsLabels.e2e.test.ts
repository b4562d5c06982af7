// /metrics label values a client chooses: operation names. Anonymous clients may send any name, so
// their names are bounded in number and length, and cannot crowd the names of trusted documents or
// of token holders' operations out of the metrics (they used to share one first-come set of 200).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, TRUSTED_DOCUMENTS_FILE } from '../../src/http/trustedDocuments.ts';
import { EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const SHIPPED = 'query ShippedByTheFrontend {\n  __typename\n}';

/** The operation label values of sgh_graphql_operations_total in an exposition. */
function operationLabels(text: string): Set<string> {
  return new Set([...text.matchAll(/^sgh_graphql_operations_total\{operation="([^"]*)"/gm)].map((match) => match[1]!));
}

describe('/metrics operation names', () => {
  const data = tempDir('sgh-metrics-labels-');
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    writeFileSync(
      join(data.path, TRUSTED_DOCUMENTS_FILE),
      JSON.stringify({ documents: { [documentHash(SHIPPED)]: SHIPPED } }),
    );
    server = await startTestServer({ SEED: 'false', METRICS: 'true', RESPONSE_CACHE_SIZE: '0' }, data.path);
    origin = new URL(server.url).origin;
  });
  afterAll(async () => {
    await server.stop();
    data.remove();
  });

  it('are bounded for anonymous clients, which cannot crowd out trusted documents or token holders', async () => {
    // An anonymous client takes more than every name slot, one name per request...
    for (let i = 0; i < 230; i += 1) {
      const answer = await server.gql(`query Junk${i} { __typename }`);
      expect(answer.errors).toBeUndefined();
    }
    // ...and one very long name.
    expect((await server.gql(`query ${'L'.repeat(5_000)} { __typename }`)).errors).toBeUndefined();
    // Then the frontend's trusted document and an editor's own operation run.
    const shipped = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(SHIPPED) } } }),
    });
    expect(await shipped.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await server.gql('query EditorsOwn { __typename }', {}, { token: EDITOR_TOKEN })).errors).toBeUndefined();

    const res = await fetch(`${origin}/metrics`);
    const labels = operationLabels(await res.text());
    expect(labels).toContain('ShippedByTheFrontend');
    expect(labels).toContain('EditorsOwn');
    expect(labels).toContain('(other)');
    expect(labels).toContain('Junk0');
    expect(labels).not.toContain('Junk229');
    expect([...labels].filter((name) => name.startsWith('Junk')).length).toBeLessThanOrEqual(200);
    expect(Math.max(...[...labels].map((name) => name.length))).toBeLessThanOrEqual(100);
  });
});
