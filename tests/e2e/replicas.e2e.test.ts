// Scale out: two service processes, each with its own read models, sharing one EventStoreDB log
// (the in-process stand-in). A write is readable at once on the replica that made it, and on the
// other once it has caught up; editors on both contend through the log's expected revisions, so
// exactly one of two concurrent edits wins; both verify; stopping one leaves the other serving.
// A reader that wrote through one replica reads through the other with X-Min-Position (the
// X-Log-Position of the write's answer) and sees its write at once, without polling.
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
type Answer<T> = {
  status: number;
  logPosition: string | null;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

const MIN_POSITION_WAIT_MS = 2_000;

/** A GraphQL request with its X-Log-Position answer header; `minPosition` goes out as X-Min-Position. */
async function request<T>(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    logPosition: res.headers.get('x-log-position'),
    ...((await res.json()) as { data?: T }),
  };
}
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
    // One execution turn on B: a request waiting for its position must not hold it.
    b = await startTestServer({
      ...env,
      MIN_POSITION_WAIT_MS: String(MIN_POSITION_WAIT_MS),
      MAX_CONCURRENT_REQUESTS: '1',
    });
  });
  afterAll(async () => {
    await a.stop();
    if (!bStopped) await b.stop();
    await emulator.stop();
  });

  async function mutate(
    server: TestServer,
    query: string,
    input: Record<string, unknown>,
    token = EDITOR_TOKEN,
  ): Promise<Result> {
    const res = await server.gql<Record<string, Result>>(query, { input }, { token });
    expect(res.errors).toBeUndefined();
    return Object.values(res.data!)[0]!;
  }

  it('a write is readable at once on its replica and on the other after catch-up', async () => {
    expect(
      await mutate(a, REGISTER, { slug: 'shared-guide', title: 'A shared guide', kind: 'PRACTICE_GUIDANCE' }),
    ).toMatchObject({
      __typename: 'RegisterDocumentSuccess',
    });
    expect(await mutate(a, PUBLISH, publishInput('shared-guide', 'v1', 0))).toMatchObject({
      __typename: 'PublishVersionSuccess',
    });
    // Read-your-writes on the replica that wrote: no wait.
    const onA = await a.gql<Doc>(VERSIONS, { slug: 'shared-guide' });
    expect(onA.data!.document).toEqual({ revision: 1, versions: [{ label: 'v1' }] });
    // The other replica follows the log and catches up within a bounded wait.
    await vi.waitFor(
      async () =>
        expect((await b.gql<Doc>(VERSIONS, { slug: 'shared-guide' })).data!.document).toEqual(onA.data!.document),
      { timeout: 5_000, interval: 50 },
    );
  });

  it('concurrent editors on both replicas: exactly one wins, the other gets ConflictError', async () => {
    await vi.waitFor(
      async () => expect((await b.gql<Doc>(VERSIONS, { slug: 'shared-guide' })).data!.document?.revision).toBe(1),
      {
        timeout: 5_000,
      },
    );
    const outcomes = await Promise.all([
      mutate(a, PUBLISH, publishInput('shared-guide', 'v2-a', 1)),
      mutate(b, PUBLISH, publishInput('shared-guide', 'v2-b', 1), SECOND_EDITOR_TOKEN),
    ]);
    const names = outcomes.map((o) => o.__typename).sort();
    expect(names).toEqual(['ConflictError', 'PublishVersionSuccess']);
    expect(outcomes.find((o) => o.__typename === 'ConflictError')).toMatchObject({
      expectedRevision: 1,
      actualRevision: 2,
    });
    for (const server of [a, b]) {
      await vi.waitFor(
        async () =>
          expect((await server.gql<Doc>(VERSIONS, { slug: 'shared-guide' })).data!.document?.revision).toBe(2),
        {
          timeout: 5_000,
        },
      );
    }
  });

  it('verify passes on both replicas', async () => {
    await vi.waitFor(() => expect(b.services.runner.checkpoint).toBe(a.services.runner.checkpoint), { timeout: 5_000 });
    for (const server of [a, b]) {
      const verdict = await verify(server.services);
      expect(verdict.ok).toBe(true);
    }
  });

  describe('X-Min-Position: a reader asks for the position its write reached', () => {
    const minPosition = (position: string | bigint) => ({ 'x-min-position': String(position) });

    it('a write through A is read through B at once with the position A answered', async () => {
      const register = await request<Record<string, Result>>(
        a,
        REGISTER,
        { input: { slug: 'replica-read', title: 'Read on the other replica', kind: 'PRACTICE_GUIDANCE' } },
        { authorization: `Bearer ${EDITOR_TOKEN}` },
      );
      expect(register.data!.registerDocument).toMatchObject({ __typename: 'RegisterDocumentSuccess' });
      expect(register.logPosition).toMatch(/^\d+$/);
      // A's answer reflects its write; B, asked for that position, answers with the write in it.
      const onB = await request<Doc>(b, VERSIONS, { slug: 'replica-read' }, minPosition(register.logPosition!));
      expect(onB.errors).toBeUndefined();
      expect(onB.data!.document).toEqual({ revision: 0, versions: [] });
      expect(BigInt(onB.logPosition!)).toBeGreaterThanOrEqual(BigInt(register.logPosition!));
    });

    it('waits for a position not yet written, holding no execution turn, and answers once B has it', async () => {
      const head = BigInt((await request<Doc>(a, VERSIONS, { slug: 'replica-read' })).logPosition!);
      // Every later event has a greater position: head + 1 is reached by the next write, not before.
      const started = performance.now();
      const waiting = [1, 2].map(() => request<Doc>(b, VERSIONS, { slug: 'replica-later' }, minPosition(head + 1n)));
      // B has one execution turn; the two waiting readers must leave it to others.
      const plain = await request<Doc>(b, VERSIONS, { slug: 'replica-read' });
      expect(plain.data!.document).toEqual({ revision: 0, versions: [] });
      expect(performance.now() - started).toBeLessThan(MIN_POSITION_WAIT_MS / 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        await mutate(a, REGISTER, {
          slug: 'replica-later',
          title: 'Written while B waited',
          kind: 'PRACTICE_GUIDANCE',
        }),
      ).toMatchObject({
        __typename: 'RegisterDocumentSuccess',
      });
      for (const answer of await Promise.all(waiting)) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.document).toEqual({ revision: 0, versions: [] });
      }
    });

    it('answers POSITION_NOT_REACHED after MIN_POSITION_WAIT_MS for a position the log has not reached, and BAD_USER_INPUT for no position', async () => {
      const head = BigInt((await request<Doc>(b, VERSIONS, { slug: 'replica-read' })).logPosition!);
      const started = performance.now();
      const far = await request<Doc>(b, VERSIONS, { slug: 'replica-read' }, minPosition(head + 1_000_000_000n));
      expect(performance.now() - started).toBeGreaterThanOrEqual(MIN_POSITION_WAIT_MS - 50);
      expect(far.data).toBeUndefined();
      expect(far.errors).toHaveLength(1);
      expect(far.errors![0]!.extensions).toMatchObject({
        code: 'POSITION_NOT_REACHED',
        minPosition: (head + 1_000_000_000n).toString(),
        position: expect.stringMatching(/^\d+$/),
      });
      for (const bad of ['-1', 'soon', '99999999999999999999']) {
        const refused = await request<Doc>(b, VERSIONS, { slug: 'replica-read' }, minPosition(bad));
        expect(refused.data).toBeUndefined();
        expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
        expect(refused.errors![0]!.message).toContain('X-Min-Position');
      }
    });
  });

  it('stopping one replica does not disturb the other', async () => {
    await b.stop();
    bStopped = true;
    expect(await mutate(a, PUBLISH, publishInput('shared-guide', 'v3', 2))).toMatchObject({
      __typename: 'PublishVersionSuccess',
    });
    const onA = await a.gql<Doc>(VERSIONS, { slug: 'shared-guide' });
    expect(onA.data!.document!.versions.map((v) => v.label)).toContain('v3');
    const health = await fetch(a.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
  });
});
