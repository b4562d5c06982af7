// Erasure of a person's personal data. The log keeps the fact that an erasure happened (who asked,
// when and why); the personal fields themselves become unreadable when the key is destroyed.
import { z } from 'zod';
import type { PersonEvent } from '../../events/catalogue.ts';
import { ENTITY_ID_PATTERN } from '../../events/vocabulary.ts';
import { streams } from '../../events/streams.ts';
import { assertNever, type CommandMeta, type Decided as DecidedOf, type Decider } from '../aggregate.ts';
import { parseInput, ValidationError } from '../errors.ts';
import { nonBlank } from '../inputs.ts';

type Decided = DecidedOf<PersonEvent>;

export interface PersonState {
  erased: boolean;
}

export const ErasePersonalDataInput = z.object({
  personId: z.string().regex(ENTITY_ID_PATTERN, 'must be the id of a trustee or of a member who is a person'),
  reason: nonBlank(2_000),
});

export type PersonCommand = { type: 'ErasePersonalData'; data: z.input<typeof ErasePersonalDataInput> };

export const personStreamId = streams.person;

function erase(data: unknown, state: PersonState, meta: CommandMeta): Decided[] {
  const input = parseInput(ErasePersonalDataInput, data);
  if (state.erased) throw new ValidationError([{ path: 'personId', message: `the personal data of ${input.personId} is already erased` }]);
  return [{ event: { type: 'PersonalDataErased', data: input }, effectiveAt: meta.now }];
}

/** Erasure is final: once a person's data is erased, the stream's state says so. */
export function evolve(_state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonalDataErased':
      return { erased: true };
    default:
      return assertNever(event.type);
  }
}

export const personDecider: Decider<PersonState, PersonCommand, 'person'> = {
  aggregate: 'person',
  initialState: () => ({ erased: false }),
  evolve,
  decide(command, state, meta) {
    switch (command.type) {
      case 'ErasePersonalData':
        return erase(command.data, state, meta);
      default:
        return assertNever(command.type);
    }
  },
};
