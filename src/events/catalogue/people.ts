// Events of a person's own stream (`person-<personId>`): the erasure of their personal data.
import { z } from 'zod';
import { ENTITY_ID_PATTERN } from '../vocabulary.ts';
import { entry, idOf } from './entry.ts';

/**
 * A person's personal data was erased: their key is destroyed, so their sealed fields stay
 * unreadable. The reason is sealed with the person's own key, so the erasure names no one.
 */
const PersonalDataErased = z.object({ personId: z.string().regex(ENTITY_ID_PATTERN), reason: z.string().min(1) });

export const personEvents = {
  PersonalDataErased: entry({
    aggregate: 'person',
    visibility: 'public',
    noteField: 'reason',
    schemaVersion: 1,
    schema: PersonalDataErased,
    privacy: { subjects: idOf('personId'), fields: { personId: 'public', reason: 'personal' } },
  }),
};
