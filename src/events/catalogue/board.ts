// Events of an association's board stream (`board-<association>`): trustees' appointments, role
// changes and standing down, and sizes the association reported. A trustee's name and reason for
// standing down are personal.
import { z } from 'zod';
import { CalendarDate, ENTITY_ID_PATTERN } from '../vocabulary.ts';
import { DATED, Dating, DATING_OF_PERSON_PRIVACY, DATING_PRIVACY } from './dating.ts';
import { entry, idOf } from './entry.ts';

const EntityId = z.string().regex(ENTITY_ID_PATTERN);
const Text = z.string().min(1);
const Count = z.number().int().min(0);

const TrusteeAppointed = z.object({
  trusteeId: EntityId,
  name: Text,
  role: Text.nullable(),
  appointedOn: CalendarDate,
  dating: Dating.nullish(),
});
const TrusteeRoleChanged = z.object({ trusteeId: EntityId, role: Text.nullable(), changedOn: CalendarDate });
const TrusteeStoodDown = z.object({ trusteeId: EntityId, stoodDownOn: CalendarDate, reason: z.string().nullable() });
const BoardSizeReported = z.object({ size: Count, reportedOn: CalendarDate, dating: Dating.nullish() });

export const boardEvents = {
  TrusteeAppointed: entry({
    aggregate: 'board',
    visibility: 'public',
    ...DATED,
    schema: TrusteeAppointed,
    privacy: {
      subjects: idOf('trusteeId'),
      fields: {
        trusteeId: 'public',
        name: 'personal',
        role: 'public',
        appointedOn: 'public',
        dating: DATING_OF_PERSON_PRIVACY,
      },
    },
  }),
  TrusteeRoleChanged: entry({
    aggregate: 'board',
    visibility: 'public',
    schemaVersion: 1,
    schema: TrusteeRoleChanged,
    privacy: { subjects: idOf('trusteeId'), fields: { trusteeId: 'public', role: 'public', changedOn: 'public' } },
  }),
  TrusteeStoodDown: entry({
    aggregate: 'board',
    visibility: 'public',
    noteField: 'reason',
    schemaVersion: 1,
    schema: TrusteeStoodDown,
    privacy: {
      subjects: idOf('trusteeId'),
      fields: { trusteeId: 'public', stoodDownOn: 'public', reason: 'personal' },
    },
  }),
  BoardSizeReported: entry({
    aggregate: 'board',
    visibility: 'public',
    ...DATED,
    schema: BoardSizeReported,
    privacy: { fields: { size: 'public', reportedOn: 'public', dating: DATING_PRIVACY } },
  }),
};
