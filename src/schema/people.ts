// Erasure of personal data (crypto-shredding): the editor records why, the key is destroyed.
import { fieldError, NotFoundError } from '../domain/errors.ts';
import { PERSON_ID_PREFIX, personDecider, personStreamId } from '../domain/people/decide.ts';
import type { Context } from './context.ts';
import { builder } from './builder.ts';
import { command, editorMutation } from './shared/editorMutation.ts';
import { idempotencyKeyField } from './shared/inputFields.ts';

/**
 * Which of `ids` are people recorded on their own (PersonRecorded in their person stream, erased
 * or not), read from the log: the person stream is the only place such a person is kept.
 */
export async function recordedPeople(ctx: Context, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const id of new Set(ids)) {
    if (!id.startsWith(`${PERSON_ID_PREFIX}-`)) continue;
    for await (const e of ctx.services.store.readStream(personStreamId(id))) {
      if (e.type === 'PersonRecorded') {
        found.push(id);
        break;
      }
    }
  }
  return found;
}

editorMutation('erasePersonalData', {
  description:
    "Erase a person's personal data (a trustee, a member who is a person, or a person recorded on their own because a publication item is about them): their key is destroyed, so every read model, rebuild and export shows them as erased while the log and its hash chain stay intact. Answers only once no file under DATA_DIR holds the key or the read models' plaintext. Erasing twice answers ValidationError",
  success: (name) =>
    builder.objectRef<{ personId: string; erasedAt: string }>(name).implement({
      fields: (t) => ({
        personId: t.exposeString('personId'),
        erasedAt: t.field({ type: 'DateTime', resolve: (r) => r.erasedAt }),
      }),
    }),
  input: (t) => ({
    personId: t.id({
      required: true,
      description: 'A trustee id, the id of a member who is a person (kind INDIVIDUAL), or a person id (`person-…`) from a publication item\'s aboutPersonIds',
    }),
    reason: t.string({ required: true, description: "Why; sealed with the person's key, so it is unreadable once the key is destroyed" }),
    idempotencyKey: idempotencyKeyField(t),
  }),
  command: async ({ personId, reason, idempotencyKey }, ctx) => {
    const id = String(personId);
    const [trustee, member] = await Promise.all([ctx.loaders.trustee.load(id), ctx.loaders.member.load(id)]);
    if (!trustee && !member && (await recordedPeople(ctx, [id])).length === 0) throw new NotFoundError('person', id);
    if (!trustee && member && member.kind !== 'INDIVIDUAL') throw fieldError('personId', `${id} is an organisation, which has no personal data`);
    const erase = command(personDecider, personStreamId(id), { type: 'ErasePersonalData', data: { personId: id, reason } }, {
      idempotencyKey,
      changeNote: reason,
    });
    return async (ctx) => {
      const result = await erase(ctx);
      // The erasure is recorded first, then the key destroyed; a crash between the two is mended
      // at the next start (destroyErasedKeys), and replays read the name as erased either way.
      ctx.services.vault.destroy(id);
      return result;
    };
  },
  // A retry answers when the erasure was recorded, as the first request did.
  readBack: async (recorded) => ({
    personId: await recorded.id('PersonalDataErased', 'personId'),
    erasedAt: await recorded.recordedAt('PersonalDataErased'),
  }),
});
