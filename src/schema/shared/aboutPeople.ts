// The people a change's free text names (a document's change note, a correction or withdrawal
// reason): existing people by id, new ones by name. A new one is recorded as a person of their own
// (PersonRecorded, `person-<uuid>`) before the change, so the text can be sealed with their key
// and erased with them. Refused input records no one: the change is decided first, without
// recording anything, and only then are the people recorded and the change made.
import { randomUUID } from 'node:crypto';
import type { Decider } from '../../domain/aggregate.ts';
import { ValidationError } from '../../domain/errors.ts';
import { PERSON_ID_PREFIX, personDecider, personStreamId } from '../../domain/people/decide.ts';
import type { Aggregate } from '../../events/catalogue.ts';
import type { Types } from '../builder.ts';
import type { Context } from '../context.ts';
import { commandOptions, type MutationOptions } from './commands.ts';
import { command, type PendingCommand } from './editorMutation.ts';

type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

/** At most this many people, by id and by name together, are named by one change. */
export const ABOUT_PEOPLE_LIMIT = 50;

/** `aboutPersonIds` and `aboutPeople`: whom the change's free text (`what`) names. */
export function aboutPeopleFields(t: InputFields, what: string) {
  return {
    aboutPersonIds: t.idList({
      description: `Trustees, members who are people, or recorded people (person ids) named in the ${what}: it is then sealed with their keys, so erasing any of them erases it (the guidance text itself stays public). At most ${ABOUT_PEOPLE_LIMIT} people with aboutPeople`,
    }),
    aboutPeople: t.stringList({
      description: `Names of people named in the ${what} who have no record yet: each is recorded as a person of their own (PersonRecorded, an opaque person id added to aboutPersonIds) with a key, so the ${what} is sealed with it and they can be erased. Nobody is recorded when the change is refused`,
    }),
  };
}

export interface AboutPeopleInput {
  aboutPersonIds?: readonly (string | number)[] | null;
  aboutPeople?: readonly string[] | null;
}

interface NewPerson {
  personId: string;
  name: string;
}

/**
 * The ids of the people the input names, checked: every id must be a trustee, a member who is a
 * person or a recorded person (ValidationError on `aboutPersonIds.<n>` otherwise), every name a
 * valid person name (on `aboutPeople.<n>`). New people get opaque ids, derived from the
 * idempotency key when there is one so a retry names the same people.
 */
async function peopleNamed(
  input: AboutPeopleInput,
  ctx: Context,
  idempotencyKey: string | null,
): Promise<{ ids: string[]; people: NewPerson[] }> {
  const given = [...new Set((input.aboutPersonIds ?? []).map(String))];
  const names = input.aboutPeople ?? [];
  if (given.length + names.length > ABOUT_PEOPLE_LIMIT) {
    throw new ValidationError([
      { path: 'aboutPeople', message: `a change names at most ${ABOUT_PEOPLE_LIMIT} people` },
    ]);
  }
  const [trustees, members] = await Promise.all([
    ctx.loaders.trustee.loadMany(given),
    ctx.loaders.member.loadMany(given),
  ]);
  given.forEach((id, i) => {
    const trustee = trustees[i];
    const member = members[i];
    const known =
      (trustee && !(trustee instanceof Error)) ||
      (member && !(member instanceof Error) && member.kind === 'INDIVIDUAL') ||
      ctx.services.erasure.isRecordedPerson(id);
    if (!known)
      throw new ValidationError([
        {
          path: `aboutPersonIds.${i}`,
          message: `there is no trustee, member who is a person, or recorded person ${id}`,
        },
      ]);
  });
  const people = names.map((name, j) => ({
    name,
    personId: idempotencyKey
      ? ctx.services.vault.derivedId(PERSON_ID_PREFIX, 'idempotency-key', idempotencyKey, 'about', String(j))
      : `${PERSON_ID_PREFIX}-${randomUUID()}`,
  }));
  const meta = { now: new Date().toISOString() };
  people.forEach((person, j) => {
    try {
      personDecider.decide({ type: 'RecordPerson', data: person }, personDecider.initialState(), meta);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(error.fields.map((f) => ({ path: `aboutPeople.${j}`, message: f.message })));
    }
  });
  return { ids: [...given, ...people.map((p) => p.personId)], people };
}

/**
 * The pending command of a change whose data names people: `build` gets the checked person ids
 * (undefined when none) and returns the command. When the input names new people, the command is
 * decided first without recording (a refusal answers its typed error and records no one); then the
 * people are recorded, each in their own stream, and the change is made.
 */
export async function commandAbout<S, C, A extends Aggregate>(
  ctx: Context,
  input: AboutPeopleInput & { idempotencyKey?: string | null },
  decider: Decider<S, C, A>,
  streamId: string,
  build: (aboutPersonIds: string[] | undefined) => C,
  options: MutationOptions,
): Promise<PendingCommand> {
  const idempotencyKey = input.idempotencyKey ?? ctx.idempotencyKey ?? null;
  const { ids, people } = await peopleNamed(input, ctx, idempotencyKey);
  const cmd = build(ids.length > 0 ? ids : undefined);
  const change = command(decider, streamId, cmd, options);
  if (people.length === 0) return change;
  await ctx.services.commands.check(decider, streamId, cmd, commandOptions(ctx, options));
  return async (ctx) => {
    for (const [k, person] of people.entries()) {
      const key = idempotencyKey ? `${idempotencyKey}:person:${k}` : null;
      await command(
        personDecider,
        personStreamId(person.personId),
        { type: 'RecordPerson', data: person },
        { idempotencyKey: key },
      )(ctx);
    }
    return change(ctx);
  };
}
