// Many readers waiting with X-Min-Position for a position the log has not reached: they hold no
// execution turn, cost the server one timer between them (not one each, polling), leave no timer
// or listener behind when they end, and others are answered meanwhile. A header that is no
// position is a typed 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const WAITERS = 200;
const FAR_AHEAD = '1000000000000000';

/** Timers the process holds right now (the server runs in this process). */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

describe('X-Min-Position waits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false', MIN_POSITION_WAIT_MS: '1500', RESPONSE_CACHE_SIZE: '0' });
  });
  afterAll(() => server.stop());

  const ask = (headers: Record<string, string>) =>
    fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', ...headers },
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
    }));

  it(`${WAITERS} readers waiting on a far-off position share one timer, leave none behind, and keep no one else waiting`, async () => {
    const before = activeTimers();
    const waiting = Array.from({ length: WAITERS }, () => ask({ 'x-min-position': FAR_AHEAD }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Each request has its deadline timer (REQUEST_TIMEOUT_MS); polling used to add up to one more
    // each. Sampled over a few polls, since a polling waiter holds no timer while it reads the log.
    let most = 0;
    for (let sample = 0; sample < 20; sample += 1) {
      most = Math.max(most, activeTimers() - before);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(most).toBeLessThan(WAITERS + 10);

    const started = performance.now();
    expect((await ask({})).body).toEqual({ data: { __typename: 'Query' } });
    expect(performance.now() - started).toBeLessThan(1_000);

    const answers = await Promise.all(waiting);
    for (const answer of answers) expect(answer.body.errors?.[0]?.extensions?.code).toBe('POSITION_NOT_REACHED');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(activeTimers()).toBeLessThanOrEqual(before + 2);
  });

  it('answers a header that is not a log position with BAD_USER_INPUT and status 400, in either media type', async () => {
    for (const value of ['abc', '-1', '1e3', '0x10', '5, 6', '99999999999999999999999']) {
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const answer = await ask({ 'x-min-position': value, accept });
        expect(answer.status).toBe(400);
        expect(answer.body.data).toBeUndefined();
        expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});
