// Provenance: every read-model object links to the events that produced it, so an auditor can
// go from any answer back to the evidence in the log.
import type { AuditEventRow } from '../projections/audit.ts';
import { streams } from '../events/streams.ts';
import { builder } from './builder.ts';
import { DocumentRef, VersionRef } from './document.ts';
import { STAFF } from './shared/access.ts';
import { effectiveTimeFields } from './shared/effectiveTime.ts';

export const ProvenanceRef = builder.objectRef<AuditEventRow>('Provenance').implement({
  description: 'An event of the log that produced (part of) this object',
  fields: (t) => ({
    position: t.string({ resolve: (e) => e.position.toString() }),
    eventId: t.exposeString('id'),
    streamId: t.exposeString('streamId'),
    type: t.exposeString('type'),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
    ...effectiveTimeFields(t),
    actor: t.exposeString('actor'),
    source: t.exposeString('source', { nullable: true }),
    changeNote: t.exposeString('changeNote', { nullable: true }),
  }),
});

/** Keeps the events recorded up to a log position, when an object is seen as known then. */
export function knownBy(events: AuditEventRow[], bound: bigint | undefined): AuditEventRow[] {
  return bound === undefined ? events : events.filter((e) => e.position <= bound);
}

builder.objectField(DocumentRef, 'provenance', (t) =>
  t.field({
    type: [ProvenanceRef],
    authScopes: STAFF,
    description: "Every event of the document's stream, oldest first",
    resolve: async (d, _args, ctx) => knownBy(await ctx.loaders.streamEvents.load(streams.document(d.slug)), d.knownAt),
  }),
);

builder.objectField(VersionRef, 'provenance', (t) =>
  t.field({
    type: [ProvenanceRef],
    authScopes: STAFF,
    description: "The event that published this version's text and each correction since, oldest first",
    resolve: async (v, _args, ctx) => {
      const corrections = await ctx.loaders.corrections.load({ slug: v.slug, label: v.label });
      const positions = [v.position, ...corrections.map((c) => c.position)].filter((p) => p > 0n);
      const events = await ctx.loaders.eventAt.loadMany(positions);
      return knownBy(
        events.filter((e): e is AuditEventRow => e !== null && !(e instanceof Error)),
        v.knownAt,
      );
    },
  }),
);
