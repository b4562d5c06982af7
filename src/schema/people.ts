// Erasure of personal data (crypto-shredding): the editor records why, the key is destroyed.
import { NotFoundError } from '../domain/errors.ts';
import { personDecider, personStreamId } from '../domain/people/decide.ts';
import { builder } from './builder.ts';
import { executeAs } from './commands.ts';
import { MUTATION_ERRORS } from './errors.ts';

const ErasePersonalDataInput = builder.inputType('ErasePersonalDataInput', {
  fields: (t) => ({
    personId: t.id({ required: true, description: 'The person, e.g. a trustee id' }),
    reason: t.string({ required: true }),
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
      "Erase a person's personal data: their key is destroyed, so every read model, rebuild and export shows them as erased while the log and its hash chain stay intact",
    authScopes: { editor: true },
    errors: { types: MUTATION_ERRORS, union: { name: 'ErasePersonalDataResult' } },
    args: { input: t.arg({ type: ErasePersonalDataInput, required: true }) },
    resolve: async (_root, { input: { personId, reason, idempotencyKey } }, ctx) => {
      const id = String(personId);
      if (!(await ctx.loaders.trustee.load(id))) throw new NotFoundError('person', id);
      const result = await executeAs(ctx, personDecider, personStreamId(id), { type: 'ErasePersonalData', data: { personId: id, reason } }, {
        idempotencyKey,
        changeNote: reason,
      });
      // The erasure is recorded first, then the key destroyed; a crash between the two is mended
      // at the next start (destroyErasedKeys), and replays read the name as erased either way.
      ctx.services.vault.destroy(id);
      ctx.loaders.trustee.clear(id);
      return { personId: id, erasedAt: result.events[0]?.recordedAt ?? new Date().toISOString() };
    },
  }),
);
