// The one Pothos builder, with its plugins and the context type every resolver sees.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Context } from './context.ts';
import WellFormedTextPlugin from './wellFormedText.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { editor: boolean; auditor: boolean };
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  // Listed first is outermost: auth runs before anything else, and the errors plugin catches
  // the ValidationError that the well-formed-text check raises for a mutation's input.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, WellFormedTextPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // A subscription field's scopes are checked once, when the client subscribes: a refused
    // subscriber gets one error and its stream closes, instead of an open stream of errors.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      editor: ctx.viewer.role === 'editor',
      auditor: ctx.viewer.role === 'auditor',
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer.role === 'public'
        ? new GraphQLError('Sign in with an editor token (Authorization: Bearer <token>) to do this', {
            extensions: { code: 'UNAUTHENTICATED' },
          })
        : new GraphQLError(`The ${ctx.viewer.role} role may not do this`, { extensions: { code: 'FORBIDDEN' } }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    directResult: true,
  },
});

builder.queryType({});
builder.mutationType({});
