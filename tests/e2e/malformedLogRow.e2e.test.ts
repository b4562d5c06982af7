// A row of events.sqlite whose data is no longer JSON (edited under the service) is a broken log,
// named by its position: verification answers ok false at that position rather than failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/sqlite.ts';
import { AUDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

describe('a log row that is not JSON', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

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
});
