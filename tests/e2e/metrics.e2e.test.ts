// /metrics in Prometheus's text format when METRICS=true: requests by route and status, operations
// by name, type and outcome, latency histograms, the log head, projection position and lag, events
// appended, answers from the public read cache, open event streams. Off by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const REGISTER = `mutation Register($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename } }`;

/** The value of one sample line (`name{labels} value`), or null when the exposition has none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[4]);
  }
  return null;
}

describe('/metrics', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false', METRICS: 'true' });
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.stop());

  async function metrics(): Promise<string> {
    const res = await fetch(`${origin}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  }

  it('counts operations by name and outcome, appends, cache hits, and reports the projections', async () => {
    const register = await server.gql<{ registerDocument: { __typename: string } }>(
      REGISTER,
      { input: { slug: 'metered', title: 'Metered', kind: 'RESOURCE' } },
      { token: EDITOR_TOKEN },
    );
    expect(register.data?.registerDocument.__typename).toBe('RegisterDocumentSuccess');
    await server.gql('query Broken { document(slug: "metered") { inForce(asOf: "nope") { label } } }');
    const url = `${server.url}?${new URLSearchParams({ query: 'query Titles { documents { edges { node { title } } } }' })}`;
    const first = await fetch(url, { headers: { accept: 'application/json' } });
    await first.arrayBuffer();
    await (await fetch(url, { headers: { accept: 'application/json' } })).arrayBuffer();
    await (
      await fetch(url, { headers: { accept: 'application/json', 'if-none-match': first.headers.get('etag')! } })
    ).arrayBuffer();

    const text = await metrics();
    expect(
      sample(text, 'sgh_graphql_operations_total', { operation: 'Register', type: 'mutation', outcome: 'ok' }),
    ).toBe(1);
    expect(sample(text, 'sgh_graphql_operations_total', { operation: 'Broken', type: 'query', outcome: 'error' })).toBe(
      1,
    );
    expect(sample(text, 'sgh_graphql_operations_total', { operation: 'Titles', type: 'query', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'sgh_public_read_cache_total', { result: 'hit' })).toBe(1);
    expect(sample(text, 'sgh_public_read_cache_total', { result: 'not_modified' })).toBe(1);
    expect(sample(text, 'sgh_http_requests_total', { route: '/graphql', method: 'GET', status: '304' })).toBe(1);
    expect(sample(text, 'sgh_http_request_duration_seconds_count', { route: '/graphql' })).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'sgh_graphql_execution_duration_seconds_count', { type: 'mutation' })).toBe(1);
    expect(sample(text, 'sgh_events_appended_total')).toBeGreaterThanOrEqual(1);
    const head = Number(await server.services.store.headPosition());
    expect(sample(text, 'sgh_log_head_position')).toBe(head);
    expect(sample(text, 'sgh_projection_position')).toBe(head);
    expect(sample(text, 'sgh_projection_lag')).toBe(0);
    expect(sample(text, 'sgh_open_event_streams')).toBe(0);
    expect(sample(text, 'sgh_live_subscribers')).not.toBeNull();
  });

  it('is not served unless METRICS=true', async () => {
    const off = await startTestServer({ SEED: 'false' });
    try {
      const res = await fetch(`${new URL(off.url).origin}/metrics`);
      await res.arrayBuffer();
      expect(res.status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});
