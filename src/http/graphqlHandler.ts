// The GraphQL endpoint: graphql-yoga over the schema, with who is asking read from the bearer token,
// errors masked except those meant for the client, the query limits, the public response cache,
// and a flag on every answer while the read models are behind.
import { createHash, randomUUID } from 'node:crypto';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { createYoga, useExecutionCancellation, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { TokenRegistry } from '../app/auth.ts';
import { ComparisonService } from '../app/comparisons.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config.ts';
import { ProjectionFailedError } from '../projections/runner.ts';
import { createContext, type Context, type Viewer } from '../schema/context.ts';
import { schema } from '../schema/index.ts';
import { today } from '../schema/scalars.ts';
import { useSubscriptionsOutliveDeadline, type GateSettings, type ServerContext } from './gate.ts';
import { LOG_POSITION_HEADER, MIN_POSITION_HEADER, useMinPosition } from './minPosition.ts';
import { queryLimitPlugins, useRequestErrorsPerSpec } from './queryLimits.ts';
import { useLogDamageFlag } from './logDamageFlag.ts';
import { publicAnswerState } from './publicReads.ts';
import { boundedAnswerCache } from './boundedCache.ts';

export type ServerSettings = GateSettings &
  Pick<
    Config,
    | 'CORS_ORIGINS'
    | 'INTROSPECTION'
    | 'MAX_DEPTH'
    | 'MAX_COST'
    | 'MAX_ALIASES'
    | 'MAX_TOKENS'
    | 'MAX_DIRECTIVES'
    | 'RESPONSE_CACHE_SIZE'
    | 'RESPONSE_CACHE_MAX_BYTES'
    | 'MIN_POSITION_WAIT_MS'
  >;

function viewerFrom(request: Request, tokens: TokenRegistry): Viewer {
  const header = request.headers.get('authorization');
  if (!header) return { role: 'public', name: null };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const viewer = match ? tokens.identify(match[1]!) : null;
  if (!viewer) {
    throw new GraphQLError('The bearer token is not valid', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return viewer;
}

export function createGraphQLHandler(
  services: Services,
  tokens: TokenRegistry,
  logger: Logger,
  settings: ServerSettings,
  /** Plugins loaded at start from optional packages, e.g. graphql-jit. */
  extraPlugins: Plugin[] = [],
  /**
   * Plugins that turn what a request names into the document it runs (trusted documents sent by
   * hash). They run before the response cache, whose key is made from the document's text: placed
   * after it, every operation sent by hash had the same (empty) text in its key, so one trusted
   * document's cached answer was served for another's.
   */
  documentPlugins: Plugin[] = [],
): YogaServerInstance<ServerContext, Context> {
  const comparisons = new ComparisonService();
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/yoga-health',
    landingPage: false,
    // GraphiQL is served, inlined and offline, by src/http/graphiql.ts (yoga's own loads it from a CDN).
    graphiql: false,
    batching: false,
    cors: settings.CORS_ORIGINS.length
      ? {
          origin: settings.CORS_ORIGINS,
          methods: ['GET', 'POST'],
          allowedHeaders: ['content-type', 'authorization', 'idempotency-key', MIN_POSITION_HEADER],
          exposedHeaders: [LOG_POSITION_HEADER],
        }
      : false,
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      error: (...args) => logger.error(args),
    },
    plugins: [
      useExecutionCancellation(),
      useSubscriptionsOutliveDeadline(),
      useRequestErrorsPerSpec(),
      useReadModelFreshness(services),
      // Before the response cache, so a request waits for its X-Min-Position before any lookup.
      useMinPosition(services, settings.MIN_POSITION_WAIT_MS),
      // Before the response cache, so the answer it keeps is the one that carries the flag (an
      // answer with errors is never kept).
      useLogDamageFlag(services),
      ...documentPlugins,
      // Before the response cache, which wraps whatever executor is set when it runs: graphql-jit's
      // compiled one replaced the cache's own when it came after, so nothing was ever kept.
      ...extraPlugins,
      ...(settings.RESPONSE_CACHE_SIZE > 0
        ? [usePublicResponseCache(services, settings.RESPONSE_CACHE_SIZE, settings.RESPONSE_CACHE_MAX_BYTES)]
        : []),
      ...(settings.INTROSPECTION ? [] : [useDisableIntrospection()]),
      ...queryLimitPlugins(settings, settings.INTROSPECTION),
    ],
    maskedErrors: {
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        // GraphQL's own errors and those resolvers raise on purpose are meant for the client.
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        if (original instanceof ProjectionFailedError) {
          return new GraphQLError(`The change was recorded, but the read models are behind: ${original.message}`, {
            extensions: { code: 'READ_MODEL_BEHIND' },
          });
        }
        if (original instanceof Error && original.name === 'AbortError') {
          return new GraphQLError('The request took too long and was stopped', { extensions: { code: 'TIMEOUT' } });
        }
        logger.error({ err: original }, 'unexpected error while resolving');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: ({ request, turn }) =>
      createContext(services, comparisons, viewerFrom(request, tokens), randomUUID(), {
        idempotencyKey: request.headers.get('idempotency-key'),
        signal: request.signal,
        awayFromTurn: turn ? (work) => turn.away(work) : undefined,
      }),
  });
}

/**
 * While a projection is stopped at a failing event, every answer carries an error saying the read
 * models are behind (and from which position), so stale data is never taken for current.
 */
function useReadModelFreshness(services: Services): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const { failure } = services.runner.status();
          if (!failure || !('data' in result)) return;
          const behind = new GraphQLError(
            `The read models are behind: projection ${failure.projector} stopped at position ${failure.position}; answers reflect the log only up to the position before it`,
            {
              extensions: {
                code: 'READ_MODEL_BEHIND',
                projector: failure.projector,
                position: failure.position.toString(),
              },
            },
          );
          setResult({ ...result, errors: [...(result.errors ?? []), behind] });
        },
      };
    },
  };
}

/**
 * Unauthenticated answers depend only on the read models, which change only when the projections
 * move to a later log position, and on today's date (the default of asOf). Keyed by both, a cached
 * answer is exactly what executing the query again would give, so nothing needs invalidating: the
 * first read after a change misses and the old entries age out of the LRU (bounded in entries and
 * in bytes). Answers with errors, mutations and subscriptions are never cached; editors and
 * auditors (with a token) always execute.
 */
function usePublicResponseCache(services: Services, size: number, maxBytes: number): Plugin {
  return useResponseCache({
    session: () => `${publicAnswerState(services)}|${today()}`,
    // A request with X-Min-Position may be refused after its wait: no cached answer may replace that.
    enabled: (request) => !request.headers.has('authorization') && !request.headers.has(MIN_POSITION_HEADER),
    // At most `size` answers and `maxBytes` bytes of their JSON (RESPONSE_CACHE_MAX_BYTES).
    cache: boundedAnswerCache(size, maxBytes),
    invalidateViaMutation: false,
    // Hashed in process (the default goes through WebCrypto's asynchronous digest on every request).
    buildResponseCacheKey: ({ sessionId, documentString, operationName, variableValues }) =>
      createHash('sha256')
        .update(
          `${sessionId ?? ''}\n${operationName ?? ''}\n${JSON.stringify(variableValues ?? {})}\n${documentString}`,
        )
        .digest('hex'),
  });
}

/**
 * Plugins loaded at start only when configured, so nothing of theirs is loaded otherwise:
 * graphql-jit (a development dependency) when GRAPHQL_JIT asks for it, and OpenTelemetry tracing
 * (src/http/tracing.ts) when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export async function optionalPlugins(
  config: Pick<Config, 'GRAPHQL_JIT' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>,
  logger: Logger,
): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { tracingPlugin } = await import('./tracing.ts');
    plugins.push(
      tracingPlugin({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: config.OTEL_SERVICE_NAME }, logger),
    );
  }
  if (config.GRAPHQL_JIT) {
    const { useGraphQlJit } = await import('@envelop/graphql-jit');
    plugins.push(useGraphQlJit() as Plugin);
  }
  return plugins;
}
