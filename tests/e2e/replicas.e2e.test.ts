// Scale out: two service processes, each with its own read models, sharing one EventStoreDB log
// (the in-process stand-in). A write is readable at once on the replica that made it, and on the
// other once it has caught up; editors on both contend through the log's expected revisions, so
// exactly one of two concurrent edits wins; both verify; stopping one leaves the other serving.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verify } from '../../src/app/verify.ts';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { EDITOR_TOKEN, SECOND_EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const REGISTER = `mutation($input: RegisterDocumentInput!) {
  registerDocument(input: $input) { __typename ... on Error { message code } }
}`;
const PUBLISH = `mutation($input: PublishVersionInput!) {
  publishVersion(input: $input) {
    __typename
    ... on PublishVersionSuccess { document { revision } }
    ... on ConflictError { expectedRevision actualRevision }
    ... on Error { message code }
  }
}`;
const VERSIONS = `query($slug: String!) { document(slug: $slug) { revision versions { label } } }`;

type Result = { __typename: string; [k: string]: unknown };
type Doc = { document: { revision: number; versions: { label: string }[] } | null };

const publishInput = (slug: string, label: string, expectedRevision?: number) => ({
  slug,
  label,
  publishedOn: '2022-03-01',
  changeNote: `Version ${label}`,
  sections: [{ key: 'purpose', heading: 'Purpose', body: `Text of ${label}.` }],
  ...(expectedRevision !== undefined ? { expectedRevision } : {}),
});

describe('two replicas on one EventStoreDB log', () => {
  let emulator: EsdbEmulator;
  let a: TestServer;
  let b: TestServer;
  let bStopped = false;

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    const env = { EVENTSTORE_CONNECTION_STRING: emulator.connectionString, SEED: 'false' };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  afterAll(async () => {
    await a.stop();
    if (!bStopped) await b.stop();
    await emulator.stop();
  });

  async function mutate(server: TestServer, query: string, input: Record<string, unknown>, token = EDITOR_TOKEN): Promise<Result> {
    const res = await server.gql<Record<string, Result>>(query, { input }, { token });
    expect(res.errors).toBeUndefined();
    return Object.values(res.data!)[0]!;
  }

  it('a write is readable at once on its replica and on the other after catch-up', async () => {
    expect(await mutate(a, REGISTER, { slug: 'shared-guide', title: 'A shared guide', kind: 'PRACTICE_GUIDANCE' })).toMatchObject({
      __typename: 'RegisterDocumentSuccess',
    });
    expect(await mutate(a, PUBLISH, publishInput('shared-guide', 'v1', 0))).toMatchObject({ __typename: 'PublishVersionSuccess' });
    // Read-your-writes on the replica that wrote: no wait.
    const onA = await a.gql<Doc>(VERSIONS, { slug: 'shared-guide' });
    expect(onA.data!.document).toEqual({ revision: 1, versions: [{ label: 'v1' }] });
    // The other replica follows the log and catches up within a bounded wait.
    await vi.waitFor(
      async () => expect((await b.gql<Doc>(VERSIONS, { slug: 'shared-guide' })).data!.document).toEqual(onA.data!.document),
      { timeout: 5_000, interval: 50 },
    );
  });

  it('concurrent editors on both replicas: exactly one wins, the other gets ConflictError', async () => {
    await vi.waitFor(async () => expect((await b.gql<Doc>(VERSIONS, { slug: 'shared-guide' })).data!.document?.revision).toBe(1), {
      timeout: 5_000,
    });
    const outcomes = await Promise.all([
      mutate(a, PUBLISH, publishInput('shared-guide', 'v2-a', 1)),
      mutate(b, PUBLISH, publishInput('shared-guide', 'v2-b', 1), SECOND_EDITOR_TOKEN),
    ]);
    const names = outcomes.map((o) => o.__typename).sort();
    expect(names).toEqual(['ConflictError', 'PublishVersionSuccess']);
    expect(outcomes.find((o) => o.__typename === 'ConflictError')).toMatchObject({ expectedRevision: 1, actualRevision: 2 });
    for (const server of [a, b]) {
      await vi.waitFor(async () => expect((await server.gql<Doc>(VERSIONS, { slug: 'shared-guide' })).data!.document?.revision).toBe(2), {
        timeout: 5_000,
      });
    }
  });

  it('verify passes on both replicas', async () => {
    await vi.waitFor(() => expect(b.services.runner.checkpoint).toBe(a.services.runner.checkpoint), { timeout: 5_000 });
    for (const server of [a, b]) {
      const verdict = await verify(server.services);
      expect(verdict.ok).toBe(true);
    }
  });

  it('stopping one replica does not disturb the other', async () => {
    await b.stop();
    bStopped = true;
    expect(await mutate(a, PUBLISH, publishInput('shared-guide', 'v3', 2))).toMatchObject({ __typename: 'PublishVersionSuccess' });
    const onA = await a.gql<Doc>(VERSIONS, { slug: 'shared-guide' });
    expect(onA.data!.document!.versions.map((v) => v.label)).toContain('v3');
    const health = await fetch(a.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
  });
});
