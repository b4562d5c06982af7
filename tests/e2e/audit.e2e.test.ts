// Auditors over HTTP and on the command line: the log as evidence, recorded-time travel,
// verification, rebuild, export and import.
import { join } from 'node:path';
import { openSqlite } from '../../src/sqlite.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';
import type { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';

const WT = 'working-together-to-safeguard-children';

type EventNode = {
  position: string;
  type: string;
  actor: string;
  recordedAt: string;
  effectiveAt: string;
  changeNote: string | null;
  source: string | null;
  hash: string;
  previousHash: string;
  data: { label?: string };
};

describe('auditors over HTTP', () => {
  let server: TestServer;
  const events = async (args: string, token = AUDITOR_TOKEN) =>
    server.gql<{ events: { edges: { node: EventNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ events(${args}) { edges { node { position type actor recordedAt effectiveAt changeNote source hash previousHash data } } pageInfo { hasNextPage endCursor } } }`,
      {},
      { token },
    );

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('lists every change to Working Together with who, when and why, hashes linked', async () => {
    const res = await events(`streamId: "document-${WT}", first: 50`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.events.edges.map((e) => e.node);
    expect(nodes.map((n) => n.type)).toEqual([
      'DocumentRegistered',
      'VersionPublished',
      'VersionPublished',
      'VersionPublished',
    ]);
    expect(nodes.map((n) => n.data.label ?? null)).toEqual([null, '2018', '2020', '2023']);
    for (const n of nodes) {
      expect(n.actor).toBe('seed');
      expect(n.source).toBeTruthy();
      expect(n.position).toMatch(/^\d+$/);
      expect(n.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(nodes[3]!.effectiveAt).toBe('2023-12-15');
    expect(nodes[2]!.changeNote).toContain('homelessness');
  });

  it('filters the log by type, actor, stream prefix and both kinds of time, and pages with cursors', async () => {
    await server.gql(
      'mutation { registerDocument(input: {slug: "audit-doc", title: "Audit", kind: RESOURCE}) { __typename } }',
      {},
      { token: EDITOR_TOKEN },
    );
    const byActor = await events('actor: "alice"');
    expect(byActor.data!.events.edges.map((e) => e.node.type)).toEqual(['DocumentRegistered']);
    const versions = await events(
      'types: ["VersionPublished"], effectiveFrom: "2020-01-01", effectiveTo: "2020-12-31"',
    );
    expect(versions.data!.events.edges.map((e) => e.node.data.label)).toEqual(['2020']);
    const recorded = await events(
      `streamPrefix: "document-", recordedFrom: "${new Date(Date.now() - 60_000).toISOString()}", first: 500`,
    );
    expect(recorded.data!.events.edges.length).toBeGreaterThan(0);
    const none = await events('recordedTo: "2000-01-01T00:00:00Z"');
    expect(none.data!.events.edges).toEqual([]);
    const page1 = await events('first: 2');
    const page2 = await events(`first: 2, after: "${page1.data!.events.pageInfo.endCursor}"`);
    expect(page1.data!.events.pageInfo.hasNextPage).toBe(true);
    expect(BigInt(page2.data!.events.edges[0]!.node.position)).toBe(
      BigInt(page1.data!.events.edges[1]!.node.position) + 1n,
    );
    expect(page2.data!.events.edges[0]!.node.previousHash).toBe(page1.data!.events.edges[1]!.node.hash);
  });

  it('keeps the log from the public and from editors', async () => {
    expect((await events('first: 1', '')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await events('first: 1', EDITOR_TOKEN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers what the service knew at a past position, so a later correction shows as late', async () => {
    const head = (await server.services.store.headPosition()).toString();
    const fix = await server.gql(
      `mutation($i: CorrectVersionInput!) { correctVersion(input: $i) { __typename } }`,
      {
        i: {
          slug: WT,
          label: '2018',
          reason: 'Spelling',
          sections: [{ key: 'introduction', heading: 'Introduction', body: 'Corrected introduction text.' }],
        },
      },
      { token: EDITOR_TOKEN },
    );
    expect(fix.data).toEqual({ correctVersion: { __typename: 'CorrectVersionSuccess' } });
    const query = `query($at: String) { document(slug: "${WT}", atPosition: $at) { knownAt version(label: "2018") { sections { body } corrections { reason } } } }`;
    type R = {
      document: {
        knownAt: string | null;
        version: { sections: { body: string }[]; corrections: { reason: string }[] };
      };
    };
    const then = await server.gql<R>(query, { at: head }, { token: AUDITOR_TOKEN });
    const now = await server.gql<R>(query, { at: null }, { token: AUDITOR_TOKEN });
    expect(then.data!.document.knownAt).toBe(head);
    expect(then.data!.document.version.sections).toHaveLength(6);
    expect(then.data!.document.version.corrections).toEqual([]);
    expect(now.data!.document.version.sections).toEqual([{ body: 'Corrected introduction text.' }]);
    expect(now.data!.document.version.corrections).toEqual([{ reason: 'Spelling' }]);
    const before = await server.gql<{ document: unknown }>(
      `{ document(slug: "${WT}", knownAt: "2000-01-01T00:00:00Z") { slug } }`,
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(before.data!.document).toBeNull();
    const asPublic = await server.gql(query, { at: head });
    expect(asPublic.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('links documents and versions to the events that produced them', async () => {
    type P = { position: string; type: string; actor: string; source: string | null; recordedAt: string };
    const res = await server.gql<{ document: { provenance: P[]; version: { provenance: P[] } } }>(
      `{ document(slug: "${WT}") { provenance { position type actor source recordedAt } version(label: "2018") { provenance { type actor changeNote } } } }`,
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(res.errors).toBeUndefined();
    const doc = res.data!.document;
    expect(doc.provenance.slice(0, 4).map((p) => p.type)).toEqual([
      'DocumentRegistered',
      'VersionPublished',
      'VersionPublished',
      'VersionPublished',
    ]);
    expect(doc.provenance.every((p) => p.actor && p.recordedAt)).toBe(true);
    expect(doc.version.provenance.map((p) => p.type)).toEqual(['VersionPublished', 'VersionCorrected']);
    const asPublic = await server.gql(`{ document(slug: "${WT}") { provenance { type } } }`);
    expect(asPublic.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('tells effective time from recorded time: a back-dated appointment and a late membership report', async () => {
    const before = (await server.services.store.headPosition()).toString();
    const instantBefore = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const appointed = await server.gql<{ appointTrustee: { __typename: string } }>(
      'mutation { appointTrustee(input: {name: "Late Recorded Trustee", appointedOn: "2021-01-15", source: "Board minutes found later"}) { __typename } }',
      {},
      { token: EDITOR_TOKEN },
    );
    expect(appointed.data!.appointTrustee.__typename).toBe('AppointTrusteeSuccess');
    type B = { board: { namedSize: number; knownAt: string | null; trustees: { name: string }[] } };
    const board = (args: string) =>
      server.gql<B>(
        `{ board(asOf: "2021-06-01"${args}) { namedSize knownAt trustees { name } } }`,
        {},
        { token: AUDITOR_TOKEN },
      );
    const now = await board('');
    const then = await board(`, atPosition: "${before}"`);
    const thenByTime = await board(`, knownAt: "${instantBefore}"`);
    expect(now.data!.board.trustees.map((t) => t.name)).toContain('Late Recorded Trustee');
    expect(then.data!.board.trustees.map((t) => t.name)).not.toContain('Late Recorded Trustee');
    expect(then.data!.board.namedSize).toBe(now.data!.board.namedSize - 1);
    expect(thenByTime.data!.board.trustees).toEqual(then.data!.board.trustees);

    await server.gql(
      'mutation { reportMembershipFigures(input: {reportedOn: "2022-05-25", members: 80, eligible: 137, source: "Late report"}) { __typename } }',
      {},
      { token: EDITOR_TOKEN },
    );
    type M = { membership: { reported: { members: number } | null } };
    const m = (args: string) =>
      server.gql<M>(`{ membership(asOf: "2022-06-01"${args}) { reported { members } } }`, {}, { token: AUDITOR_TOKEN });
    expect((await m('')).data!.membership.reported!.members).toBe(80);
    expect((await m(`, atPosition: "${before}"`)).data!.membership.reported!.members).toBe(78);
    expect((await server.gql('{ board(atPosition: "1") { size } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it("shows each event's data as the log holds it, read from the log, and names an indexed event the log no longer holds", async () => {
    // A server of its own: the test edits the log, which later checks of the shared one would see.
    const server = await startTestServer();
    try {
      const registered = await server.gql(
        'mutation { registerDocument(input: {slug: "from-the-log", title: "As recorded", kind: RESOURCE}) { __typename } }',
        {},
        { token: EDITOR_TOKEN },
      );
      expect(registered.errors).toBeUndefined();
      const query = `{ events(streamId: "document-from-the-log") { edges { node { type data changeNote } } } }`;
      const title = async () => {
        const res = await server.gql<{ events: { edges: { node: { data: { title: string } } }[] } }>(
          query,
          {},
          { token: AUDITOR_TOKEN },
        );
        return { res, title: res.data?.events.edges[0]?.node.data?.title };
      };
      expect((await title()).title).toBe('As recorded');
      // The index keeps no copy of the data: an edit to the log's row is what the auditor sees (and
      // what verify reports as a broken chain).
      const db = (server.services.store as SqliteEventStore).database;
      db.prepare(
        `UPDATE events SET data = json_set(data, '$.title', 'Edited in the file') WHERE stream_id = 'document-from-the-log'`,
      ).run();
      expect((await title()).title).toBe('Edited in the file');
      db.prepare(
        `UPDATE events SET id = '00000000-0000-4000-8000-000000000000' WHERE stream_id = 'document-from-the-log'`,
      ).run();
      const { res } = await title();
      expect(res.errors?.[0]?.message).toContain('holds no event');
      expect(res.errors?.[0]?.extensions?.code).toBe('LOG_DAMAGED');
    } finally {
      await server.stop();
    }
  });

  it('verifies the chain and the read models through GraphQL', async () => {
    const res = await server.gql<{
      verification: {
        ok: boolean;
        checkedEvents: number;
        headHash: string;
        firstBrokenPosition: string | null;
        readModelsMatch: boolean;
      };
    }>(
      '{ verification { ok checkedEvents headHash firstBrokenPosition readModelsMatch } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(res.data!.verification).toMatchObject({ ok: true, firstBrokenPosition: null, readModelsMatch: true });
    expect(res.data!.verification.checkedEvents).toBe(Number(await server.services.store.headPosition()));
  });
});

describe('auditors on the command line', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const cli = async (args: string[], dataDir: string) => {
    const { code, output } = await runCli(args, { dataDir });
    return { code, out: output };
  };

  it('seeds, verifies, rebuilds, exports and re-imports with identical hashes, and names a tampered position', async () => {
    const a = tempDir('sgh-cli-a-');
    const b = tempDir('sgh-cli-b-');
    try {
      expect((await cli(['seed'], a.path)).out).toMatch(/seed: \d+ events appended/);
      expect((await cli(['seed'], a.path)).out).toContain('seed: 0 events appended');
      const verified = await cli(['verify'], a.path);
      expect(verified.code).toBe(0);
      expect(verified.out).toMatch(/OK: \d+ events checked, head hash [0-9a-f]{64}/);
      const rebuilt = await cli(['rebuild'], a.path);
      expect(rebuilt.out).toMatch(/rebuilt read models from \d+ events/);
      const checksum = /checksum ([0-9a-f]{64})/.exec(rebuilt.out)![1];
      const past = await cli(['rebuild', '--to-position', '3', '--out', join(a.path, 'past')], a.path);
      expect(past.out).toContain('up to position 3');

      const file = join(a.path, 'log.ndjson');
      const keys = join(a.path, 'log.keys.sqlite');
      expect((await cli(['export', file, '--keys', keys], a.path)).out).toMatch(/exported \d+ events/);
      const imported = await cli(['import', file, '--keys', keys], b.path);
      expect(imported.code).toBe(0);
      expect(imported.out).toContain(`read-model checksum ${checksum}`);
      const again = await cli(['import', file], b.path);
      expect(again.code).toBe(1);
      expect(again.out).toContain('not empty');

      const backup = await cli(['backup', join(a.path, 'backup')], a.path);
      expect(backup.out).toMatch(/backup written to .*OK/);

      const db = openSqlite(join(a.path, 'events.sqlite'));
      db.prepare(`UPDATE events SET data = replace(data, 'Safeguarding', 'Safe-guarding') WHERE position = 4`).run();
      db.close();
      const broken = await cli(['verify'], a.path);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain('BROKEN at position 4');
    } finally {
      a.remove();
      b.remove();
    }
  }, 120_000);
});
