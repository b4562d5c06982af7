// The Merkle projection's table over logs whose positions start anywhere and have gaps (as
// EventStoreDB's commit positions do, or an embedded log that lost rows): every stored subtree is
// the one an in-memory tree computes, every leaf is found by its position without an index, and a
// position between two events, before the first or after the last finds none.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import { eventLeafHash, MemoryTree, rootHash } from '../../src/events/merkle.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import { MerkleQueries, merkleProjector } from '../../src/projections/merkle.ts';
import { prepareProjector } from '../../src/projections/projector.ts';
import { openSqlite } from '../../src/sqlite.ts';

function storedAt(position: bigint, i: number): StoredEvent {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'DocumentRegistered',
    schemaVersion: 1,
    data: { slug: `doc-${i}`, title: 'T', kind: 'RESOURCE' },
    effectiveAt: '2024-04-01',
    metadata: { actor: 'alice' },
    streamId: `document-doc-${i}`,
    revision: 0,
    position,
    recordedAt: '2024-04-01T00:00:00.000Z',
    hash: 'f'.repeat(64),
    previousHash: 'f'.repeat(64),
  };
}

describe('the Merkle projection over positions with gaps', () => {
  it('stores every subtree and finds every leaf by position', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1n << 40n }),
        // 0 is "no gap": runs of consecutive positions, as the embedded store numbers them.
        fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 5n }), fc.bigInt({ min: 6n, max: 1n << 20n })), {
          minLength: 1,
          maxLength: 70,
        }),
        (first, gaps) => {
          const db = openSqlite(':memory:');
          try {
            db.exec(merkleProjector.ddl);
            const { apply, flush } = prepareProjector(merkleProjector, db);
            const events: StoredEvent[] = [];
            let position = first;
            for (const [i, gap] of gaps.entries()) {
              position += gap + (i === 0 ? 0n : 1n);
              const e = storedAt(position, i);
              apply({ type: e.type, data: e.data } as DomainEvent, e);
              events.push(e);
            }
            flush();
            const leaves = events.map((e) => eventLeafHash(e));
            const memory = new MemoryTree(leaves);
            const tree = new MerkleQueries(db);
            expect(tree.size()).toBe(events.length);
            for (let size = 1; size <= events.length; size += 1) {
              expect(rootHash(tree, size).equals(rootHash(memory, size))).toBe(true);
            }
            for (const [i, e] of events.entries()) {
              expect(tree.leafAt(e.position)).toEqual({ leafIndex: i, position: e.position, hash: leaves[i] });
              expect(tree.positionOfLeaf(i)).toBe(e.position);
              // The position just before it is another event's or nobody's.
              if (i === 0 || events[i - 1]!.position !== e.position - 1n)
                expect(tree.leafAt(e.position - 1n)).toBeNull();
            }
            expect(tree.leafAt(position + 1n)).toBeNull();
            expect(tree.positionOfLeaf(events.length)).toBeNull();
            const asked = [position + 7n, ...events.map((e) => e.position).reverse()];
            expect(tree.leavesAt(asked).map((l) => l.leafIndex)).toEqual(events.map((_, i) => i).reverse());
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
