// Limits on what one GraphQL request may ask for, answered alike: each refusal is a request error
// (no `data`) with its own `extensions.code`, HTTP 400 under application/graphql-response+json and
// 200 under application/json, as the GraphQL-over-HTTP spec asks of request errors.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { getNamedType, getNullableType, GraphQLError, isListType, type ValidationContext } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';

export type QueryLimitSettings = Pick<
  Config,
  'MAX_DEPTH' | 'MAX_COST' | 'MAX_ALIASES' | 'MAX_TOKENS' | 'MAX_DIRECTIVES'
>;

/** Codes of the query limits, one per limit, as they appear in `errors[].extensions.code`. */
export const LIMIT_CODES = {
  depth: 'DEPTH_LIMIT_EXCEEDED',
  cost: 'COST_LIMIT_EXCEEDED',
  aliases: 'ALIAS_LIMIT_EXCEEDED',
  tokens: 'TOKEN_LIMIT_EXCEEDED',
  directives: 'DIRECTIVE_LIMIT_EXCEEDED',
} as const;

/**
 * A request error as the GraphQL-over-HTTP spec describes it: yoga answers 400 for it under
 * application/graphql-response+json and 200 under application/json (`spec: true`).
 */
export function requestError(message: string, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400, spec: true } } });
}

/** Page size assumed for a connection asked for without `first` or `last` (the connections' default). */
export const DEFAULT_PAGE_ESTIMATE = 50;
/** Items assumed in a list field that takes no page size (versions of a document, sections of a version). */
export const LIST_ESTIMATE = 10;

/**
 * Cost of a field: 1, plus its selection times the number of items it can return. That number is
 * the length of an `ids` list, else `first`/`last`, else a connection's default page, else an
 * estimate for plain lists. A request's cost therefore grows with the answer it asks for, so
 * `nodes(ids: [60,000 ids]) { versions { sections { body } } }` costs millions, not a handful.
 */
export const answerSizeEstimator: ComplexityEstimator = ({ type: parent, field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  let items = 1;
  // A connection's page size is counted once, on the connection field, not again on its edges.
  if (parent.name.endsWith('Connection')) items = 1;
  else if (Array.isArray(args.ids)) items = args.ids.length;
  else if (typeof args.first === 'number' || typeof args.last === 'number') {
    items = Math.max(0, Number(args.first ?? 0), Number(args.last ?? 0));
  } else if (getNamedType(type).name.endsWith('Connection')) items = DEFAULT_PAGE_ESTIMATE;
  else if (isListType(type)) items = LIST_ESTIMATE;
  return 1 + childComplexity * items;
};

/** Turns graphql-armor's "Syntax Error: …" rejections into coded request errors. */
function reject(code: string) {
  return [
    (ctx: ValidationContext | null, error: GraphQLError) => {
      const coded = requestError(error.message.replace(/^Syntax Error: /, ''), code);
      // Validation rules report through their context; the token limit runs in the parser and throws.
      if (ctx) ctx.reportError(coded);
      else throw coded;
    },
  ];
}

/**
 * Depth, aliases, directives and tokens are checked by graphql-armor while parsing and validating;
 * the cost needs the request's variables (a list of ids is usually a variable), so it is checked
 * just before execution, for queries, mutations and subscriptions alike.
 */
export function queryLimitPlugins(settings: QueryLimitSettings, introspection: boolean): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxDepth: {
      n: settings.MAX_DEPTH,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: reject(LIMIT_CODES.depth),
    },
    // __typename counts: a thousand aliases of it cost as much to answer as any other field.
    maxAliases: {
      n: settings.MAX_ALIASES,
      allowList: [],
      propagateOnRejection: false,
      onReject: reject(LIMIT_CODES.aliases),
    },
    maxTokens: { n: settings.MAX_TOKENS, propagateOnRejection: false, onReject: reject(LIMIT_CODES.tokens) },
    maxDirectives: {
      n: settings.MAX_DIRECTIVES,
      propagateOnRejection: false,
      onReject: reject(LIMIT_CODES.directives),
    },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !introspection },
  }) as Plugin;
  return [armor, useAnswerCost(settings.MAX_COST)];
}

function useAnswerCost(maxCost: number): Plugin {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => checkCost(args, maxCost, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => checkCost(args, maxCost, setResultAndStopExecution),
  };
}

interface CostArgs {
  schema: Parameters<typeof getComplexity>[0]['schema'];
  document: Parameters<typeof getComplexity>[0]['query'];
  variableValues?: unknown;
  operationName?: string | null;
}

/** Variable sets whose cost is remembered per parsed document (oldest forgotten first). */
export const COSTS_PER_DOCUMENT = 16;

/**
 * Costs already computed, by parsed document and then by operation name and variables. A cost
 * depends only on the schema (one per server), the document, the operation and the variables, so a
 * remembered one is what computing it again would give. Bounds: the documents are yoga's parsed
 * ones, held weakly (an entry goes when yoga's parse cache, itself an LRU of 1,024 documents,
 * drops the document), and at most COSTS_PER_DOCUMENT variable sets per document.
 */
const knownCosts = new WeakMap<object, Map<string, number>>();

function costKey(args: CostArgs): string | null {
  try {
    return `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
  } catch {
    return null; // variables JSON cannot spell (never from HTTP): not remembered
  }
}

function checkCost(args: CostArgs, maxCost: number, stop: (result: { errors: GraphQLError[] }) => void): void {
  const key = costKey(args);
  const known = key === null ? undefined : knownCosts.get(args.document);
  let cost = key === null ? undefined : known?.get(key);
  if (cost === undefined) {
    try {
      cost = getComplexity({
        estimators: [answerSizeEstimator],
        schema: args.schema,
        query: args.document,
        variables: (args.variableValues ?? {}) as Record<string, unknown>,
        ...(args.operationName ? { operationName: args.operationName } : {}),
      });
    } catch (error) {
      // Bad variables are answered by execution itself, with the coercion error.
      if (error instanceof GraphQLError && /node limit/i.test(error.message)) {
        stop({ errors: [requestError(error.message, LIMIT_CODES.cost)] });
      }
      return;
    }
    if (key !== null) remember(args.document, key, cost, known);
  }
  if (cost > maxCost) {
    stop({
      errors: [
        requestError(
          `Query cost limit of ${maxCost} exceeded, found ${cost} (each field counts once per item it can return)`,
          LIMIT_CODES.cost,
          {
            limit: maxCost,
            cost,
          },
        ),
      ],
    });
  }
}

function remember(document: object, key: string, cost: number, known: Map<string, number> | undefined): void {
  const costs = known ?? new Map<string, number>();
  if (!known) knownCosts.set(document, costs);
  costs.set(key, cost);
  if (costs.size > COSTS_PER_DOCUMENT) costs.delete(costs.keys().next().value!);
}

/**
 * graphql-js answers a variable it cannot coerce with a request error marked HTTP 400 for every
 * media type; the GraphQL-over-HTTP spec wants 200 for it under application/json, like any other
 * request error. Coded BAD_USER_INPUT so clients can tell it apart.
 */
export function useRequestErrorsPerSpec(): Plugin {
  const mark = (result: unknown) => {
    if (!result || typeof result !== 'object' || 'data' in result) return;
    const errors = (result as { errors?: readonly GraphQLError[] }).errors ?? [];
    for (const error of errors) {
      const http = error.extensions?.http as { status?: number; spec?: boolean } | undefined;
      if (http?.status !== 400 || http.spec !== undefined) continue;
      http.spec = true;
      (error.extensions as Record<string, unknown>).code ??= 'BAD_USER_INPUT';
    }
  };
  return {
    onExecute: () => ({ onExecuteDone: ({ result }) => mark(result) }),
    onSubscribe: () => ({ onSubscribeResult: ({ result }) => mark(result) }),
  };
}
