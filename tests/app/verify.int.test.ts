import { describe, expect, it } from 'vitest';
import { replayChecksum, verify } from '../../src/app/verify.ts';
import type { SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { newEvent, decodeEvent } from '../../src/events/catalogue.ts';
import { publishDocuments } from '../support/fixtures.ts';
import { useServices } from '../support/services.ts';

describe('verification of the log and the read models', () => {
  const fx = useServices({ given: (s) => publishDocuments(s, 3) });

  it('says OK for an untouched log, with the head hash and the number of events', async () => {
    const v = await verify(fx.services);
    expect(v).toMatchObject({ ok: true, checkedEvents: 9, firstBrokenPosition: null, readModelsMatch: true });
    expect(v.line).toMatch(/^OK: 9 events checked/);
  });

  it('names the position of an event whose stored bytes were edited in SQLite', async () => {
    const db = (fx.services.store as SqliteEventStore).database;
    db.prepare(`UPDATE events SET data = replace(data, 'Second section', 'Second sectiom') WHERE position = 5`).run();
    const v = await verify(fx.services);
    expect(v.ok).toBe(false);
    expect(v.firstBrokenPosition).toBe(5n);
    expect(v.checkedEvents).toBe(4);
    expect(v.line).toContain('BROKEN at position 5');
  });

  it('notices a read model that no longer matches a replay', async () => {
    fx.services.readDb.prepare(`UPDATE documents SET title = 'Tampered' WHERE slug = 'doc-1'`).run();
    const v = await verify(fx.services);
    expect(v).toMatchObject({ ok: false, readModelsMatch: false });
  });

  it('rebuilds the read models as they stood at a past position', async () => {
    const early = await replayChecksum(fx.services.store, 3n);
    expect(early).not.toBe(fx.services.runner.checksum());
    expect(await replayChecksum(fx.services.store, await fx.services.store.headPosition())).toBe(
      fx.services.runner.checksum(),
    );
  });

  it('projects an event written at an older schema version through its upcaster', async () => {
    const store = fx.services.store as SqliteEventStore;
    const old = {
      ...newEvent(
        '00000000-0000-4000-8000-00000000abcd',
        { type: 'VersionPublished', data: {} as never },
        '2022-02-02',
        { actor: 'legacy' },
      ),
      schemaVersion: 1,
      data: {
        slug: 'doc-0',
        label: 'legacy',
        publishedOn: '2022-02-02',
        changeNote: 'Written before sections had keys',
        sections: [
          { heading: 'Purpose and scope', body: 'Old text.' },
          { heading: 'Purpose and scope', body: 'Repeated heading.' },
        ],
      },
    };
    await store.append('document-doc-0', [old]);
    await fx.services.runner.catchUp();
    expect(fx.services.runner.status().failure).toBeNull();
    const sections = fx.services.documents.sections([{ slug: 'doc-0', label: 'legacy' }]);
    expect(sections.map((s) => s.key)).toEqual(['purpose-and-scope', 'purpose-and-scope-2']);
    expect(decodeEvent({ type: 'VersionPublished', schemaVersion: 1, data: old.data }).type).toBe('VersionPublished');
  });
});
