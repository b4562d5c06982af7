// Input fields many mutations share, declared once so their names and descriptions agree.
import type { Types } from '../builder.ts';
import type { MutationOptions } from './commands.ts';

type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

/** The idempotency key of a change, for mutations that create something once. */
export function idempotencyKeyField(t: InputFields) {
  return t.string({
    description:
      'Chosen by the client for this change (overrides the Idempotency-Key header): a retry with the same key and input records nothing more, so the change is made once; the same key with other input answers IdempotencyKeyReusedError',
  });
}

/** expectedRevision and idempotencyKey: the conflict check and retry key of an editor mutation. */
export function commandFields(t: InputFields) {
  return {
    expectedRevision: t.int({
      description:
        'The revision of the changed stream the editor last read (Document.revision for a document); when the stream has moved on, the answer is a ConflictError and nothing is recorded. Left out, the change applies to whatever is current',
    }),
    idempotencyKey: idempotencyKeyField(t),
  };
}

/** Where a recorded fact comes from and what is certain about it (board and membership). */
export function factFields(t: InputFields) {
  return {
    source: t.string({ description: 'Where the fact comes from, e.g. the newsletter issue that reported it' }),
    note: t.string({ description: 'A change note: what is certain about this fact and what is not' }),
  };
}

/** The metadata inputs a mutation with factFields and commandFields accepts. */
export interface FactInput {
  source?: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
  expectedRevision?: number | null;
}

/** How a fact's metadata inputs are recorded: source as the event's source, note as its change note. */
export function mutationOptions(input: FactInput): MutationOptions {
  return {
    source: input.source ?? null,
    changeNote: input.note ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    expectedRevision: input.expectedRevision ?? null,
  };
}
