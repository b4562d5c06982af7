// A verification replays the whole log (and, on a long log, starts a worker thread hashing leaves
// ahead of it): verifications asked for while one is running, as aliases of one request or as
// requests of their own, are answered by that run rather than each starting another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, ReadAllOptions } from '../../src/events/store.ts';
import { AUDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

type Verified = { ok: boolean; checkedEvents: number; readModelsMatch: boolean };

describe('verifications asked for together', () => {
  let server: TestServer;
  const reads: ReadAllOptions[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    // Counts the log's full reads (each verification reads it twice: the chain, then a replay).
    const store: EventStore = server.services.store;
    const readAll = store.readAll.bind(store);
    store.readAll = (options) => {
      reads.push(options ?? {});
      return readAll(options);
    };
  });
  afterAll(() => server.stop());

  const fullReads = () => reads.filter((o) => (o.after ?? 0n) === 0n && o.from === undefined).length;

  it('share one run, as aliases or as requests at once', async () => {
    const ask = (aliases: number) =>
      server.gql<Record<string, Verified>>(
        `{ ${Array.from({ length: aliases }, (_, i) => `v${i}: verification { ok checkedEvents readModelsMatch }`).join(' ')} }`,
        {},
        { token: AUDITOR_TOKEN },
      );
    const before = fullReads();
    const one = await ask(1);
    expect(one.data!.v0).toMatchObject({ ok: true, readModelsMatch: true });
    const perRun = fullReads() - before;
    expect(perRun).toBeGreaterThan(0);

    // The aliases of one request: one run.
    let start = fullReads();
    const aliased = await ask(20);
    for (const v of Object.values(aliased.data!)) expect(v).toEqual(one.data!.v0);
    expect(fullReads() - start).toBe(perRun);

    // Requests at once: each joins the run going on when it comes, if any (at most one run each).
    start = fullReads();
    const answers = await Promise.all([ask(10), ask(10), ask(10)]);
    for (const answer of answers) for (const v of Object.values(answer.data!)) expect(v).toEqual(one.data!.v0);
    expect(fullReads() - start).toBeLessThanOrEqual(3 * perRun);
  }, 60_000);
});
