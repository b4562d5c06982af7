// A person's own stream: the record of someone the log names who has no trustee or member record
// (so text about them can be sealed with their key), and the erasure of a person's personal data.
// The log keeps the fact that an erasure happened (who asked, when and why); the personal fields
// themselves become unreadable when the key is destroyed.
import { z } from 'zod';
import type { PersonEvent } from '../../events/catalogue.ts';
import { ENTITY_ID_PATTERN } from '../../events/vocabulary.ts';
import { streams } from '../../events/streams.ts';
import { assertNever, type CommandMeta, type Decided as DecidedOf, type Decider } from '../aggregate.ts';
import { parseInput, ValidationError } from '../errors.ts';
import { nonBlank, personName } from '../inputs.ts';

type Decided = DecidedOf<PersonEvent>;

export interface PersonState {
  /** True once the person was recorded on their own (PersonRecorded); trustees and members never are. */
  recorded: boolean;
  erased: boolean;
}

/** Ids of people recorded on their own: `person-<uuid>`, opaque like every person's id. */
export const PERSON_ID_PREFIX = 'person';

export const RecordPersonInput = z.object({
  personId: z.string().regex(ENTITY_ID_PATTERN, 'must be an opaque person id'),
  name: personName(200),
});

export const ErasePersonalDataInput = z.object({
  personId: z.string().regex(ENTITY_ID_PATTERN, 'must be the id of a trustee or of a member who is a person'),
  reason: nonBlank(2_000),
});

export type PersonCommand =
  | { type: 'RecordPerson'; data: z.input<typeof RecordPersonInput> }
  | { type: 'ErasePersonalData'; data: z.input<typeof ErasePersonalDataInput> };

export const personStreamId = streams.person;

function erase(data: unknown, state: PersonState, meta: CommandMeta): Decided[] {
  const input = parseInput(ErasePersonalDataInput, data);
  if (state.erased)
    throw new ValidationError([
      { path: 'personId', message: `the personal data of ${input.personId} is already erased` },
    ]);
  return [{ event: { type: 'PersonalDataErased', data: input }, effectiveAt: meta.now }];
}

function record(data: unknown, state: PersonState, meta: CommandMeta): Decided[] {
  const input = parseInput(RecordPersonInput, data);
  if (state.erased)
    throw new ValidationError([
      { path: 'personId', message: `the personal data of ${input.personId} is erased; they cannot be recorded again` },
    ]);
  if (state.recorded)
    throw new ValidationError([{ path: 'personId', message: `${input.personId} is already recorded` }]);
  return [{ event: { type: 'PersonRecorded', data: input }, effectiveAt: meta.now }];
}

/** Erasure is final: once a person's data is erased, the stream's state says so. */
export function evolve(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRecorded':
      return { ...state, recorded: true };
    case 'PersonalDataErased':
      return { ...state, erased: true };
    default:
      return assertNever(event);
  }
}

export const personDecider: Decider<PersonState, PersonCommand, 'person'> = {
  aggregate: 'person',
  initialState: () => ({ recorded: false, erased: false }),
  evolve,
  decide(command, state, meta) {
    switch (command.type) {
      case 'RecordPerson':
        return record(command.data, state, meta);
      case 'ErasePersonalData':
        return erase(command.data, state, meta);
      default:
        return assertNever(command);
    }
  },
};
