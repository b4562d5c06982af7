// The history pages share the GraphQL requests' limits: an anonymous crowd asking compare pages
// of many version pairs waits in the same admission queue (a full queue answers 503 naming
// MAX_QUEUED_REQUESTS) instead of each page running the moment it arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

const SLUG = 'working-together-to-safeguard-children';

describe('history pages under admission control', () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    server = await startTestServer({ MAX_CONCURRENT_REQUESTS: '1', MAX_QUEUED_REQUESTS: '1' });
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.stop());

  it('refuses compare pages beyond the queue with a 503 page naming the limit, and serves the rest', async () => {
    const pairs = ['2018/2023', '2023/2018', '2015/2023', '2023/2015', '2015/2018', '2018/2015'];
    // Pages are fast once their comparison is cached, so whether twelve requests meet in the queue
    // depends on when they arrive: crowds are sent until one does (bounded), and every answer of
    // every crowd is checked.
    const answers: { status: number; limit: string | null; retry: string | null; type: string | null; html: string }[] =
      [];
    for (let round = 0; round < 25 && !answers.some((a) => a.status === 503); round += 1) {
      const crowd = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const res = await fetch(`${origin}/documents/${SLUG}/compare/${pairs[i % pairs.length]}`);
          return {
            status: res.status,
            limit: res.headers.get('x-limit'),
            retry: res.headers.get('retry-after'),
            type: res.headers.get('content-type'),
            html: await res.text(),
          };
        }),
      );
      answers.push(...crowd);
    }
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.limit).toBe('MAX_QUEUED_REQUESTS');
      expect(a.retry).toBe('1');
      expect(a.type).toBe('text/html; charset=utf-8');
      expect(a.html).toContain('try again shortly');
    }
    for (const a of answers.filter((x) => x.status !== 503)) expect([200, 404]).toContain(a.status);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    // Once the crowd is gone, the page is served again.
    expect((await fetch(`${origin}/documents/${SLUG}/compare/2018/2023`)).status).toBe(200);
  });
});
