// The input an editor gives when a fact's date is not printed: the earliest day it can have
// happened and why. The mutation's own date (appointedOn, reportedOn, …) is the interval's last day.
import type { DatingData } from '../events/catalogue.ts';
import { builder, type Types } from './builder.ts';

type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

const DatingInputRef = builder.inputType('DatingInput', {
  description:
    "When the source does not print the fact's date: the earliest day it can have happened, and the reasoning. The mutation's date is the latest such day, the day the fact is known to hold by",
  fields: (t) => ({
    earliest: t.field({ type: 'Date', required: true, description: "On or before the mutation's date" }),
    note: t.string({
      required: true,
      description: 'Why these bounds, e.g. "reports the webinar of 22 February as ahead"; public, so name no one',
    }),
  }),
});

/** The optional `dating` field of a mutation that records a fact. */
export function datingField(t: InputFields) {
  return {
    dating: t.field({ type: DatingInputRef, description: 'Only when the date is not printed: see DatingInput' }),
  };
}

/** The dating a command carries: the given interval ending on the mutation's date, or none. */
export function datingFor(
  input: { dating?: { earliest: string; note: string } | null },
  on: string,
): DatingData | null {
  return input.dating ? { earliest: input.dating.earliest, latest: on, note: input.dating.note } : null;
}
