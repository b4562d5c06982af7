// Erasure of personal data (crypto-shredding): the editor records why, the key is destroyed.
import { builder } from './builder.ts';
import { commandOptions } from './commands.ts';
import { MUTATION_ERRORS } from './errors.ts';

const ErasePersonalDataInput = builder.inputType('ErasePersonalDataInput', {
  fields: (t) => ({
    personId: t.id({ required: true, description: 'A trustee id or the id of a member who is a person (kind INDIVIDUAL)' }),
    reason: t.string({ required: true, description: 'Why; sealed with the person\'s key, so it is unreadable once the key is destroyed' }),
    idempotencyKey: t.string(),
  }),
});

const ErasePersonalDataSuccess = builder.objectRef<{ personId: string; erasedAt: string }>('ErasePersonalDataSuccess').implement({
  fields: (t) => ({
    personId: t.exposeString('personId'),
    erasedAt: t.field({ type: 'DateTime', resolve: (r) => r.erasedAt }),
  }),
});

builder.mutationField('erasePersonalData', (t) =>
  t.field({
    type: ErasePersonalDataSuccess,
    description:
      "Erase a person's personal data (a trustee, or a member who is a person): their key is destroyed, so every read model, rebuild and export shows them as erased while the log and its hash chain stay intact. Answers only once no file under DATA_DIR holds the key or the read models' plaintext. Erasing twice answers ValidationError",
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'ErasePersonalDataResult' } },
    args: { input: t.arg({ type: ErasePersonalDataInput, required: true }) },
    resolve: async (_root, { input: { personId, reason, idempotencyKey } }, ctx) => {
      const id = String(personId);
      const erasure = await ctx.services.erasure.erase(id, reason, commandOptions(ctx, { idempotencyKey, changeNote: reason }));
      ctx.loaders.trustee.clear(id);
      ctx.loaders.member.clear(id);
      return erasure;
    },
  }),
);
