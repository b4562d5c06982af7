// Catching up across dropped connections: the projection runner and the live feed on the esdb
// adapter, talking to the in-process emulator with fault injection (dropAfter), over real SQLite
// read databases. Every test checks the same two things: no event is skipped and none is applied
// or delivered twice, and the read models come out identical to a clean replay of the same log.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { UnavailableError } from '@eventstore/db-client';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LiveFeed, SubscriberTooSlowError, type AppendedEvent } from '../../src/app/liveFeed.ts';
import { openServices } from '../../src/composition.ts';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import { EsdbEventStore } from '../../src/events/adapters/esdb.ts';
import { EVENT_TYPES, newEvent, type DomainEvent } from '../../src/events/catalogue.ts';
import type { NewEvent, StoredEvent } from '../../src/events/store.ts';
import { projectors } from '../../src/projections/index.ts';
import type { Projector } from '../../src/projections/projector.ts';
import { openReadDatabase } from '../../src/projections/readStore.ts';
import { ProjectionRunner, type RunnerOptions } from '../../src/projections/runner.ts';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';
import { registerCommand } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';
import { collect } from '../support/async.ts';

/** Records every position it applies, in the order applied, so a repeat or a gap shows. */
const positionsProjector: Projector = {
  name: 'applied-positions',
  handles: EVENT_TYPES,
  ddl: `CREATE TABLE IF NOT EXISTS applied_positions (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    position INTEGER NOT NULL
  );`,
  tables: [{ name: 'applied_positions', orderBy: 'seq' }],
  prepare(db) {
    const insert = db.prepare('INSERT INTO applied_positions (position) VALUES (?)');
    return (_event, stored) => {
      insert.run(stored.position);
    };
  },
};
const allProjectors = [...projectors, positionsProjector];

function appliedPositions(db: Database.Database): bigint[] {
  return db.prepare('SELECT position FROM applied_positions ORDER BY seq').pluck().safeIntegers().all() as bigint[];
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function catalogueEvent(event: DomainEvent, effectiveAt: string): NewEvent {
  return newEvent(randomUUID(), event, effectiveAt, { actor: 'catch-up test', changeNote: 'test' });
}

/** The events of one document: registered, then `versions` versions published, one a day. */
function documentEvents(slug: string, versions: number): NewEvent[] {
  const events = [
    catalogueEvent(
      { type: 'DocumentRegistered', data: { slug, title: `Title of ${slug}`, kind: 'STATUTORY_GUIDANCE' } },
      '2001-01-01',
    ),
  ];
  for (let v = 1; v <= versions; v += 1) {
    const publishedOn = new Date(Date.UTC(2001, 0, v)).toISOString().slice(0, 10);
    events.push(
      catalogueEvent(
        {
          type: 'VersionPublished',
          data: {
            slug,
            label: `v${v}`,
            publishedOn,
            changeNote: `Version ${v} of ${slug}`,
            sections: [
              { key: 'scope', heading: 'Scope', body: `Who version ${v} of ${slug} applies to` },
              { key: 'duties', heading: 'Duties', body: `What version ${v} asks of ${slug}` },
            ],
          },
        },
        publishedOn,
      ),
    );
  }
  return events;
}

/**
 * A dropped connection fails every call on it, so an append made while a read or subscription is
 * being dropped can fail too. Retrying is safe: the events keep their ids, and an append of ids the
 * stream already holds is acknowledged without storing them again.
 */
async function appendRetrying(store: EsdbEventStore, streamId: string, events: NewEvent[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await store.append(streamId, events);
      return;
    } catch (error) {
      if (!(error instanceof UnavailableError) || attempt >= 5) throw error;
      await sleep(20);
    }
  }
}

/**
 * Appends `documents` documents of `1 + versions` events each, `chunk` events per append, taking
 * the streams in turn so the log interleaves them. Returns how many events were appended.
 */
async function appendDocuments(
  store: EsdbEventStore,
  prefix: string,
  documents: number,
  versions: number,
  chunk = 5,
): Promise<number> {
  const streams = Array.from({ length: documents }, (_, i) => {
    const slug = `${prefix}-${i}`;
    return { streamId: `document-${slug}`, events: documentEvents(slug, versions) };
  });
  let appended = 0;
  for (let offset = 0; offset < 1 + versions; offset += chunk) {
    for (const s of streams) {
      const part = s.events.slice(offset, offset + chunk);
      if (part.length === 0) continue;
      await appendRetrying(store, s.streamId, part);
      appended += part.length;
    }
  }
  return appended;
}

/** What every test needs: an emulator, a client, a temp dir and runners on read databases in it. */
function harness() {
  const h = {
    emulator: null as unknown as EsdbEmulator,
    store: null as unknown as EsdbEventStore,
    dir: null as unknown as ReturnType<typeof tempDir>,
    /** The emulator's fault count when the test started. */
    dropsBefore: 0,
    cleanups: [] as (() => Promise<void> | void)[],
    /** Faults fired during this test. */
    drops: () => h.emulator.drops - h.dropsBefore,
    openRunner(file = 'read.sqlite', options: RunnerOptions = {}) {
      const db = openReadDatabase(join(h.dir.path, file));
      const runner = new ProjectionRunner(h.store, db, allProjectors, options);
      h.cleanups.push(async () => {
        await runner.stop();
        if (db.open) db.close();
      });
      return { db, runner };
    },
    /** The checksum of a replay of the whole log, with no faults, into a fresh read database. */
    async cleanChecksum(): Promise<string> {
      const { runner } = h.openRunner(`clean-${randomUUID()}.sqlite`);
      await runner.catchUp();
      return runner.checksum();
    },
    async logPositions(after = 0n): Promise<bigint[]> {
      return (await collect(h.store.readAll({ after }))).map((e) => e.position);
    },
    async begin() {
      h.dir = tempDir('sgh-catchup-');
      h.store = new EsdbEventStore({ connectionString: h.emulator.connectionString });
      h.dropsBefore = h.emulator.drops;
    },
    async end() {
      h.emulator.heal();
      for (const cleanup of h.cleanups.splice(0).reverse()) await cleanup();
      await h.store.close();
      h.dir.remove();
    },
  };
  return h;
}

describe('catching up over a connection that drops: 1500 events in 50 streams (esdb adapter, emulator)', () => {
  const h = harness();
  /** Positions of the whole log, in order, and the checksum of a clean replay of it. */
  let expected: bigint[];
  let clean: string;

  beforeAll(async () => {
    h.emulator = await startEsdbEmulator();
    await h.begin();
    expect(await appendDocuments(h.store, 'doc', 50, 29)).toBe(1500);
    expected = await h.logPositions();
    expect(expected).toHaveLength(1500);
    clean = await h.cleanChecksum();
    await h.end();
  });
  afterAll(async () => {
    await h.emulator.stop();
  });
  beforeEach(() => h.begin());
  afterEach(() => h.end());

  it('a catch-up whose $all read drops mid-stream resumes from its checkpoint: every position once, as a clean replay', async () => {
    // Pages are 512 events and batches 1000: the drop comes in the third page, after one
    // committed batch, with part of the next one read.
    h.emulator.dropAfter(1100, { on: 'read' });
    const { db, runner } = h.openRunner();
    await runner.catchUp();

    expect(h.drops()).toBe(1);
    expect(runner.status()).toEqual({ position: expected.at(-1), failure: null, subscription: null });
    expect(appliedPositions(db)).toEqual(expected);
    expect(runner.checksum()).toBe(clean);
  });

  it('survives several drops in one catch-up, keeping what each broken read delivered', async () => {
    // Pages are 512 events (each page after the first starts with the event it reads after): a
    // drop every 600 events breaks the second page of the first read and of the second.
    h.emulator.dropAfter(600, { on: 'read', times: 2 });
    const progress: bigint[] = [];
    const { db, runner } = h.openRunner('read.sqlite', { onProgress: (position) => progress.push(position) });
    await runner.catchUp();

    expect(h.drops()).toBe(2);
    // More commits than a clean run's two batches: the events read before each drop were kept.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(appliedPositions(db)).toEqual(expected);
    expect(runner.checksum()).toBe(clean);
  });

  it('gives up on a store that stays down, keeps what it applied, and a restarted runner resumes from the checkpoint', async () => {
    // After the first committed batch every $all read fails at once.
    const first = h.openRunner('read.sqlite', {
      onProgress: () => {
        if (h.drops() === 0) h.emulator.dropAfter(0, { on: 'read', times: 1_000 });
      },
    });
    await expect(first.runner.catchUp()).rejects.toBeInstanceOf(UnavailableError);
    // The first failure, then one per retry.
    expect(h.drops()).toBe(5);
    const checkpoint = first.runner.checkpoint;
    const applied = appliedPositions(first.db);
    expect(applied.length).toBeGreaterThanOrEqual(1000);
    expect(applied.length).toBeLessThan(1500);
    expect(applied).toEqual(expected.slice(0, applied.length));
    expect(checkpoint).toBe(applied.at(-1));

    // A restart: a new connection and a new runner on the same read database file.
    await first.runner.stop();
    first.db.close();
    await h.store.close();
    h.emulator.heal();
    h.store = new EsdbEventStore({ connectionString: h.emulator.connectionString });

    const second = h.openRunner('read.sqlite');
    expect(second.runner.checkpoint).toBe(checkpoint);
    await second.runner.catchUp();
    expect(appliedPositions(second.db)).toEqual(expected);
    expect(second.runner.checksum()).toBe(clean);
  });

  it('a runner stopped half-way (toPosition) and replaced by a new one on the same read database repeats nothing', async () => {
    const halfWay = expected[699]!;
    const first = h.openRunner('read.sqlite', { toPosition: halfWay });
    await first.runner.catchUp();
    expect(first.runner.checkpoint).toBe(halfWay);
    expect(appliedPositions(first.db)).toEqual(expected.slice(0, 700));
    await first.runner.stop();
    first.db.close();

    const second = h.openRunner('read.sqlite');
    expect(second.runner.checkpoint).toBe(halfWay);
    h.emulator.dropAfter(300, { on: 'read' });
    await second.runner.catchUp();
    expect(h.drops()).toBe(1);
    expect(appliedPositions(second.db)).toEqual(expected);
    expect(second.runner.checksum()).toBe(clean);
  });
});

describe('following the log live over a connection that drops (esdb adapter, emulator)', () => {
  const h = harness();

  beforeEach(async () => {
    h.emulator = await startEsdbEmulator();
    await h.begin();
  });
  afterEach(async () => {
    await h.end();
    await h.emulator.stop();
  });

  it('the runner resubscribes from its checkpoint after its subscription drops', async () => {
    await appendDocuments(h.store, 'old', 10, 9);
    const { db, runner } = h.openRunner();
    await runner.catchUp();
    runner.start();

    h.emulator.dropAfter(40, { on: 'subscription', times: 2 });
    h.emulator.dropAfter(150, { on: 'read' });
    const appended = await appendDocuments(h.store, 'new', 20, 14, 3);
    const head = await h.store.headPosition();
    // No catchUp or waitFor here: only the follower moves the runner on.
    await until(() => runner.checkpoint === head, 'the runner to reach the head of the log', 60_000);

    expect(appended).toBe(300);
    expect(h.drops()).toBe(3);
    expect(appliedPositions(db)).toEqual(await h.logPositions());
    expect(runner.checksum()).toBe(await h.cleanChecksum());
    // 300 appends and three resubscriptions through the stand-in's gRPC server: about 10 s on a quiet
    // machine, close to 30 s when the cores are shared.
  }, 120_000);

  it('the runner stops retrying after stop(), and a later start() picks up from the checkpoint', async () => {
    await appendDocuments(h.store, 'doc', 5, 4);
    const { db, runner } = h.openRunner();
    await runner.catchUp();
    const checkpoint = runner.checkpoint;

    // Every subscription fails before its first event, so the follower keeps resubscribing.
    h.emulator.dropAfter(0, { on: 'subscription', times: 1_000_000 });
    runner.start();
    await appendDocuments(h.store, 'later', 5, 4);
    await until(() => h.drops() >= 3, 'a few failed subscriptions');
    expect(runner.checkpoint).toBe(checkpoint);

    const stopping = Date.now();
    await runner.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    const reads = h.emulator.calls.Read;
    const drops = h.drops();
    await sleep(600);
    expect(h.emulator.calls.Read).toBe(reads);
    expect(h.drops()).toBe(drops);

    h.emulator.heal();
    runner.start();
    const head = await h.store.headPosition();
    await until(() => runner.checkpoint === head, 'the runner to reach the head of the log');
    expect(appliedPositions(db)).toEqual(await h.logPositions());
  });

  it('a mutation whose read-your-writes catch-up meets dropped reads still succeeds', async () => {
    const services = await openServices({
      DATA_DIR: h.dir.path,
      EVENTSTORE_CONNECTION_STRING: h.emulator.connectionString,
    });
    h.cleanups.push(() => services.close());
    await services.runner.catchUp();

    h.emulator.dropAfter(0, { on: 'read', times: 2 });
    const result = await services.commands.execute(documentDecider, 'document-mutated', registerCommand('mutated'), {
      actor: 'ed',
    });

    expect(h.drops()).toBe(2);
    expect(services.runner.checkpoint).toBe(result.position);
    expect(services.documents.documents(['mutated'])[0]?.title).toBe('Title of mutated');
  });

  it('the live feed delivers every event appended before, during and after a drop exactly once, in order', async () => {
    const startHead = await h.store.headPosition();
    const feed = new LiveFeed(h.store);
    h.cleanups.push(() => feed.stop());
    await feed.start();

    const received: AppendedEvent[] = [];
    const events = feed.events(() => true)[Symbol.asyncIterator]();
    const pump = (async () => {
      for (;;) {
        const next = await events.next();
        if (next.done) return;
        if (next.value instanceof SubscriberTooSlowError) throw next.value;
        received.push(next.value);
      }
    })();
    h.cleanups.push(async () => {
      await events.return?.();
      await pump;
    });
    await sleep(20);

    h.emulator.dropAfter(30, { on: 'subscription', times: 2 });
    let appended = await appendDocuments(h.store, 'before', 10, 4);
    await until(() => h.drops() >= 1, 'the first drop');
    // While the feed waits to resubscribe.
    appended += await appendDocuments(h.store, 'during', 4, 4);
    await until(() => h.drops() >= 2 && received.length >= 70, 'the second drop and what came before it');
    appended += await appendDocuments(h.store, 'after', 10, 4);

    const log = await collect(h.store.readAll({ after: startHead }));
    expect(log).toHaveLength(appended);
    await until(() => received.length >= appended, 'every event');
    await sleep(50);
    expect(received.map((e) => [e.position, e.streamId, e.revision])).toEqual(
      log.map((e) => [e.position, e.streamId, e.revision]),
    );
    expect(h.drops()).toBe(2);
  });
});
