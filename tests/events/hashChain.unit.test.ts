import { describe, expect, it } from 'vitest';
import { assertNextRevision, canonicalJson, eventHash, GENESIS_HASH } from '../../src/events/hashChain.ts';
import { ChainBrokenError, type StoredEvent } from '../../src/events/store.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order never changes the bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":1,"y":2}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined] })).toBe('{"c":[null]}');
  });
});

describe('eventHash', () => {
  it('still gives the hash logs were written with (stored chains depend on it)', () => {
    const event = {
      id: '00000000-0000-4000-8000-000000000001',
      streamId: 'document-wt',
      revision: 0,
      type: 'VersionPublished',
      schemaVersion: 2,
      data: {
        slug: 'wt',
        label: '2018',
        publishedOn: '2018-07-04',
        changeNote: 'First “edition”',
        sections: [{ key: 'intro', heading: 'Introduction', body: 'Line\none é' }],
        extra: { z: 1, a: [true, null, -0, 1.5e-7] },
      },
      effectiveAt: '2018-07-04',
      recordedAt: '2026-11-23T10:00:00.000Z',
      metadata: { actor: 'alice' },
    };
    expect(eventHash(GENESIS_HASH, event)).toBe('0738c491a5d1e5f0d6cd293829e3e12419c52ab0a04710d77a11fdddb6df4033');
  });
});

describe('assertNextRevision', () => {
  const at = (revision: number) => ({ position: 7n, streamId: 'document-wt', revision }) as StoredEvent;

  it('accepts a restored event that takes the next revision of its stream, or 0 for a new stream', () => {
    expect(() => assertNextRevision(at(0), null)).not.toThrow();
    expect(() => assertNextRevision(at(3), 2)).not.toThrow();
  });

  it('refuses a gap or a repeat with ChainBrokenError naming both revisions', () => {
    expect(() => assertNextRevision(at(1), null)).toThrow(ChainBrokenError);
    expect(() => assertNextRevision(at(1), null)).toThrow('document-wt is at revision none, the event claims 1');
    expect(() => assertNextRevision(at(2), 2)).toThrow('document-wt is at revision 2, the event claims 2');
  });
});
