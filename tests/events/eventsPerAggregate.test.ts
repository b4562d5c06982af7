// Events are typed per aggregate. The `@ts-expect-error` lines below are checked by `npm run
// typecheck` (tsc covers tests/): each marks code the type checker must reject. If a rule were
// loosened, the line would compile, the directive would be unused, and the type check would fail.
// The runtime tests check the catalogue data the types are derived from.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assertNever, type Decider } from '../../src/domain/aggregate.ts';
import { type DocumentCommand, documentDecider } from '../../src/domain/documents/decide.ts';
import { type DocumentState, evolve as documentEvolve } from '../../src/domain/documents/document.ts';
import {
  AGGREGATES,
  catalogue,
  type DomainEvent,
  EVENT_TYPES,
  eventTypesOf,
  noteOf,
  visibilityOf,
  WITHDRAWING_TYPES,
} from '../../src/events/catalogue.ts';
import { type AggregateEventsIn, entry } from '../../src/events/catalogue/entry.ts';
import { defineProjector } from '../../src/projections/projector.ts';

// A throwaway event type added to the document aggregate in a fixture catalogue.
const extended = {
  ...catalogue,
  SectionWithdrawn: entry({
    aggregate: 'document',
    visibility: 'public',
    schemaVersion: 1,
    schema: z.object({ slug: z.string(), key: z.string() }),
    privacy: { fields: { slug: 'public', key: 'public' } },
  }),
};
type ExtendedDocumentEvent = AggregateEventsIn<typeof extended, 'document'>;

/** An evolve written before SectionWithdrawn existed, handed the extended document events. */
export function evolveIgnoringIt(state: DocumentState, event: ExtendedDocumentEvent): DocumentState {
  switch (event.type) {
    case 'DocumentRegistered':
    case 'VersionPublished':
    case 'DraftSaved':
    case 'DraftSectionRevised':
    case 'DraftDiscarded':
    case 'VersionCorrected':
    case 'DocumentWithdrawn':
      return state;
    default:
      // @ts-expect-error SectionWithdrawn is not handled, so `event` is not `never` here.
      return assertNever(event);
  }
}

// The real document decider cannot serve a document stream that may hold SectionWithdrawn: its
// evolve does not take it.
// @ts-expect-error documentDecider.evolve ignores SectionWithdrawn
export const deciderIgnoringIt: Decider<DocumentState, DocumentCommand, 'document', ExtendedDocumentEvent> =
  documentDecider;

// A decider emits only its own aggregate's events.
const boardEvent = {
  type: 'TrusteeAppointed',
  data: { trusteeId: 'trustee-a', name: 'A', role: null, appointedOn: '2020-01-01' },
} as const satisfies DomainEvent;
export const deciderCrossingAggregates: Decider<DocumentState, DocumentCommand, 'document'> = {
  aggregate: 'document',
  initialState: documentDecider.initialState,
  evolve: documentEvolve,
  // @ts-expect-error TrusteeAppointed belongs to the board, not to a document
  decide: () => [{ event: boardEvent, effectiveAt: '2020-01-01' }],
};

// A projector of the document aggregate's events whose switch leaves one out is rejected.
export const projectorIgnoringOne = defineProjector({
  name: 'ignores-withdrawal',
  ddl: '',
  tables: [],
  handles: eventTypesOf('document'),
  prepare: () => (event) => {
    switch (event.type) {
      case 'DocumentRegistered':
      case 'VersionPublished':
      case 'DraftSaved':
      case 'DraftSectionRevised':
      case 'DraftDiscarded':
      case 'VersionCorrected':
        return;
      default:
        // @ts-expect-error DocumentWithdrawn is not handled
        assertNever(event);
    }
  },
});

/** A projector's apply function over the extended document events, written before SectionWithdrawn existed. */
export function applyIgnoringIt(event: ExtendedDocumentEvent): void {
  switch (event.type) {
    case 'DocumentRegistered':
    case 'VersionPublished':
    case 'DraftSaved':
    case 'DraftSectionRevised':
    case 'DraftDiscarded':
    case 'VersionCorrected':
    case 'DocumentWithdrawn':
      return;
    default:
      // @ts-expect-error SectionWithdrawn is not handled
      assertNever(event);
  }
}

// A projector may only declare event types the catalogue knows.
export const projectorOfUnknownType = defineProjector({
  name: 'unknown',
  ddl: '',
  tables: [],
  // @ts-expect-error SectionWithdrawn is not in the real catalogue
  handles: ['SectionWithdrawn'],
  prepare: () => () => undefined,
});

describe('events per aggregate', () => {
  it('gives every event type exactly one aggregate, so the per-aggregate lists partition the catalogue', () => {
    const listed = AGGREGATES.flatMap((a) => eventTypesOf(a));
    expect([...listed].sort()).toEqual([...EVENT_TYPES].sort());
    expect(eventTypesOf('board')).toEqual([
      'TrusteeAppointed',
      'TrusteeRoleChanged',
      'TrusteeStoodDown',
      'BoardSizeReported',
    ]);
  });

  it('announces draft events to staff only, by the catalogue rather than by the name', () => {
    expect(EVENT_TYPES.filter((t) => visibilityOf(t) === 'staff')).toEqual([
      'DraftSaved',
      'DraftSectionRevised',
      'DraftDiscarded',
    ]);
    expect(visibilityOf('NoSuchEvent')).toBe('staff');
  });

  it("reads an event's note from the field the catalogue names, and none from an event without one", () => {
    expect(noteOf({ type: 'DocumentWithdrawn', data: { slug: 'wt', reason: 'Superseded' } })).toBe('Superseded');
    expect(noteOf({ type: 'DraftSaved', data: { slug: 'wt', label: '2023', changeNote: 'Draft', sections: [] } })).toBe(
      'Draft',
    );
    expect(noteOf({ type: 'DraftDiscarded', data: { slug: 'wt', label: '2023', reason: null } })).toBeNull();
    expect(noteOf({ type: 'BoardSizeReported', data: { size: 5, reportedOn: '2020-01-01' } })).toBeNull();
  });

  it('marks withdrawal in the catalogue', () => {
    expect(WITHDRAWING_TYPES).toEqual(['DocumentWithdrawn']);
  });
});
