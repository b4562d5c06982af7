// A log that lost its last events (rows deleted, or a WAL cut short) while the read models kept
// them must not be served as healthy: /health says why with 503, writes are refused with a typed
// error and append nothing, and verification gives the reason.
import { openSqlite } from '../../src/sqlite.ts';
import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';
import { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, startServer } from '../../src/server.ts';
import { Writable } from 'node:stream';

const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename ... on Error { message code } } }`;
const PUBLISH = `mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename ... on Error { message code } } }`;

const publishInput = (slug: string, label: string) => ({
  slug,
  label,
  publishedOn: '2024-01-01',
  changeNote: `Version ${label}`,
  sections: [{ key: 'a', heading: 'A', body: `Text of ${label}` }],
});

describe('a log whose last events were lost', () => {
  const dir = tempDir('sgh-damage-');
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.close();
    dir.remove();
  });

  async function health(s: TestServer) {
    const res = await fetch(s.url.replace('/graphql', '/health'));
    return { status: res.status, body: (await res.json()) as { status: string; reason?: string | null } };
  }

  it('is reported at start, refuses writes with LOG_DAMAGED and names the reason in verification', async () => {
    server = await startTestServer({ SEED: 'false' }, dir.path);
    expect((await mutate(server, REGISTER, { slug: 'g', title: 'G', kind: 'RESOURCE' })).__typename).toBe(
      'RegisterDocumentSuccess',
    );
    for (const label of ['v1', 'v2', 'v3']) {
      expect((await mutate(server, PUBLISH, publishInput('g', label))).__typename).toBe('PublishVersionSuccess');
    }
    expect((await health(server)).status).toBe(200);
    await server.close();
    server = null;

    // The last two events vanish from the log while the server is stopped.
    const db = openSqlite(join(dir.path, 'events.sqlite'));
    db.prepare('DELETE FROM events WHERE position > (SELECT MAX(position) - 2 FROM events)').run();
    db.close();

    server = await startTestServer({ SEED: 'false' }, dir.path);
    const h = await health(server);
    expect(h.status).toBe(503);
    expect(h.body.status).toBe('failing');
    expect(h.body.reason).toMatch(/read models .*position 4.*log ends at position 2/);

    const before = await server.services.store.headPosition();
    const refused = await mutate(server, PUBLISH, publishInput('g', 'v4'));
    expect(refused).toMatchObject({ __typename: 'LogDamagedError', code: 'LOG_DAMAGED' });
    expect(refused.message).toMatch(/writes are refused/);
    expect(await server.services.store.headPosition()).toBe(before);

    const v = await server.gql<{ verification: { ok: boolean; reason: string | null } }>(
      '{ verification { ok reason } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(v.data?.verification.ok).toBe(false);
    expect(v.data?.verification.reason).toMatch(/read models .*position 4.*log ends at position 2/);

    // Reads go on, flagged.
    const read = await server.gql('{ document(slug: "g") { versions { label } } }');
    expect(read.data).toEqual({ document: { versions: [{ label: 'v1' }, { label: 'v2' }, { label: 'v3' }] } });
    expect(read.errors?.[0]?.extensions?.code).toBe('LOG_DAMAGED');
  });

  it('says why in the log at start', async () => {
    await server?.close();
    server = null;
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dir.path,
      SEED: 'true',
      LOG_LEVEL: 'warn',
      EDITOR_TOKENS: `alice:${EDITOR_TOKEN}`,
    });
    const raw = await startServer(config, createLogger(config, sink));
    await raw.close();
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
    expect(logged.find((l) => l.level === 50)).toMatchObject({
      msg: expect.stringMatching(/event log is damaged/),
      reason: expect.stringMatching(/log ends at position 2/),
    });
    // The seed corpus is not loaded into a damaged log.
    expect(logged.some((l) => l.msg.includes('seed corpus not loaded'))).toBe(true);
  });

  it('is reported when positions the read models applied now hold other events', async () => {
    const other = tempDir('sgh-rewritten-');
    let s2: TestServer | null = await startTestServer({ SEED: 'false' }, other.path);
    try {
      expect((await mutate(s2, REGISTER, { slug: 'h', title: 'H', kind: 'RESOURCE' })).__typename).toBe(
        'RegisterDocumentSuccess',
      );
      expect((await mutate(s2, PUBLISH, publishInput('h', 'v1'))).__typename).toBe('PublishVersionSuccess');
      await s2.close();
      // The last event is lost with its position counter (as when a WAL is cut short), and a
      // different event is written at the same position: the chain holds, the head moved under
      // the read models.
      const db = openSqlite(join(other.path, 'events.sqlite'));
      db.prepare('DELETE FROM events WHERE position = 2').run();
      db.prepare(`UPDATE sqlite_sequence SET seq = 1 WHERE name = 'events'`).run();
      db.close();
      const store = new SqliteEventStore({ path: join(other.path, 'events.sqlite') });
      await store.append('document-other', [
        {
          id: '00000000-0000-4000-8000-000000000123',
          type: 'DocumentRegistered',
          schemaVersion: 1,
          data: { slug: 'other', title: 'Other', kind: 'RESOURCE' },
          effectiveAt: '2024-01-01',
          metadata: { actor: 'x' },
        },
      ]);
      await store.close();

      s2 = await startTestServer({ SEED: 'false' }, other.path);
      const h = await health(s2);
      expect(h.status).toBe(503);
      expect(h.body.reason).toMatch(/position 2/);
      const refused = await mutate(s2, PUBLISH, publishInput('h', 'v2'), EDITOR_TOKEN);
      expect(refused.__typename).toBe('LogDamagedError');
    } finally {
      await s2?.close();
      other.remove();
    }
  });

  it('is reported when the WAL of the log was cut short (a copy taken while the server ran)', async () => {
    const live = tempDir('sgh-wal-');
    const copy = tempDir('sgh-wal-copy-');
    let s4: TestServer | null = await startTestServer({ SEED: 'false' }, live.path);
    try {
      expect((await mutate(s4, REGISTER, { slug: 'w', title: 'W', kind: 'RESOURCE' })).__typename).toBe(
        'RegisterDocumentSuccess',
      );
      for (const label of ['v1', 'v2', 'v3', 'v4']) {
        expect((await mutate(s4, PUBLISH, publishInput('w', label))).__typename).toBe('PublishVersionSuccess');
      }
      // The files as they are on disk now: the last appends are only in events.sqlite-wal.
      for (const name of ['events.sqlite', 'events.sqlite-wal', 'read.sqlite', 'read.sqlite-wal']) {
        copyFileSync(join(live.path, name), join(copy.path, name));
      }
      await s4.close();
      s4 = null;
      // Cut the log's WAL by its last frames, as a crash of the disk (not of the process) would.
      const wal = join(copy.path, 'events.sqlite-wal');
      const frame = 24 + 4096;
      const frames = Math.floor((statSync(wal).size - 32) / frame);
      expect(frames).toBeGreaterThan(6);
      truncateSync(wal, 32 + (frames - 4) * frame);

      s4 = await startTestServer({ SEED: 'false' }, copy.path);
      const head = await s4.services.store.headPosition();
      expect(head).toBeLessThan(5n);
      const h = await health(s4);
      expect(h.status).toBe(503);
      expect(h.body.reason).toMatch(/read models have applied events up to position 5, but the log ends at position/);
      expect((await mutate(s4, PUBLISH, publishInput('w', 'v5'))).__typename).toBe('LogDamagedError');
      expect(await s4.services.store.headPosition()).toBe(head);
    } finally {
      await s4?.close();
      live.remove();
      copy.remove();
    }
  });

  it('is reported when the tail of the log no longer verifies', async () => {
    const other = tempDir('sgh-tail-');
    let s3: TestServer | null = await startTestServer({ SEED: 'false' }, other.path);
    try {
      expect((await mutate(s3, REGISTER, { slug: 'k', title: 'K', kind: 'RESOURCE' })).__typename).toBe(
        'RegisterDocumentSuccess',
      );
      expect((await mutate(s3, PUBLISH, publishInput('k', 'v1'))).__typename).toBe('PublishVersionSuccess');
      await s3.close();
      const db = openSqlite(join(other.path, 'events.sqlite'));
      db.prepare(`UPDATE events SET data = replace(data, 'Text of v1', 'Text of v9') WHERE position = 2`).run();
      db.close();
      s3 = await startTestServer({ SEED: 'false' }, other.path);
      const h = await health(s3);
      expect(h.status).toBe(503);
      expect(h.body.reason).toMatch(/hash chain.*position 2/);
      expect((await mutate(s3, PUBLISH, publishInput('k', 'v2'))).__typename).toBe('LogDamagedError');
      expect(await s3.services.store.headPosition()).toBe(2n);
    } finally {
      await s3?.close();
      other.remove();
    }
  });
});
