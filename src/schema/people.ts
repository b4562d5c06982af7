// Erasure of personal data (crypto-shredding): the editor records why, the key is destroyed.
import { builder } from './builder.ts';
import { commandOptions } from './shared/commands.ts';
import { editorMutation } from './shared/editorMutation.ts';
import { idempotencyKeyField } from './shared/inputFields.ts';

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
      description:
        "A trustee id, the id of a member who is a person (kind INDIVIDUAL), or a person id (`person-…`) from a publication item's aboutPersonIds",
    }),
    reason: t.string({
      required: true,
      description: "Why; sealed with the person's key, so it is unreadable once the key is destroyed",
    }),
    idempotencyKey: idempotencyKeyField(t),
  }),
  // Who can be erased, recording it and destroying the key are the erasure service's (src/app/erasure.ts).
  command:
    ({ personId, reason, idempotencyKey }) =>
    (ctx) =>
      ctx.services.erasure.erase(String(personId), reason, commandOptions(ctx, { idempotencyKey, changeNote: reason })),
  // A retry answers when the erasure was recorded, as the first request did.
  readBack: async (recorded) => ({
    personId: await recorded.id('PersonalDataErased', 'personId'),
    erasedAt: await recorded.recordedAt('PersonalDataErased'),
  }),
});
