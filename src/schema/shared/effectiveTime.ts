// When a change took effect in the world, typed: events record it as a date (a guidance's
// publication day, an appointment) or as an instant, in one text field (effectiveAt). Clients get it
// split in two typed fields: the calendar day always, the instant when one was recorded.
import type { Types } from '../builder.ts';
import { parseInstant } from '../scalars.ts';

/** effectiveOn, effectiveInstant and the deprecated effectiveAt, for a type whose rows carry `effectiveAt`. */
export function effectiveTimeFields<Row extends { effectiveAt: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Row>,
) {
  return {
    effectiveOn: t.field({
      type: 'Date',
      description:
        'The day the change took effect in the world (the date part of effectiveInstant, as recorded, when there is one)',
      resolve: (row) => row.effectiveAt.slice(0, 10),
    }),
    effectiveInstant: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The instant the change took effect, when one was recorded; null when only its day is known',
      resolve: (row) => (row.effectiveAt.length > 10 ? parseInstant(row.effectiveAt) : null),
    }),
    effectiveAt: t.string({
      description: 'When the change took effect in the world: a date (YYYY-MM-DD) or an instant, as text',
      deprecationReason:
        'Holds a date or an instant in one string; use effectiveOn (Date) and effectiveInstant (DateTime)',
      resolve: (row) => row.effectiveAt,
    }),
  } as const;
}
