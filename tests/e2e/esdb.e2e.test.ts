// The service over HTTP with EventStoreDB as its log (the in-process stand-in, which follows the
// server's rules): what a user sees when the node refuses or lags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const REGISTER = `mutation($input: RegisterDocumentInput!) {
  registerDocument(input: $input) { __typename ... on Error { message code } }
}`;
const PUBLISH = `mutation($input: PublishVersionInput!) {
  publishVersion(input: $input) {
    __typename
    ... on PublishVersionSuccess { document { slug revision } }
    ... on Error { message code }
    ... on ValidationError { fields { path message } }
  }
}`;

type Result = { __typename: string; [k: string]: unknown };

describe('EventStoreDB as the log, over HTTP', () => {
  let emulator: EsdbEmulator;
  let server: TestServer;
  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    server = await startTestServer({ EVENTSTORE_CONNECTION_STRING: emulator.connectionString, SEED: 'false' });
    const res = await server.gql<{ registerDocument: Result }>(
      REGISTER,
      { input: { slug: 'big-guide', title: 'A big guide', kind: 'PRACTICE_GUIDANCE' } },
      { token: EDITOR_TOKEN },
    );
    expect(res.data!.registerDocument.__typename).toBe('RegisterDocumentSuccess');
  });
  afterAll(async () => {
    await server.stop();
    await emulator.stop();
  });

  it("gives auditors each event's data read from the node by stream and revision", async () => {
    const res = await server.gql<{ events: { edges: { node: { type: string; data: { title?: string } } }[] } }>(
      '{ events(streamId: "document-big-guide", first: 5) { edges { node { type data } } } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.events.edges[0]!.node).toEqual({
      type: 'DocumentRegistered',
      data: { slug: 'big-guide', title: 'A big guide', kind: 'PRACTICE_GUIDANCE' },
    });
  });

  it('answers a version over the node`s append size limit with a ValidationError and stores nothing', async () => {
    const head = await server.services.store.headPosition();
    const sections = Array.from({ length: 6 }, (_, i) => ({
      key: `s${i}`,
      heading: `Part ${i}`,
      body: 'word '.repeat(39_000),
    }));
    const res = await server.gql<{ publishVersion: Result }>(
      PUBLISH,
      { input: { slug: 'big-guide', label: 'v1', publishedOn: '2022-03-01', changeNote: 'Long', sections } },
      { token: EDITOR_TOKEN },
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.publishVersion).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect(String(res.data!.publishVersion.message)).toMatch(/limit of 1048576 bytes/);
    expect(await server.services.store.headPosition()).toBe(head);

    // A version under the limit is stored as usual.
    const ok = await server.gql<{ publishVersion: Result }>(
      PUBLISH,
      {
        input: {
          slug: 'big-guide',
          label: 'v1',
          publishedOn: '2022-03-01',
          changeNote: 'Long',
          sections: sections.slice(0, 2),
        },
      },
      { token: EDITOR_TOKEN },
    );
    expect(ok.data!.publishVersion.__typename).toBe('PublishVersionSuccess');
  });

  it('starts again over its read models: the start-up check reads the log from positions it reported, never computed ones', async () => {
    const dir = tempDir('sgh-esdb-restart-');
    const env = { EVENTSTORE_CONNECTION_STRING: emulator.connectionString, SEED: 'false' };
    try {
      const first = await startTestServer(env, dir.path);
      const res = await first.gql<{ registerDocument: Result }>(
        REGISTER,
        { input: { slug: 'restart-guide', title: 'A guide that outlives a restart', kind: 'PRACTICE_GUIDANCE' } },
        { token: EDITOR_TOKEN },
      );
      expect(res.data!.registerDocument.__typename).toBe('RegisterDocumentSuccess');
      await first.stop();

      const second = await startTestServer(env, dir.path);
      try {
        const health = await fetch(second.url.replace('/graphql', '/health'));
        const body = (await health.json()) as { status: string; reason: string | null };
        expect(body).toMatchObject({ status: 'ok', reason: null });
        const doc = await second.gql<{ document: { slug: string } | null }>(
          '{ document(slug: "restart-guide") { slug } }',
        );
        expect(doc.data!.document).toEqual({ slug: 'restart-guide' });
      } finally {
        await second.stop();
      }
    } finally {
      dir.remove();
    }
  });
});
