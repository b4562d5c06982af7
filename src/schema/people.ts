// Erasure of personal data (crypto-shredding): the editor records why, the key is destroyed.
import { fieldError, NotFoundError } from '../domain/errors.ts';
import { personDecider, personStreamId } from '../domain/people/decide.ts';
import { builder } from './builder.ts';
import { command, editorMutation } from './shared/editorMutation.ts';
import { idempotencyKeyField } from './shared/inputFields.ts';

editorMutation('erasePersonalData', {
  description:
    "Erase a person's personal data (a trustee, or a member who is a person): their key is destroyed, so every read model, rebuild and export shows them as erased while the log and its hash chain stay intact. Answers only once no file under DATA_DIR holds the key or the read models' plaintext. Erasing twice answers ValidationError",
  success: (name) =>
    builder.objectRef<{ personId: string; erasedAt: string }>(name).implement({
      fields: (t) => ({
        personId: t.exposeString('personId'),
        erasedAt: t.field({ type: 'DateTime', resolve: (r) => r.erasedAt }),
      }),
    }),
  input: (t) => ({
    personId: t.id({ required: true, description: 'A trustee id or the id of a member who is a person (kind INDIVIDUAL)' }),
    reason: t.string({ required: true, description: "Why; sealed with the person's key, so it is unreadable once the key is destroyed" }),
    idempotencyKey: idempotencyKeyField(t),
  }),
  command: async ({ personId, reason, idempotencyKey }, ctx) => {
    const id = String(personId);
    const [trustee, member] = await Promise.all([ctx.loaders.trustee.load(id), ctx.loaders.member.load(id)]);
    if (!trustee && !member) throw new NotFoundError('person', id);
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
