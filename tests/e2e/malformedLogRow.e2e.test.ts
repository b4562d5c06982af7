// A row of events.sqlite whose data is no longer JSON (edited under the service) is a broken log,
// named by its position: verification answers ok false at that position rather than failing, and
// a service started over it runs with the log taken as damaged (reads flagged, writes refused)
// instead of stopping, its read models stopped before that position if they had not applied it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/sqlite.ts';
import { AUDITOR_TOKEN, expectRefused, startTestServer, type TestServer } from '../support/server.ts';

const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename ... on LogDamagedError { message } } }`;

describe('a log row that is not JSON', () => {
  let server: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dataDir = server.dataDir;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Restarts the service over the same data directory, optionally without its read models. */
  const restart = async (readModels: 'kept' | 'removed') => {
    await server.close();
    if (readModels === 'removed')
      for (const f of ['read.sqlite', 'read.sqlite-wal', 'read.sqlite-shm']) rmSync(join(dataDir, f), { force: true });
    server = await startTestServer({}, dataDir);
  };
  const health = async () =>
    (await (await fetch(server.url.replace('/graphql', '/health'))).json()) as {
      status: string;
      reason: string | null;
      log: { writable: boolean };
      projections: {
        position: string;
        failure: { projector: string; position: string; eventType: string; message: string } | null;
      };
    };

  it('is where verification finds the chain broken', async () => {
    // Another process edits a row the read models have already applied.
    const other = openSqlite(`${server.dataDir}/events.sqlite`);
    other.pragma('busy_timeout = 5000');
    other.prepare("UPDATE events SET data = '{not json' WHERE position = 3").run();
    other.close();
    const res = await server.gql<{
      verification: { ok: boolean; checkedEvents: number; firstBrokenPosition: string | null; reason: string | null };
    }>('{ verification { ok checkedEvents firstBrokenPosition reason } }', {}, { token: AUDITOR_TOKEN });
    expect(res.errors).toBeUndefined();
    expect(res.data!.verification).toMatchObject({ ok: false, checkedEvents: 2, firstBrokenPosition: '3' });
    expect(res.data!.verification.reason).toMatch(/data is not JSON/);
  });

  it('answers LOG_DAMAGED for that event alone in event listings', async () => {
    const res = await server.gql<{ events: { edges: { node: { position: string; data: unknown } | null }[] } }>(
      '{ events(first: 5) { edges { node { position data } } } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    const codes = (res.errors ?? []).map((e) => e.extensions?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['LOG_DAMAGED']));
    expect((res.errors ?? []).every((e) => /position 3\b/.test(e.message))).toBe(true);
  });

  it('given a restart over it, then the service runs with the log taken as damaged: reads flagged, writes refused', async () => {
    await restart('kept');
    const h = await health();
    expect(h.status).toBe('failing');
    expect(h.reason).toMatch(/breaks at position 3: its data is not JSON/);
    expect(h.log.writable).toBe(false);
    const refused = await expectRefused(
      server,
      REGISTER,
      { slug: 'after-damage', title: 'After damage', kind: 'RESOURCE' },
      'LogDamagedError',
    );
    expect(refused.message).toMatch(/position 3/);
  });

  it('given a restart with read models that had not applied it, then they stop just before it, naming the log', async () => {
    await restart('removed');
    const h = await health();
    expect(h.status).toBe('failing');
    expect(h.projections.position).toBe('2');
    expect(h.projections.failure).toEqual({
      projector: 'log',
      position: '3',
      eventType: 'unreadable',
      message: 'its data is not JSON',
    });
    const res = await server.gql('{ documents(first: 1) { edges { node { slug } } } }');
    expect((res.errors ?? []).map((e) => e.extensions?.code)).toContain('READ_MODEL_BEHIND');
  });
});
