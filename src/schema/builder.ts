// The one Pothos builder, with its plugins and the context type every resolver sees.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { LogDamagedError } from '../app/integrity.ts';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Context } from './context.ts';
import WellFormedTextPlugin from './wellFormedText.ts';

/** The most global ids one `nodes` query may ask for: each id is a load, and the answer grows with them. */
export const MAX_NODE_IDS = 100;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Marks an id that could not be decoded, so `nodes` can answer it alone with an error. */
const MALFORMED = Symbol('malformed global id');

type GlobalId = { typename: string; id: string } | { typename: typeof MALFORMED; id: string };

/**
 * Reads a global id argument of node or nodes. A malformed one is not thrown here, where it would
 * fail the whole list: loadNodes answers it with its own BAD_USER_INPUT error, the rest intact.
 */
function decodeNodeId(globalID: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalID);
  } catch {
    return { typename: MALFORMED, id: globalID } as unknown as { typename: string; id: string };
  }
}

function malformedId(globalID: string): GraphQLError {
  const shown = globalID.length > 80 ? `${globalID.slice(0, 80)}…` : globalID;
  return badInput(`"${shown}" is not a global id (an id field of a Node, e.g. Document.id)`);
}

/**
 * Loads nodes by global id through the relay plugin, one answer per id in order: the node; null
 * for an id whose type name is not a Node type (an id can name any type, or none; the plugin would
 * fail the whole field with an internal error naming the type) or that names nothing; or, for a
 * malformed id, a BAD_USER_INPUT error, which graphql-js reports at that item's path as null.
 */
async function loadNodes(ctx: Context, info: GraphQLResolveInfo, ids: readonly GlobalId[]): Promise<unknown[]> {
  const isNode = (typename: string) => {
    const type = info.schema.getType(typename);
    return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
  };
  const wellFormed = (id: GlobalId): id is { typename: string; id: string } => id.typename !== MALFORMED;
  const loaded = await resolveNodes(
    builder,
    ctx,
    info,
    ids.map((id) => (wellFormed(id) && isNode(id.typename) ? id : null)),
  );
  return ids.map((id, i) => (wellFormed(id) ? loaded[i] : malformedId(id.id)));
}

/** The roles a field's scopes would have let in, read from the scope-auth failure (a scope per role). */
function rolesNeeded(failure: AuthFailure): string[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return [failure.scope];
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      return [...new Set(failure.failures.flatMap(rolesNeeded))];
    default:
      return [];
  }
}

const article = (role: string) => (/^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`);

/**
 * The error for a refused field, naming the role(s) it needs: UNAUTHENTICATED without a token
 * ("Sign in with an auditor token … to read this"; "to do this" for a mutation), FORBIDDEN for a
 * token whose role is not among them ("The editor role may not do this: it needs the auditor role").
 */
function refusal(role: string, needed: readonly string[], verb: 'read' | 'do'): GraphQLError {
  const roles = needed.length > 0 ? needed : ['editor'];
  if (role === 'public') {
    const tokens = roles.map(article).join(' or ');
    return new GraphQLError(`Sign in with ${tokens} token (Authorization: Bearer <token>) to ${verb} this`, {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  const wanted = roles.length === 1 ? `the ${roles[0]} role` : `the ${roles.join(' or ')} role`;
  return new GraphQLError(`The ${role} role may not do this: it needs ${wanted}`, {
    extensions: { code: 'FORBIDDEN' },
  });
}

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
    unauthorizedError: (_parent, ctx, info, result) =>
      refusal(ctx.viewer.role, rolesNeeded(result.failure), info.operation.operation === 'mutation' ? 'do' : 'read'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    decodeGlobalID: decodeNodeId,
    nodeQueryOptions: {
      description: 'The node with this global id, or null when it names nothing; a malformed id answers BAD_USER_INPUT',
      resolve: async (_root, { id }, ctx, info) => {
        const [node] = await loadNodes(ctx, info, [id as GlobalId]);
        if (node instanceof GraphQLError) throw node;
        return node;
      },
    },
    nodesQueryOptions: {
      description: `The nodes with these global ids, in the same order; null for an id that names nothing, and null with an error at that item's path (extensions.code BAD_USER_INPUT) for a malformed id, the others answered as usual. At most ${MAX_NODE_IDS} ids (more: BAD_USER_INPUT for the whole field)`,
      resolve: (_root, { ids }, ctx, info) => {
        if (ids.length > MAX_NODE_IDS) throw badInput(`nodes takes at most ${MAX_NODE_IDS} ids, got ${ids.length}`);
        return loadNodes(ctx, info, ids as GlobalId[]);
      },
    },
  },
  // Set once for every field that answers errors as data (every mutation): the result union is
  // `<Field>Result` (appointTrustee: AppointTrusteeResult) of the success type and these errors,
  // plus any a field adds (ConstitutionError for the board).
  errors: {
    directResult: true,
    defaultTypes: [ValidationError, ConflictError, NotFoundError, IdempotencyKeyReusedError, LogDamagedError],
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalise(fieldName)}Result` },
  },
});

/** appointTrustee -> AppointTrustee: a field's name as the start of its types' names. */
export function capitalise(fieldName: string): string {
  return fieldName.charAt(0).toUpperCase() + fieldName.slice(1);
}

/** The builder's type parameters, for helpers that take Pothos' field and argument builders. */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.queryType({});
builder.mutationType({});
