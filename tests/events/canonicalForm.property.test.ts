// The append path writes each event's canonical form directly and reuses its data's JSON; stored
// chains depend on those bytes, so for any event they must equal the form as first defined: every
// field through canonicalJson (tests/support/referenceCanonical.ts, the definition logs were written with).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEvents } from '../../src/events/chainBatch.ts';
import { canonicalEvent, eventHash, GENESIS_HASH, normaliseMetadata } from '../../src/events/hashChain.ts';
import type { NewEvent } from '../../src/events/store.ts';
import { type Hashable, referenceCanonical, referenceHash } from '../support/referenceCanonical.ts';

// Keys that sort differently from the order JSON.stringify writes them: integer-like, upper and
// lower case, non-ASCII, the empty key, and keys JSON must escape.
const key = fc.oneof(
  fc.constantFrom('a', 'B', 'b', '10', '9', '0', '', 'é', 'Z', '__proto__x', 'toString', 'k"\\\n', '\u2028'),
  fc.string({ maxLength: 4 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;
// Values canonicalJson treats in its own way: undefined, dates and nested class instances.
const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(new Date('2024-04-01T00:00:00Z')),
  fc.constant({ b: undefined, a: new Date(0) }),
  fc.constant([undefined, 1]),
  fc.constant(new Map([['a', 1]])),
);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('alice', 'Zoë “quoted”', 'line\nbreak', '\u0000', '\ud800 lone', '😀', 'back\\slash', '\u007f'),
);
const metadata = fc.record(
  {
    actor: text,
    source: fc.option(text),
    changeNote: fc.option(text),
    correlationId: fc.option(fc.uuid()),
    causationId: fc.option(fc.uuid()),
    idempotencyKey: fc.option(text),
    commandHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/)),
  },
  { requiredKeys: ['actor'] },
);
const newEvent = fc.record({
  id: fc.uuid(),
  type: text,
  schemaVersion: fc.integer({ min: 1, max: 9 }),
  data: fc.oneof({ weight: 8, arbitrary: json }, { weight: 1, arbitrary: odd }),
  effectiveAt: text,
  metadata,
}) as fc.Arbitrary<NewEvent>;

describe('the canonical form written directly', () => {
  it('is byte for byte the reference form, for any data, key order and metadata', () => {
    fc.assert(
      fc.property(newEvent, text, fc.nat(), text, (e, streamId, revision, recordedAt) => {
        const hashable = { ...e, streamId, revision, recordedAt };
        expect(canonicalEvent(hashable)).toBe(referenceCanonical(hashable));
        expect(eventHash(GENESIS_HASH, hashable)).toBe(referenceHash(GENESIS_HASH, hashable));
      }),
      { numRuns: 2_000 },
    );
  });

  it('chainEvents gives the reference hashes, and the stored JSON of the data and normalised metadata', () => {
    fc.assert(
      fc.property(fc.array(newEvent, { maxLength: 8 }), fc.option(fc.nat({ max: 100 })), (fresh, revision) => {
        const tail = { revision, hash: 'a'.repeat(64) };
        const chained = chainEvents('document-x', fresh, tail, '2026-11-30T11:00:00.000Z');
        let previousHash = tail.hash;
        chained.events.forEach((e, i) => {
          expect(e.revision).toBe((revision ?? -1) + 1 + i);
          expect(e.position).toBe(0n);
          expect(e.previousHash).toBe(previousHash);
          expect(e.hash).toBe(referenceHash(previousHash, e));
          expect(e.metadata).toEqual(normaliseMetadata(fresh[i]!.metadata));
          expect(chained.dataJson[i]).toBe(JSON.stringify(fresh[i]!.data));
          expect(chained.metadataJson[i]).toBe(JSON.stringify(normaliseMetadata(fresh[i]!.metadata)));
          previousHash = e.hash;
        });
      }),
      { numRuns: 500 },
    );
  });
});
