// The dating note of a fact about a person is free text that could name them: it is sealed with
// that person's key in the log, opened for readers, and erased with them. Facts about no person
// (a board size, a partnership joining) keep their note in clear.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersonalDataVault } from '../../src/app/personalData.ts';
import type { NewEvent, StoredEvent } from '../../src/events/store.ts';
import { tempDir } from '../support/tempDir.ts';

const A = 'trustee-0f0e0d0c-0000-5000-8000-00000000000a';
const B = 'member-0f0e0d0c-0000-5000-8000-00000000000b';
const NOTE = 'Reported by Jo Bloggs at the AGM; no later than the issue date.';
const dating = { earliest: '2030-01-01', latest: '2030-02-01', note: NOTE };

const stored = (e: NewEvent): StoredEvent => ({
  ...e,
  streamId: 's',
  revision: 0,
  position: 1n,
  recordedAt: '2030-02-02T00:00:00Z',
  hash: 'h',
  previousHash: 'p',
});
const event = (type: string, data: unknown): NewEvent => ({
  id: 'e',
  type,
  schemaVersion: 2,
  data,
  effectiveAt: '2030-02-01',
  metadata: { actor: 'alice' },
});

describe('the dating note of a fact about a person', () => {
  const dir = tempDir('sgh-dating-note-');
  const vault = new PersonalDataVault(join(dir.path, 'keys.sqlite'));

  it("is sealed with the trustee's key, opened for readers, and erased with them", () => {
    const e = vault.sealEvent(
      event('TrusteeAppointed', { trusteeId: A, name: 'Jo Bloggs', role: null, appointedOn: '2030-02-01', dating }),
    );
    expect(JSON.stringify(e.data)).not.toContain('AGM');
    expect((e.data as { dating: { earliest: string } }).dating.earliest).toBe('2030-01-01');
    expect(vault.unsealEvent(stored(e)).data).toMatchObject({ dating });
    vault.destroy(A);
    expect(vault.unsealEvent(stored(e)).data).toMatchObject({ dating: { ...dating, note: '[erased]' } });
  });

  it('is sealed for a member who is a person, and kept in clear for a partnership and a board size', () => {
    const person = vault.sealEvent(
      event('MemberAdmitted', {
        memberId: B,
        name: 'Jo',
        kind: 'INDIVIDUAL',
        region: null,
        joinedOn: '2030-02-01',
        dating,
      }),
    );
    expect(JSON.stringify(person.data)).not.toContain('AGM');
    const partnership = vault.sealEvent(
      event('MemberAdmitted', {
        memberId: 'member-x',
        name: 'Sefton',
        kind: 'PARTNERSHIP',
        region: null,
        joinedOn: '2030-02-01',
        dating,
      }),
    );
    expect((partnership.data as { dating: typeof dating }).dating).toEqual(dating);
    const size = vault.sealEvent(event('BoardSizeReported', { size: 6, reportedOn: '2030-02-01', dating }));
    expect((size.data as { dating: typeof dating }).dating).toEqual(dating);
  });
});
