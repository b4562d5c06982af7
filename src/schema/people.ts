// Erasure of personal data (crypto-shredding): the editor records why, the key is destroyed.
import { fieldError, NotFoundError } from '../domain/errors.ts';
import { personDecider, personStreamId } from '../domain/people/decide.ts';
import { builder } from './builder.ts';
import { executeAs } from './commands.ts';
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
      const [trustee, member] = await Promise.all([ctx.loaders.trustee.load(id), ctx.loaders.member.load(id)]);
      if (!trustee && !member) throw new NotFoundError('person', id);
      if (!trustee && member && member.kind !== 'INDIVIDUAL') throw fieldError('personId', `${id} is an organisation, which has no personal data`);
      const result = await executeAs(ctx, personDecider, personStreamId(id), { type: 'ErasePersonalData', data: { personId: id, reason } }, {
        idempotencyKey,
        changeNote: reason,
      });
      // The erasure is recorded first, then the key destroyed; a crash between the two is mended
      // at the next start (destroyErasedKeys), and replays read the name as erased either way.
      ctx.services.vault.destroy(id);
      ctx.loaders.trustee.clear(id);
      ctx.loaders.member.clear(id);
      return { personId: id, erasedAt: result.events[0]?.recordedAt ?? new Date().toISOString() };
    },
  }),
);
