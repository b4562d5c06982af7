// Recording a publication and the rules that accept or refuse it.
import { z } from 'zod';
import {
  CalendarDate,
  ENTITY_ID_PATTERN,
  ITEM_CATEGORIES,
  PUBLICATION_KINDS,
  SLUG_PATTERN,
} from '../../events/vocabulary.ts';
import { assertNever, type Decided as DecidedOf, type Decider } from '../aggregate.ts';
import { fieldError, parseInput } from '../errors.ts';
import { nonBlank } from '../inputs.ts';
import type { PublicationEvent } from '../../events/catalogue.ts';
import { evolve, initialState, type PublicationState } from './publication.ts';

type Decided = DecidedOf<PublicationEvent>;

export const LIMITS = {
  titleLength: 300,
  publisherLength: 200,
  summaryLength: 4_000,
  items: 200,
  peoplePerItem: 20,
} as const;

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens, starting with a letter or digit');

const ItemInput = z.object({
  category: z.enum(ITEM_CATEGORIES),
  title: nonBlank(LIMITS.titleLength),
  summary: nonBlank(LIMITS.summaryLength),
  documentSlug: slug.nullish().transform((v) => v ?? null),
  /** The people the item is about (trustees, members, people recorded on their own); its title and summary are sealed with their keys. */
  aboutPersonIds: z
    .array(z.string().regex(ENTITY_ID_PATTERN, 'must be the id of a trustee, a member or a recorded person'))
    .max(LIMITS.peoplePerItem, `at most ${LIMITS.peoplePerItem} people per item`)
    .nullish()
    .transform((v) => [...new Set(v ?? [])]),
});

export const RecordPublicationInput = z.object({
  slug,
  kind: z.enum(PUBLICATION_KINDS),
  title: nonBlank(LIMITS.titleLength),
  publisher: nonBlank(LIMITS.publisherLength),
  publishedOn: CalendarDate,
  items: z
    .array(ItemInput)
    .min(1, 'a publication needs at least one item')
    .max(LIMITS.items, `a publication has at most ${LIMITS.items} items`),
});

export type PublicationCommand = {
  type: 'RecordPublication';
  data: z.input<typeof RecordPublicationInput>;
  /**
   * Which of the documents the items link to exist in the history; the caller looks them up, so
   * the decision stays free of I/O.
   */
  existingDocuments: string[];
  /** Which of the people the items are about are known trustees, members or recorded people (looked up by the caller). */
  knownPeople?: string[];
};

function recordPublication(command: PublicationCommand, state: PublicationState): Decided[] {
  const input = parseInput(RecordPublicationInput, command.data);
  if (state.recorded) throw fieldError('slug', `publication ${input.slug} is already recorded`);
  const known = new Set(command.existingDocuments);
  input.items.forEach((item, i) => {
    if (item.documentSlug !== null && !known.has(item.documentSlug)) {
      throw fieldError(`items.${i}.documentSlug`, `there is no document ${item.documentSlug} in the history`);
    }
    const people = new Set(command.knownPeople ?? []);
    item.aboutPersonIds.forEach((personId, j) => {
      if (!people.has(personId))
        throw fieldError(
          `items.${i}.aboutPersonIds.${j}`,
          `there is no trustee, member or recorded person ${personId}`,
        );
    });
  });
  return [{ event: { type: 'PublicationRecorded', data: input }, effectiveAt: input.publishedOn }];
}

export function decide(command: PublicationCommand, state: PublicationState): Decided[] {
  switch (command.type) {
    case 'RecordPublication':
      return recordPublication(command, state);
    default:
      return assertNever(command.type);
  }
}

export const publicationDecider: Decider<PublicationState, PublicationCommand, 'publication'> = {
  aggregate: 'publication',
  initialState,
  evolve,
  decide,
};
