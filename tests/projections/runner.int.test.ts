import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import { ConflictError } from '../../src/domain/errors.ts';
import { type DomainEvent, EVENT_TYPES, newEvent } from '../../src/events/catalogue.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import type { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { ProjectionFailedError, ProjectionRunner } from '../../src/projections/runner.ts';
import { projectors } from '../../src/projections/index.ts';
import { MerkleQueries, merkleProjector } from '../../src/projections/merkle.ts';
import { eventLeafHash, MemoryTree, rootHash } from '../../src/events/merkle.ts';
import type { Projector } from '../../src/projections/projector.ts';
import { createIndexes, createTablesForReplay, openReadDatabase } from '../../src/projections/readStore.ts';
import { publishCommand, publishDocuments, registerCommand } from '../support/fixtures.ts';
import { tempDir } from '../support/tempDir.ts';

const register = registerCommand;
const publish = publishCommand;

describe('projection runner on real SQLite files', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services;
  const config = () => ({ DATA_DIR: dir.path });

  beforeEach(async () => {
    dir = tempDir();
    services = await openServices(config());
  });
  afterEach(async () => {
    await services.close();
    dir.remove();
  });

  const seedDocuments = (n: number) => publishDocuments(services, n);

  it('returns from a command only after the read model includes it (read-your-writes)', async () => {
    await services.commands.execute(documentDecider, 'document-a', register('a'), { actor: 'ed' });
    const result = await services.commands.execute(documentDecider, 'document-a', publish('a', '2018'), {
      actor: 'ed',
    });
    expect(services.runner.checkpoint).toBeGreaterThanOrEqual(result.position);
    expect(services.documents.versions(['a']).map((v) => v.label)).toEqual(['2018']);
    expect(services.documents.documents(['a'])[0]?.revision).toBe(1);
  });

  it('answers the version in force on a date from publication dates', async () => {
    await seedDocuments(1);
    expect(services.documents.inForce('doc-0', '2019-04-30')).toBeNull();
    expect(services.documents.inForce('doc-0', '2019-05-01')?.label).toBe('v1');
    expect(services.documents.inForce('doc-0', '2030-01-01')?.label).toBe('v2');
  });

  it('rebuilds to the same checksum as the live projection', async () => {
    await seedDocuments(5);
    const live = services.runner.checksum();
    await services.runner.rebuild();
    expect(services.runner.checksum()).toBe(live);
    expect(services.documents.versions(['doc-3'])).toHaveLength(2);
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    await seedDocuments(2);
    const before = services.runner.checksum();
    await services.close();
    services = await openServices(config());
    expect(services.runner.checkpoint).toBe(await services.store.headPosition());
    await services.runner.catchUp();
    expect(services.runner.checksum()).toBe(before);
  });

  it('refuses a stale expected revision with both revisions and appends nothing', async () => {
    await seedDocuments(1);
    const head = await services.store.headPosition();
    await expect(
      services.commands.execute(documentDecider, 'document-doc-0', publish('doc-0', 'v3'), {
        actor: 'ed',
        expectedRevision: 1,
      }),
    ).rejects.toMatchObject({ expectedRevision: 1, actualRevision: 2 });
    expect(await services.store.headPosition()).toBe(head);
  });

  it('lets exactly one of two concurrent publishers win', async () => {
    await services.commands.execute(documentDecider, 'document-x', register('x'), { actor: 'ed' });
    const attempts = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((label) =>
        services.commands.execute(documentDecider, 'document-x', publish('x', label), {
          actor: label,
          expectedRevision: 0,
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts.filter((a) => a.status === 'rejected')) {
      expect((a as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(services.documents.versions(['x'])).toHaveLength(1);
  });

  it('stops at a poison event, keeps nothing of its batch, and resumes once it is fixed', async () => {
    await services.commands.execute(documentDecider, 'document-p', register('p'), { actor: 'ed' });
    const checkpoint = services.runner.checkpoint;
    const store = services.store as SqliteEventStore;
    // Two events in one batch: a good one and one the documents projector cannot apply
    // (a version of a document it has never seen is fine; a duplicate label breaks the table's key).
    const good = {
      slug: 'p',
      label: 'v1',
      publishedOn: '2020-01-01',
      changeNote: 'v1',
      sections: [{ key: 'one', heading: 'One', body: 'Text' }],
    };
    await store.append('document-p', [
      newEvent('00000000-0000-4000-8000-000000000001', { type: 'VersionPublished', data: good }, '2020-01-01', {
        actor: 'x',
      }),
      newEvent('00000000-0000-4000-8000-000000000002', { type: 'VersionPublished', data: good }, '2020-01-01', {
        actor: 'x',
      }),
    ]);
    await services.runner.catchUp();
    const status = services.runner.status();
    expect(status.failure).toMatchObject({ projector: 'documents', eventType: 'VersionPublished' });
    expect(status.failure!.position).toBe(await store.headPosition());
    expect(status.position).toBe(checkpoint);
    expect(services.documents.versions(['p'])).toEqual([]);
    await expect(services.runner.waitFor(await store.headPosition())).rejects.toBeInstanceOf(ProjectionFailedError);
  });

  it('stops at a batch whose held writes fail, naming its last event, and keeps nothing of it', async () => {
    await seedDocuments(1);
    const db = openReadDatabase(`${dir.path}/holding-read.sqlite`);
    // Applies nothing at once: each batch's positions are written when it is flushed.
    const holding: Projector = {
      name: 'holding',
      handles: EVENT_TYPES,
      ddl: 'CREATE TABLE IF NOT EXISTS held (position INTEGER PRIMARY KEY);',
      tables: [{ name: 'held', orderBy: 'position' }],
      prepare(db) {
        const insert = db.prepare('INSERT INTO held (position) VALUES (?)');
        const held: bigint[] = [];
        return {
          apply: (_event: DomainEvent, stored: StoredEvent) => void held.push(stored.position),
          flush: () => {
            for (const position of held) insert.run(position);
            throw new Error('disk full');
          },
        };
      },
    };
    const runner = new ProjectionRunner(services.store, db, [holding]);
    await runner.catchUp();
    expect(runner.status().failure).toMatchObject({
      projector: 'holding',
      position: await services.store.headPosition(),
      message: 'disk full',
    });
    expect(runner.checkpoint).toBe(0n);
    expect(db.prepare('SELECT COUNT(*) FROM held').pluck().get()).toBe(0);
    db.close();
  });

  it('applies a batch whose commit failed again with what projectors keep in memory read back from the tables', async () => {
    await seedDocuments(2);
    const db = openReadDatabase(`${dir.path}/other-read.sqlite`);
    // The first write of the checkpoint row fails once, as a full disk or a held lock would.
    let hiccups = 1;
    db.function('hiccup', () => {
      if (hiccups === 0) return 0;
      hiccups -= 1;
      throw new Error('disk I/O error');
    });
    const other = new ProjectionRunner(services.store, db, [merkleProjector]);
    db.exec('CREATE TEMP TRIGGER fail_once BEFORE INSERT ON projection_head BEGIN SELECT hiccup(); END');
    await other.catchUp();
    expect(hiccups).toBe(0);
    // The tree's right edge is kept in memory between events: had the retry started from the
    // rolled-back batch's edge, its leaves would sit past the end and its root would differ.
    const leaves: Buffer[] = [];
    for await (const e of services.store.readAll()) leaves.push(eventLeafHash(e));
    const tree = new MerkleQueries(db);
    expect(tree.size()).toBe(leaves.length);
    expect(rootHash(tree, leaves.length).equals(rootHash(new MemoryTree(leaves), leaves.length))).toBe(true);
    db.close();
  });

  it('keeps what a rebuild applied before a poison event, committed, in a batch of its own', async () => {
    await services.commands.execute(documentDecider, 'document-g', register('g'), { actor: 'ed' });
    const store = services.store as SqliteEventStore;
    const event = (n: number, type: 'DraftSaved' | 'DraftSectionRevised' | 'VersionPublished', data: object) =>
      newEvent(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, { type, data } as never, '2020-01-01', {
        actor: 'x',
      });
    const section = { key: 'one', heading: 'One', body: 'Text' };
    const revisions = Array.from({ length: 2_400 }, (_, i) =>
      event(i + 2, 'DraftSectionRevised', { slug: 'g', label: 'v1', key: 'one', heading: 'One', body: `Text ${i}` }),
    );
    const published = { slug: 'g', label: 'v1', publishedOn: '2020-01-01', changeNote: 'v1', sections: [section] };
    await store.append('document-g', [
      event(1, 'DraftSaved', { slug: 'g', label: 'v1', changeNote: 'v1', sections: [section] }),
      ...revisions,
      // The second publication of one label breaks the documents table's key: a poison event.
      event(9_001, 'VersionPublished', published),
      event(9_002, 'VersionPublished', published),
    ]);
    const head = await store.headPosition();
    await services.runner.rebuild();
    const failure = services.runner.status().failure;
    expect(failure).toMatchObject({ projector: 'documents', position: head });
    // The batches before the poison event's were applied in the rebuild's open transaction; they
    // are committed (another connection sees them) and the checkpoint stands at their end.
    const checkpoint = services.runner.checkpoint;
    expect(checkpoint % 1_000n).toBe(0n);
    expect(checkpoint).toBeGreaterThanOrEqual(2_000n);
    const reader = openReadDatabase(`${dir.path}/read.sqlite`);
    const seen = reader
      .prepare<[], { position: number }>("SELECT position FROM projection_checkpoints WHERE projector = 'documents'")
      .get();
    const body = reader
      .prepare<[], { body: string }>("SELECT body FROM document_draft_sections WHERE slug = 'g'")
      .get();
    reader.close();
    expect(BigInt(seen!.position)).toBe(checkpoint);
    expect(body?.body).toMatch(/^Text \d+$/);
  });

  it('adds the secondary indexes back, and per-commit flushing, after a rebuild that deferred them', async () => {
    await seedDocuments(2);
    const db = openReadDatabase(`${dir.path}/read.sqlite`);
    const indexes = () =>
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    const before = indexes();
    expect(before.length).toBeGreaterThan(0);
    services.readDb.pragma('synchronous = FULL');
    await services.runner.rebuild();
    expect(indexes()).toEqual(before);
    // The replay does not flush each commit; once it is done, flushing is back to what it was.
    expect(services.readDb.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('defers a commented index and keeps a comment holding a semicolon out of the statements', () => {
    const db = openReadDatabase(':memory:');
    const commented: Projector = {
      name: 'commented',
      handles: [],
      ddl: `
        -- Notes; with a semicolon.
        CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        -- Notes by body; looked up by text.
        CREATE INDEX IF NOT EXISTS notes_by_body ON notes (body);`,
      tables: [{ name: 'notes', orderBy: 'id' }],
      prepare: () => () => undefined,
    };
    const names = (type: string) =>
      db.prepare('SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL').pluck().all(type);
    createTablesForReplay(db, [commented]);
    expect(names('table')).toContain('notes');
    expect(names('index')).toEqual([]);
    createIndexes(db, [commented]);
    expect(names('index')).toEqual(['notes_by_body']);
    db.close();
  });

  it('replays a projector whose tables were written in an older layout', async () => {
    await seedDocuments(2);
    const live = services.runner.checksum();
    await services.close();
    // The documents tables as layout 1 wrote them: a draft's sections in one JSON column.
    const db = openReadDatabase(`${dir.path}/read.sqlite`);
    db.exec(`DROP TABLE document_draft_sections; DROP TABLE document_drafts;
      CREATE TABLE document_drafts (slug TEXT PRIMARY KEY, label TEXT NOT NULL, change_note TEXT NOT NULL,
        sections TEXT NOT NULL, revision INTEGER NOT NULL, actor TEXT NOT NULL, saved_at TEXT NOT NULL);
      DELETE FROM documents;
      UPDATE projection_versions SET version = 1 WHERE projector = 'documents';`);
    db.close();
    services = await openServices(config());
    await services.runner.catchUp();
    expect(services.runner.checksum()).toBe(live);
    expect(services.documents.versions(['doc-1']).map((v) => v.label)).toEqual(['v1', 'v2']);
  });

  it('keeps checkpoints in the read database so a second runner starts where the first stopped', async () => {
    await seedDocuments(1);
    const db = openReadDatabase(`${dir.path}/read.sqlite`);
    const other = new ProjectionRunner(services.store, db, projectors);
    expect(other.checkpoint).toBe(services.runner.checkpoint);
    db.close();
  });
});
