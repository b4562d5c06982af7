// The HTTP server: graphql-yoga at /graphql (GraphiQL in a browser), health at /health.
// Every request passes the same gate (src/http/gate.ts): a JSON body bounded in size and time, a
// deadline, caps on connections and event streams, security headers, CORS from the configured
// allow-list, and query limits (depth, aliases, directives, tokens, answer cost).
// Credentials travel only in the Authorization header, never in cookies, so a cross-site page
// cannot borrow a visitor's rights: queries may come as GET (cacheable), mutations only as POST.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { createYoga, useExecutionCancellation, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { pino, type Logger } from 'pino';
import { developmentEditorToken, TokenRegistry } from './app/auth.ts';
import { ComparisonService } from './app/comparisons.ts';
import { aheadOfLog, LogDamagedError } from './app/integrity.ts';
import { openServices, type Services, type ServicesOptions } from './app/services.ts';
import type { Config } from './config.ts';
import { useLogDamageFlag } from './http/logDamageFlag.ts';
import { LOG_POSITION_HEADER, MIN_POSITION_HEADER, useMinPosition, waitBeforeTurn } from './http/minPosition.ts';
import { Witness } from './app/witness.ts';
import { createContext, type Context, type Viewer } from './schema/context.ts';
import { schema } from './schema/index.ts';
import { today } from './schema/scalars.ts';
import { ProjectionFailedError } from './projections/runner.ts';
import { loadSeed } from './seed/load.ts';
import { DATA_CSP, HttpGate, SECURITY_HEADERS, sendJson, useSubscriptionsOutliveDeadline, type GateSettings, type ServerContext } from './http/gate.ts';
import { queryLimitPlugins, useRequestErrorsPerSpec } from './http/queryLimits.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  /** The development editor token, when no tokens were configured. */
  devToken: string | null;
  /** Where the development editor token is kept, and whether this start created it (only then is it shown). */
  devTokenFile: { path: string; created: boolean } | null;
  close(): Promise<void>;
}

export type ServerSettings = GateSettings &
  Pick<
    Config,
    'CORS_ORIGINS' | 'INTROSPECTION' | 'MAX_DEPTH' | 'MAX_COST' | 'MAX_ALIASES' | 'MAX_TOKENS' | 'MAX_DIRECTIVES' | 'RESPONSE_CACHE_SIZE' | 'MIN_POSITION_WAIT_MS'
  >;

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

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
): YogaServerInstance<ServerContext, Context> {
  const comparisons = new ComparisonService();
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/yoga-health',
    landingPage: false,
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
      ...(settings.RESPONSE_CACHE_SIZE > 0 ? [usePublicResponseCache(services, settings.RESPONSE_CACHE_SIZE)] : []),
      ...(settings.INTROSPECTION ? [] : [useDisableIntrospection()]),
      ...queryLimitPlugins(settings, settings.INTROSPECTION),
      ...extraPlugins,
    ],
    maskedErrors: {
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        // GraphQL's own errors and those resolvers raise on purpose are meant for the client.
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        if (original instanceof ProjectionFailedError) {
          return new GraphQLError(
            `The change was recorded, but the read models are behind: ${original.message}`,
            { extensions: { code: 'READ_MODEL_BEHIND' } },
          );
        }
        if (original instanceof Error && original.name === 'AbortError') {
          return new GraphQLError('The request took too long and was stopped', { extensions: { code: 'TIMEOUT' } });
        }
        logger.error({ err: original }, 'unexpected error while resolving');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: ({ request }) =>
      createContext(services, comparisons, viewerFrom(request, tokens), randomUUID(), request.headers.get('idempotency-key')),
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
            { extensions: { code: 'READ_MODEL_BEHIND', projector: failure.projector, position: failure.position.toString() } },
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
 * first read after a change misses and the old entries age out of the LRU. Answers with errors,
 * mutations and subscriptions are never cached; editors and auditors (with a token) always execute.
 */
function usePublicResponseCache(services: Services, size: number): Plugin {
  return useResponseCache({
    session: () => `${services.runner.checkpoint}|${services.runner.status().failure?.position ?? ''}|${today()}`,
    // A request with X-Min-Position may be refused after its wait: no cached answer may replace that.
    enabled: (request) => !request.headers.has('authorization') && !request.headers.has(MIN_POSITION_HEADER),
    cache: createInMemoryCache({ max: size }),
    invalidateViaMutation: false,
    // Hashed in process (the default goes through WebCrypto's asynchronous digest on every request).
    buildResponseCacheKey: ({ sessionId, documentString, operationName, variableValues }) =>
      createHash('sha256')
        .update(`${sessionId ?? ''}\n${operationName ?? ''}\n${JSON.stringify(variableValues ?? {})}\n${documentString}`)
        .digest('hex'),
  });
}

/** graphql-jit is a development dependency: loaded only when GRAPHQL_JIT asks for it. */
async function optionalPlugins(config: Pick<Config, 'GRAPHQL_JIT'>): Promise<Plugin[]> {
  if (!config.GRAPHQL_JIT) return [];
  const { useGraphQlJit } = await import('@envelop/graphql-jit');
  return [useGraphQlJit() as Plugin];
}

function health(services: Services, gate: HttpGate, res: ServerResponse): void {
  void services.store.headPosition().then(
    (head) => {
      const { position, failure, subscription } = services.runner.status();
      // A damaged log (found at start, or read models that have got ahead of it since) comes first:
      // it is why a projection failure or a negative lag would look odd.
      const reason =
        services.integrity.reason ??
        aheadOfLog(services.runner.highestCheckpoint(), head) ??
        (failure ? `projection ${failure.projector} stopped at position ${failure.position} (${failure.eventType}): ${failure.message}` : null) ??
        (subscription?.retrying === false ? `following the log stopped: ${subscription.message}` : null);
      const ok = reason === null;
      sendJson(res, ok ? 200 : 503, {
        status: ok ? 'ok' : 'failing',
        reason,
        log: { headPosition: head.toString(), writable: services.integrity.reason === null },
        projections: {
          position: position.toString(),
          lag: (head - position).toString(),
          failure: failure ? { ...failure, position: failure.position.toString() } : null,
          subscription,
        },
        http: { connections: gate.openConnections, eventStreams: gate.openStreams, queuedRequests: gate.queuedRequests },
      });
    },
    (error: unknown) =>
      sendJson(res, 503, { status: 'failing', reason: `the log cannot be read: ${error instanceof Error ? error.message : String(error)}`, log: null }),
  );
}

// Signed tree heads: the public key at a well-known path, and the witness that records heads.

/** Where the tree-head public key is served, as PEM (SubjectPublicKeyInfo); its key id is in x-key-id. */
export const TREE_HEAD_KEY_PATH = '/.well-known/tree-head-key';

function servePublicKey(services: Services, res: ServerResponse): void {
  const { publicKeyPem, keyId } = services.signer();
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-security-policy': DATA_CSP, 'content-type': 'application/x-pem-file', 'x-key-id': keyId });
  res.end(publicKeyPem);
}

/** Loads the signing key (saying when a development key was made) and starts witnessing heads. */
function startWitness(config: Config, services: Services, logger: Logger): Witness {
  const signer = services.signer();
  if (signer.source === 'development-created') {
    logger.warn({ file: signer.file, keyId: signer.keyId }, 'no SIGNING_KEY_FILE set: created a development tree-head signing key');
  }
  const witness = new Witness(
    services.proofs,
    {
      file: config.CHECKPOINT_FILE ?? join(config.DATA_DIR, 'tree-heads.ndjson'),
      everyEvents: config.WITNESS_EVERY_EVENTS,
      intervalMs: config.WITNESS_INTERVAL_MS,
    },
    Date.now,
    (error) =>
      error instanceof LogDamagedError
        ? logger.error({ reason: error.reason }, 'the witness signs no tree head while the event log is damaged')
        : logger.error({ err: error }, 'could not record a witnessed tree head'),
  );
  witness.start();
  return witness;
}

/** Makes sure every person whose erasure is in the log has no key left (e.g. after a crash). */
function destroyErasedKeys(services: Services): void {
  for (let after = 0n; ; ) {
    const page = services.audit.page({ types: ['PersonalDataErased'] }, after, 500);
    for (const e of page) services.vault.destroy((e.data as { personId: string }).personId, e.recordedAt);
    if (page.length < 500) return;
    after = page.at(-1)!.position;
  }
}

export async function startServer(
  config: Config,
  logger: Logger = createLogger(config),
  servicesOptions: ServicesOptions = {},
): Promise<RunningServer> {
  const services = await openServices(config, servicesOptions);
  const damage = services.integrity.reason;
  if (damage) logger.error({ reason: damage }, 'the event log is damaged: writes are refused and reads are flagged until it is restored or rebuilt');
  await services.runner.catchUp();
  destroyErasedKeys(services);
  services.runner.start({
    onError: (error, retryInMs) =>
      retryInMs === null
        ? logger.error({ err: error }, 'following the log stopped: the store refused the subscription, and retrying cannot help')
        : logger.warn({ err: error, retryInMs }, 'following the log failed; subscribing again'),
  });
  await services.live.start();
  const { failure } = services.runner.status();
  if (config.SEED && damage) {
    logger.warn({ reason: damage }, 'seed corpus not loaded: the event log is damaged');
  } else if (config.SEED && failure) {
    // The loader decides what is missing from the read models, which stop before the failing event.
    logger.warn({ projector: failure.projector, position: failure.position.toString() }, 'seed corpus not loaded: the read models are behind');
  } else if (config.SEED) {
    const { appended } = await loadSeed(services);
    if (appended > 0) logger.info({ appended }, 'loaded the seed corpus');
  }
  const noTokens = config.EDITOR_TOKENS.length === 0 && config.AUDITOR_TOKENS.length === 0;
  const dev = noTokens ? developmentEditorToken(config.DATA_DIR) : null;
  const tokens = new TokenRegistry(dev ? [{ name: dev.name, token: dev.token }] : config.EDITOR_TOKENS, config.AUDITOR_TOKENS);
  const yoga = createGraphQLHandler(services, tokens, logger, config, [...(await optionalPlugins(config)), useLogDamageFlag(services)]);
  const gate = new HttpGate(yoga, config, waitBeforeTurn(services, config.MIN_POSITION_WAIT_MS));
  const witness = startWitness(config, services, logger);
  const server: Server = createServer(HttpGate.serverOptions(), (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Headers are logged at debug level only, with the authorization header redacted.
      logger.debug({ req: { method: req.method, url: req.url, headers: req.headers }, status: res.statusCode, ms }, 'request');
    });
    if (path === '/health') return health(services, gate, res);
    if (path === TREE_HEAD_KEY_PATH) return servePublicKey(services, res);
    if (path === '/' && req.method === 'GET') {
      res.writeHead(302, { ...SECURITY_HEADERS, location: '/graphql' });
      res.end();
      return;
    }
    gate.serve(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.' }] });
      else res.destroy();
    });
  });
  gate.guard(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  return {
    url,
    port,
    services,
    devToken: dev?.token ?? null,
    devTokenFile: dev ? { path: dev.file, created: dev.created } : null,
    async close() {
      witness.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
