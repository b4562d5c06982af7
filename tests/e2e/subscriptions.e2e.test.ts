// Subscriptions over the real HTTP server: a client that stops reading is dropped with one clear
// error instead of growing the server's memory until it crashes; a subscriber that disconnects
// leaves nothing behind; and a subscriber without the right role is refused once, at subscribe time.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../../src/events/catalogue.ts';
import { openRawSse, type SseFrame } from '../support/rawSse.ts';
import { subscribe } from '../support/sse.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const QUEUE_LIMIT = 64;
/** Appends stop here even if nothing was dropped: the test stays bounded. */
const MAX_EVENTS = 3_000;
const BATCH = 100;

/**
 * 30 aliases (MAX_ALIASES) with long names make each event's SSE frame about 15 KB, so the socket's
 * buffers fill after a few dozen events and the rest wait in the server.
 */
const wide = (field: string, leaf: string) =>
  `subscription { ${field} { ${Array.from({ length: 30 }, (_, i) => `${'x'.repeat(500)}${i}: ${leaf}`).join(' ')} } }`;

/**
 * Appends `count` document registrations, one stream each, straight to the log. Each append lets
 * the event loop turn once, as appends over HTTP would, so a subscriber that reads can keep up.
 */
async function appendDocuments(server: TestServer, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const slug = `${prefix}-${i}`;
    await server.services.store.append(`document-${slug}`, [
      newEvent(
        randomUUID(),
        { type: 'DocumentRegistered', data: { slug, title: `Title of ${slug}`, kind: 'NEWS_ITEM' } },
        '2024-01-01',
        {
          actor: 'subscription test',
        },
      ),
    ]);
    await new Promise((r) => setImmediate(r));
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function payloads(
  frames: SseFrame[],
): { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }[] {
  return frames.filter((f) => f.event === 'next').map((f) => JSON.parse(f.data) as never);
}

describe('subscriptions over HTTP', () => {
  let server: TestServer;
  let round = 0;

  beforeAll(async () => {
    server = await startTestServer({ SUBSCRIBER_QUEUE_LIMIT: String(QUEUE_LIMIT), SEED: 'false' });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function expectAlive(): Promise<void> {
    const health = await fetch(new URL('/health', server.url));
    expect(health.status).toBe(200);
    const answer = await server.gql<{ documents: { edges: unknown[] } }>(
      '{ documents(first: 5) { edges { node { slug } } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.documents.edges.length).toBeGreaterThan(0);
  }

  /**
   * Opens a stalled subscriber beside one that reads, appends until the stalled one is dropped,
   * and checks what the server held meanwhile and that the reader missed nothing.
   */
  async function stallUntilDropped(query: string, token?: string): Promise<SseFrame[]> {
    const live = server.services.live;
    const dropped = live.stats().dropped;
    const reader = await subscribe(server.url, 'subscription { documentChanged { slug } }');
    const subscriber = await openRawSse(server.port, query, token);
    expect(subscriber.status).toBe(200);
    subscriber.pause();
    expect(live.stats().subscribers).toBe(2);
    round += 1;
    let appended = 0;
    let maxQueued = 0;
    while (live.stats().dropped === dropped && appended < MAX_EVENTS) {
      await appendDocuments(server, `stall-${round}-${appended}`, BATCH);
      appended += BATCH;
      // Let the live feed and the event stream take what they can before measuring.
      await new Promise((r) => setTimeout(r, 30));
      maxQueued = Math.max(maxQueued, live.stats().queued);
    }
    expect(live.stats().dropped, `dropped after ${appended} events`).toBe(dropped + 1);
    expect(maxQueued).toBeLessThanOrEqual(QUEUE_LIMIT);
    // The subscriber that reads is not held up and misses nothing.
    await reader.waitFor(appended, 20_000);
    expect(reader.received.every((r) => (r as { errors?: unknown }).errors === undefined)).toBe(true);
    reader.close();
    // The dropped subscriber's queue is gone at once, though its client still has not read a byte.
    await until(() => live.stats().subscribers === 0, 'the reader to be freed');
    expect(live.stats()).toMatchObject({ subscribers: 0, queued: 0 });
    await expectAlive();

    const frames = await subscriber.readToEnd();
    subscriber.close();
    return frames;
  }

  it('drops a public documentChanged subscriber that stops reading, with one final error, and keeps serving', async () => {
    const frames = await stallUntilDropped(wide('documentChanged', 'slug'));
    const results = payloads(frames);
    // What the socket's buffers held was delivered, then one error saying how far behind it fell.
    expect(results.length).toBeGreaterThan(1);
    expect(results.slice(0, -1).every((r) => r.errors === undefined)).toBe(true);
    const last = results.at(-1)!;
    expect(last.errors).toHaveLength(1);
    expect(last.errors![0]!.extensions).toMatchObject({
      code: 'SUBSCRIBER_TOO_SLOW',
      queueLimit: QUEUE_LIMIT,
      missed: QUEUE_LIMIT + 1,
    });
    expect(last.errors![0]!.message).toMatch(/fell 65 events behind/);
    expect(frames.at(-1)!.event).toBe('complete');
  });

  it("drops an auditor's eventAppended subscriber that stops reading, the same way", async () => {
    const frames = await stallUntilDropped(wide('eventAppended', 'position'), AUDITOR_TOKEN);
    const last = payloads(frames).at(-1)!;
    expect(last.errors?.[0]?.extensions).toMatchObject({ code: 'SUBSCRIBER_TOO_SLOW', missed: QUEUE_LIMIT + 1 });
    expect(frames.at(-1)!.event).toBe('complete');
  });

  it('frees a subscriber when its client disconnects, also one that never receives an event', async () => {
    const live = server.services.live;
    const idle = await openRawSse(server.port, 'subscription { documentChanged(slug: "no-such-document") { slug } }');
    const busy = await openRawSse(server.port, wide('documentChanged', 'slug'));
    busy.pause();
    expect(live.stats().subscribers).toBe(2);
    await appendDocuments(server, 'disconnect', 10);
    idle.close();
    busy.close();
    await until(() => live.stats().subscribers === 0, 'both subscribers to be freed');
    expect(live.stats().queued).toBe(0);
    await expectAlive();
  });

  it('refuses a public eventAppended subscription once, at subscribe time, and closes the stream', async () => {
    const subscriber = await openRawSse(server.port, 'subscription { eventAppended { position } }');
    // The refusal is the whole answer, sent before any event: no subscriber is left waiting.
    const frames = await subscriber.readToEnd(5_000);
    subscriber.close();
    expect(server.services.live.stats().subscribers).toBe(0);
    const results = payloads(frames);
    expect(results).toHaveLength(1);
    expect(results[0]!.data ?? null).toBeNull();
    expect(results[0]!.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(frames.at(-1)!.event).toBe('complete');
  });

  it.each([
    ['an auditor', AUDITOR_TOKEN],
    ['an editor', EDITOR_TOKEN],
  ])('still delivers eventAppended to %s, in log order', async (who, token) => {
    const prefix = `allowed-${who.split(' ')[1]}`;
    const subscriber = await subscribe<{ data: { eventAppended: { streamId: string } } }>(
      server.url,
      `subscription { eventAppended(streamPrefix: "document-${prefix}") { position streamId } }`,
      {},
      token,
    );
    try {
      await appendDocuments(server, prefix, 3);
      const received = await subscriber.waitFor(3);
      expect(received.map((r) => r.data.eventAppended.streamId)).toEqual(
        [0, 1, 2].map((i) => `document-${prefix}-${i}`),
      );
    } finally {
      subscriber.close();
    }
    await until(() => server.services.live.stats().subscribers === 0, 'the subscriber to be freed');
  });
});
