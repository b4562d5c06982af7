// One rebuild of a read database at a time, and nothing else setting up its tables meanwhile: a
// rebuild creates its full-text and secondary indexes only at its end, so a runner that created
// them halfway (another rebuild, a server or a command starting) would leave the full-text index
// without what the rebuild writes afterwards. The replay lock (readStore.holdReplayLock) is a
// lock on a file, held by a rebuild from start to end.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { newEvent, type DomainEvent } from '../../src/events/catalogue.ts';
import { projectors as allProjectors } from '../../src/projections/index.ts';
import { holdReplayLock, openReadDatabase, ReplayLockedError } from '../../src/projections/readStore.ts';
import { ProjectionRunner } from '../../src/projections/runner.ts';
import { tempDir } from '../support/tempDir.ts';

const SLUG = 'long-guide';
/**
 * More than one group of a rebuild's batches (20 of 1,000 events, runner.ts REPLAY_GROUP): between
 * two groups the database is not locked for writing, so only the replay lock keeps others out.
 */
const REVISIONS = 21_000;

const event = (e: DomainEvent) => newEvent(randomUUID(), e, '2024-01-01', { actor: 'ed' });

describe('replay lock', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services;

  beforeEach(async () => {
    dir = tempDir('sgh-replay-lock-');
    services = await openServices({ DATA_DIR: dir.path });
    const stream = `document-${SLUG}`;
    const events = [
      event({ type: 'DocumentRegistered', data: { slug: SLUG, title: 'Long guide', kind: 'RESOURCE' } }),
      event({
        type: 'DraftSaved',
        data: {
          slug: SLUG,
          label: 'v1',
          changeNote: 'First draft',
          sections: [{ key: 'intro', heading: 'Introduction', body: 'Nothing yet.' }],
        },
      }),
      ...Array.from({ length: REVISIONS }, (_, i) =>
        event({
          type: 'DraftSectionRevised',
          data: { slug: SLUG, label: 'v1', key: 'intro', heading: 'Introduction', body: `Revision word${i + 1} here.` },
        }),
      ),
    ];
    for (let i = 0; i < events.length; i += 1_000) await services.store.append(stream, events.slice(i, i + 1_000));
    await services.runner.catchUp();
  });
  afterEach(async () => {
    await services.close();
    dir.remove();
  });

  const draftHits = (text: string) =>
    services.search.search(text, { slug: null, includeDrafts: true, limit: 10, offset: 0 }).map((h) => h.sectionKey);

  it('given a rebuild halfway, when another runner opens the same read database, then it is refused and the rebuild still indexes what it writes afterwards', async () => {
    const path = join(dir.path, 'read.sqlite');
    const refused: unknown[] = [];
    // The replay's progress hook runs between its batches, while its full-text indexes do not exist yet.
    const rebuilding = await openServices(
      { DATA_DIR: dir.path },
      {
        onProgress: (position) => {
          if (refused.length > 0 || position < 20_000n) return;
          const other = openReadDatabase(path);
          try {
            new ProjectionRunner(services.store, other, allProjectors);
            refused.push('opened');
          } catch (error) {
            refused.push(error);
          } finally {
            other.close();
          }
        },
      },
    );
    try {
      await rebuilding.runner.rebuild();
    } finally {
      await rebuilding.close();
    }
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ReplayLockedError);
    expect((refused[0] as Error).message).toMatch(/another rebuild of these read models is running/);
    // The last revision came long after the refused open: the draft index holds it, and nothing older.
    expect(draftHits(`word${REVISIONS}`)).toEqual(['intro']);
    expect(draftHits('word1')).toEqual([]);
  });

  it('given another rebuild holds the lock, when rebuild is asked for, then it is refused at once and the read models are left as they were', async () => {
    const before = services.runner.checksum();
    const position = services.runner.checkpoint;
    const other = openReadDatabase(join(dir.path, 'read.sqlite'));
    const release = holdReplayLock(other);
    try {
      await expect(services.runner.rebuild()).rejects.toBeInstanceOf(ReplayLockedError);
      expect(services.runner.checksum()).toBe(before);
      expect(services.runner.checkpoint).toBe(position);
      expect(draftHits(`word${REVISIONS}`)).toEqual(['intro']);
    } finally {
      release();
      other.close();
    }
    // Released (as a killed process's lock is by the operating system): the next rebuild runs.
    await services.runner.rebuild();
    expect(services.runner.checksum()).toBe(before);
  });

  it('given an in-memory read database, then it needs no lock file', () => {
    const db = openReadDatabase(':memory:');
    try {
      const release = holdReplayLock(db);
      const again = holdReplayLock(db);
      release();
      again();
    } finally {
      db.close();
    }
  });
});
