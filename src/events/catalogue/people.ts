// Events of a person's own stream (`person-<personId>`): the record of someone the log names who
// is neither a trustee nor a member (a speaker in a newsletter item), and the erasure of a
// person's personal data.
import { z } from 'zod';
import { ENTITY_ID_PATTERN } from '../vocabulary.ts';
import { entry, idOf } from './entry.ts';

/**
 * A person's personal data was erased: their key is destroyed, so their sealed fields stay
 * unreadable. The reason is sealed with the person's own key, so the erasure names no one.
 */
const PersonalDataErased = z.object({ personId: z.string().regex(ENTITY_ID_PATTERN), reason: z.string().min(1) });

/**
 * Someone the log names was recorded as a person of their own (`person-<uuid>`), so text about them
 * (a publication item listing them) is sealed with their key and they can be erased. The name is
 * sealed with that key.
 */
const PersonRecorded = z.object({ personId: z.string().regex(ENTITY_ID_PATTERN), name: z.string().min(1) });

export const personEvents = {
  PersonRecorded: entry({
    aggregate: 'person',
    visibility: 'public',
    schemaVersion: 1,
    schema: PersonRecorded,
    privacy: { subjects: idOf('personId'), fields: { personId: 'public', name: 'personal' } },
  }),
  PersonalDataErased: entry({
    aggregate: 'person',
    visibility: 'public',
    noteField: 'reason',
    schemaVersion: 1,
    schema: PersonalDataErased,
    privacy: { subjects: idOf('personId'), fields: { personId: 'public', reason: 'personal' } },
  }),
};
