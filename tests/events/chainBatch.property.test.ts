// chainEvents writes a batch's canonical forms and stored metadata from pieces it keeps while
// consecutive events share their values (type, effective date, actor, source...). Batches whose
// events share some fields and change others, in any order, must still give every event the
// reference hash and the stored JSON of its own normalised metadata.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEvents } from '../../src/events/chainBatch.ts';
import { normaliseMetadata } from '../../src/events/hashChain.ts';
import type { NewEvent } from '../../src/events/store.ts';
import { referenceHash } from '../support/referenceCanonical.ts';

// Few values per field, so that neighbours in a batch often share one and sometimes not; some need
// escaping, and some data is out of key order or holds what JSON cannot write as is.
const text = fc.constantFrom('alice', 'bob', 'Zoë “quoted”', 'line\nbreak', '\ud800 lone');
const optionalText = fc.constantFrom(null, undefined, 'x', 'TASP newsletter, Spring 2024', 'back\\slash');
const data = fc.constantFrom<unknown>(
  { memberId: 'm-1', year: '2024-25' },
  { year: '2024-25', memberId: 'm-2' },
  { nested: { b: 1, a: [2, { d: null, c: 'é' }] } },
  { at: new Date(0) },
  undefined,
  [1, 'two'],
);
const newEvent = fc.record({
  id: fc.uuid(),
  type: fc.constantFrom('MembershipRenewed', 'DocumentRegistered', 'Ty"pe'),
  schemaVersion: fc.constantFrom(1, 2),
  data,
  effectiveAt: fc.constantFrom('2024-04-01', '2024-04-02', '2024-04-01T10:00:00.000Z'),
  metadata: fc.record(
    {
      actor: text,
      source: optionalText,
      changeNote: optionalText,
      correlationId: fc.constantFrom(null, '4535aa6e-791c-483e-8396-acacde207737', 'corr"elation'),
      causationId: fc.constantFrom(null, 'c-1', 'c-2'),
      idempotencyKey: optionalText,
      commandHash: fc.constantFrom(null, 'a'.repeat(64)),
    },
    { requiredKeys: ['actor'] },
  ),
}) as fc.Arbitrary<NewEvent>;

describe('chainEvents over batches whose events share some fields', () => {
  it('gives each event the reference hash and the JSON of its own data and normalised metadata', () => {
    fc.assert(
      fc.property(fc.array(newEvent, { minLength: 1, maxLength: 30 }), (fresh) => {
        const tail = { revision: 4, hash: 'b'.repeat(64) };
        const chained = chainEvents('membership-m-1', fresh, tail, '2026-11-30T15:00:00.000Z');
        let previousHash = tail.hash;
        chained.events.forEach((e, i) => {
          expect(e.previousHash).toBe(previousHash);
          expect(e.hash).toBe(referenceHash(previousHash, e));
          expect(chained.dataJson[i]).toBe(JSON.stringify(fresh[i]!.data));
          expect(chained.metadataJson[i]).toBe(JSON.stringify(normaliseMetadata(fresh[i]!.metadata)));
          previousHash = e.hash;
        });
      }),
      { numRuns: 1_000 },
    );
  });
});
