// The vault on a real SQLite file: what it seals, what it opens, and what is left once a key is destroyed.
import { openSqlite } from '../../src/sqlite.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersonalDataVault } from '../../src/app/personalData.ts';
import type { NewEvent, StoredEvent } from '../../src/events/store.ts';
import { tempDir } from '../support/tempDir.ts';

const A = 'trustee-0f0e0d0c-0000-5000-8000-00000000000a';
const B = 'member-0f0e0d0c-0000-5000-8000-00000000000b';

function stored(e: NewEvent): StoredEvent {
  return {
    ...e,
    streamId: 's',
    revision: 0,
    position: 1n,
    recordedAt: '2030-01-01T00:00:00Z',
    hash: 'h',
    previousHash: 'p',
  };
}
const event = (type: string, data: unknown, metadata: NewEvent['metadata'] = { actor: 'alice' }): NewEvent => ({
  id: 'e',
  type,
  schemaVersion: 1,
  data,
  effectiveAt: '2030-01-01',
  metadata,
});

describe('the personal-data vault', () => {
  const dir = tempDir('sgh-vault-');
  const vault = new PersonalDataVault(join(dir.path, 'keys.sqlite'));

  it('seals the metadata of an event about someone even when its data has no personal field, and opens it', () => {
    const e = event(
      'TrusteeRoleChanged',
      { trusteeId: A, role: 'chair', changedOn: '2030-01-01' },
      { actor: 'alice', source: 'Minutes', changeNote: 'Elected' },
    );
    const sealed = vault.sealEvent(e);
    expect(JSON.stringify(sealed)).not.toMatch(/Minutes|Elected/);
    expect(vault.unsealEvent(stored(sealed)).metadata).toMatchObject({ source: 'Minutes', changeNote: 'Elected' });
  });

  it('seals an item about two people with both keys; erasing either one closes it', () => {
    const items = [
      {
        category: 'NEWS_ITEM',
        title: 'Two new faces',
        summary: 'Both joined.',
        documentSlug: null,
        aboutPersonIds: [A, B],
      },
    ];
    const e = vault.sealEvent(
      event('PublicationRecorded', {
        slug: 'p',
        kind: 'NEWSLETTER_ISSUE',
        title: 'Issue',
        publisher: 'TASP',
        publishedOn: '2030-01-01',
        items,
      }),
    );
    expect(JSON.stringify(e.data)).not.toContain('Two new faces');
    expect((vault.unsealEvent(stored(e)).data as { items: { title: string }[] }).items[0]!.title).toBe('Two new faces');
    vault.destroy(B);
    expect(
      (vault.unsealEvent(stored(e)).data as { items: { title: string; summary: string }[] }).items[0],
    ).toMatchObject({ title: '[erased]', summary: '[erased]' });
  });

  it('reads a personal field a log stored in clear before it was sealed as erased once its subject is erased', () => {
    const legacy = stored(
      event(
        'MemberAdmitted',
        { memberId: B, name: 'Old Name', kind: 'INDIVIDUAL', region: null, joinedOn: '2020-01-01' },
        { actor: 'a', changeNote: 'Old note' },
      ),
    );
    expect(vault.unsealEvent(legacy)).toMatchObject({
      data: { name: '[erased]' },
      metadata: { changeNote: '[erased]' },
    });
  });

  it('leaves the key in no file of the vault once destroyed, and an empty WAL', () => {
    const sealed = vault.seal(A, 'Some name');
    const reader = openSqlite(join(dir.path, 'keys.sqlite'), { readonly: true });
    const key = reader
      .prepare<[string], { key: Buffer }>('SELECT key FROM person_keys WHERE person_id = ?')
      .get(A)!.key;
    reader.close();
    expect(key).toHaveLength(32);
    vault.destroy(A);
    expect(vault.unseal(sealed)).toBe('[erased]');
    const files = readdirSync(dir.path).filter((f) => f.startsWith('keys.sqlite'));
    expect(files).toContain('keys.sqlite-wal');
    for (const file of files) expect(readFileSync(join(dir.path, file)).includes(key), file).toBe(false);
    expect(readFileSync(join(dir.path, 'keys.sqlite-wal'))).toHaveLength(0);
    vault.close();
    dir.remove();
  });
});
