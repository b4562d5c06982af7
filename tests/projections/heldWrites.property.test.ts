// Projectors that hold writes back within a batch (the documents' bookkeeping and draft revisions,
// the search index's draft paragraphs, the member count totals) must leave exactly the rows that
// applying each event on its own leaves, wherever the batches end: the live path applies a
// mutation's few events as a batch, a rebuild a thousand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import { documentSearchProjector } from '../../src/projections/documentSearch.ts';
import { documentsProjector } from '../../src/projections/documents.ts';
import { membershipProjector } from '../../src/projections/membership.ts';
import { handlesType, prepareProjector } from '../../src/projections/projector.ts';
import { createTables, openReadDatabase } from '../../src/projections/readStore.ts';

const PROJECTORS = [documentsProjector, documentSearchProjector, membershipProjector];
const SLUGS = ['working-together', 'keeping-children-safe'];
const KEYS = ['intro', 'roles', 'learning'];
const BODIES = ['Education settings take part.', 'Leaders appoint partners.\n\nThey publish a plan.', 'Care leavers.'];

type Op =
  | { op: 'save'; doc: number; keys: string[] }
  | { op: 'revise'; doc: number; key: number; body: number }
  | { op: 'publish' | 'discard'; doc: number }
  | { op: 'admit' | 'leave'; member: number; month: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('save' as const), doc: fc.nat(1), keys: fc.subarray(KEYS, { minLength: 1 }) }),
  {
    arbitrary: fc.record({ op: fc.constant('revise' as const), doc: fc.nat(1), key: fc.nat(2), body: fc.nat(2) }),
    weight: 4,
  },
  fc.record({ op: fc.constantFrom('publish' as const, 'discard' as const), doc: fc.nat(1) }),
  fc.record({
    op: fc.constantFrom('admit' as const, 'leave' as const),
    member: fc.nat(3),
    month: fc.integer({ min: 1, max: 12 }),
  }),
);

/** The ops as a valid history: each document registered first, revisions only of an open draft's sections. */
function history(ops: Op[]): { streamId: string; event: DomainEvent }[] {
  const out: { streamId: string; event: DomainEvent }[] = [];
  const drafts = new Map<string, { label: string; keys: string[] }>();
  const members = new Set<number>();
  let labels = 0;
  const doc = (i: number) => {
    const slug = SLUGS[i]!;
    const streamId = `document-${slug}`;
    if (!out.some((e) => e.streamId === streamId))
      out.push({
        streamId,
        event: { type: 'DocumentRegistered', data: { slug, title: slug, kind: 'STATUTORY_GUIDANCE' } },
      });
    return { slug, streamId, draft: drafts.get(slug) };
  };
  for (const o of ops) {
    if ('member' in o) {
      const memberId = `member-${o.member}`;
      const on = `2024-${String(o.month).padStart(2, '0')}-01`;
      if (o.op === 'admit' && !members.has(o.member)) {
        members.add(o.member);
        out.push({
          streamId: 'membership-tasp',
          event: {
            type: 'MemberAdmitted',
            data: { memberId, name: memberId, kind: 'PARTNERSHIP', region: null, joinedOn: on },
          },
        });
      } else if (o.op === 'leave' && members.delete(o.member)) {
        out.push({
          streamId: 'membership-tasp',
          event: { type: 'MemberLeft', data: { memberId, leftOn: on, reason: null } },
        });
      }
      continue;
    }
    const { slug, streamId, draft } = doc(o.doc);
    const sections = (keys: string[]) =>
      keys.map((key, i) => ({ key, heading: key, body: BODIES[i % BODIES.length]! }));
    if (o.op === 'save') {
      labels += 1;
      const label = `v${labels}`;
      drafts.set(slug, { label, keys: o.keys });
      out.push({
        streamId,
        event: { type: 'DraftSaved', data: { slug, label, changeNote: 'saved', sections: sections(o.keys) } },
      });
    } else if (draft && o.op === 'revise') {
      const key = draft.keys[o.key % draft.keys.length]!;
      out.push({
        streamId,
        event: {
          type: 'DraftSectionRevised',
          data: { slug, label: draft.label, key, heading: `${key} ${o.body}`, body: BODIES[o.body]! },
        },
      });
    } else if (draft && o.op === 'publish') {
      drafts.delete(slug);
      out.push({
        streamId,
        event: {
          type: 'VersionPublished',
          data: {
            slug,
            label: draft.label,
            publishedOn: '2024-01-01',
            changeNote: 'published',
            sections: sections(draft.keys),
          },
        },
      });
    } else if (draft && o.op === 'discard') {
      drafts.delete(slug);
      out.push({ streamId, event: { type: 'DraftDiscarded', data: { slug, label: draft.label, reason: null } } });
    }
  }
  return out;
}

/** Every row of the projectors' tables after applying `events`, flushing after each index in `ends` and at the end. */
function rowsAfter(events: { streamId: string; event: DomainEvent }[], ends: Set<number>): unknown[][] {
  const db = openReadDatabase(':memory:');
  createTables(db, PROJECTORS);
  const prepared = PROJECTORS.map((p) => ({ projector: p, ...prepareProjector(p, db) }));
  const revisions = new Map<string, number>();
  events.forEach(({ streamId, event }, i) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const stored = {
      id: `event-${i}`,
      position: BigInt(i + 1),
      revision,
      streamId,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      effectiveAt: '2024-01-01',
      recordedAt: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
      metadata: { actor: `editor-${i % 3}` },
      hash: '',
      previousHash: '',
    } as StoredEvent;
    for (const p of prepared) if (handlesType(p.projector, event.type)) p.apply(event, stored);
    if (ends.has(i) || i === events.length - 1) for (const p of prepared) p.flush();
  });
  const rows = PROJECTORS.flatMap((p) =>
    p.tables.map((t) => db.prepare(`SELECT * FROM "${t.name}" ORDER BY ${t.orderBy}`).raw(true).all()),
  );
  db.close();
  return rows;
}

describe('writes held back within a batch', () => {
  it('leave the rows that applying each event on its own leaves, wherever batches end', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(fc.nat(80)), (ops, cuts) => {
        const events = history(ops);
        const oneByOne = rowsAfter(events, new Set(events.keys()));
        expect(rowsAfter(events, new Set())).toEqual(oneByOne);
        expect(rowsAfter(events, new Set(cuts))).toEqual(oneByOne);
      }),
      { numRuns: 150 },
    );
  });
});
