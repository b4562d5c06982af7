// Every mutation is declared the same way (src/schema/shared/editorMutation.ts), so a client can
// rely on one contract for all of them: one required `input: <Name>Input!`, an answer that is the
// union `<Name>Result` of `<Name>Success` and every typed error, and editors only.
import { isNonNullType, isUnionType, type GraphQLField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';

const EVERY_MUTATION_ERRORS = [
  'ValidationError',
  'ConflictError',
  'NotFoundError',
  'IdempotencyKeyReusedError',
  'LogDamagedError',
];
const mutations = Object.values(schema.getMutationType()!.getFields());
const typeName = (field: GraphQLField<unknown, unknown>) => field.name.charAt(0).toUpperCase() + field.name.slice(1);

describe('every mutation', () => {
  it('covers the nineteen editor mutations, and any added since', () => {
    expect(mutations.length).toBeGreaterThanOrEqual(19);
  });

  it.each(mutations.map((m) => [m.name, m] as const))(
    '%s takes one required input of its own input type',
    (_name, mutation) => {
      expect(mutation.args.map((a) => [a.name, String(a.type)])).toEqual([['input', `${typeName(mutation)}Input!`]]);
    },
  );

  it.each(mutations.map((m) => [m.name, m] as const))(
    '%s answers its success type or any typed error, never null',
    (_name, mutation) => {
      expect(isNonNullType(mutation.type)).toBe(true);
      const union = isNonNullType(mutation.type) ? mutation.type.ofType : mutation.type;
      expect(isUnionType(union) && union.name).toBe(`${typeName(mutation)}Result`);
      const members = isUnionType(union) ? union.getTypes().map((t) => t.name) : [];
      expect(members).toEqual(expect.arrayContaining([`${typeName(mutation)}Success`, ...EVERY_MUTATION_ERRORS]));
    },
  );

  it.each(mutations.map((m) => [m.name, m] as const))('%s is for editors only', (_name, mutation) => {
    const options = mutation.extensions as { pothosOptions?: { authScopes?: unknown } };
    expect(options.pothosOptions?.authScopes).toEqual({ editor: true });
  });
});
