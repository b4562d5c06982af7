// The HTTP server: graphql-yoga at /graphql (GraphiQL in a browser), health at /health.
// Every request passes the same gate: a bounded body, a deadline, security headers, CORS from
// the configured allow-list, CSRF prevention, and query limits (depth, cost, aliases, tokens).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { createYoga, useExecutionCancellation, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { pino, type Logger } from 'pino';
import { developmentEditorToken, TokenRegistry } from './app/auth.ts';
import { ComparisonService } from './app/comparisons.ts';
import { openServices, type Services, type ServicesOptions } from './app/services.ts';
import type { Config } from './config.ts';
import { createContext, type Context, type Viewer } from './schema/context.ts';
import { schema } from './schema/index.ts';
import { today } from './schema/scalars.ts';
import { ProjectionFailedError } from './projections/runner.ts';
import { loadSeed } from './seed/load.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  /** The development editor token, when no tokens were configured. */
  devToken: string | null;
  close(): Promise<void>;
}

/** The header browsers cannot set without a CORS preflight; clients send it on GET requests. */
export const CSRF_HEADER = 'x-graphql-csrf';

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
/** Data responses may load nothing at all; GraphiQL's page needs its scripts and styles. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export type ServerSettings = Pick<
  Config,
  | 'CORS_ORIGINS'
  | 'INTROSPECTION'
  | 'MAX_DEPTH'
  | 'MAX_COST'
  | 'MAX_ALIASES'
  | 'MAX_TOKENS'
  | 'MAX_BODY_BYTES'
  | 'REQUEST_TIMEOUT_MS'
  | 'RESPONSE_CACHE_SIZE'
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

type ServerContext = { req: IncomingMessage; res: ServerResponse };

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
      ? { origin: settings.CORS_ORIGINS, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'idempotency-key', CSRF_HEADER] }
      : false,
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      error: (...args) => logger.error(args),
    },
    plugins: [
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
      useExecutionCancellation(),
      useReadModelFreshness(services),
      ...(settings.RESPONSE_CACHE_SIZE > 0 ? [usePublicResponseCache(services, settings.RESPONSE_CACHE_SIZE)] : []),
      ...(settings.INTROSPECTION ? [] : [useDisableIntrospection()]),
      EnvelopArmorPlugin({
        maxDepth: { n: settings.MAX_DEPTH, ignoreIntrospection: true },
        costLimit: { maxCost: settings.MAX_COST, ignoreIntrospection: true },
        maxAliases: { n: settings.MAX_ALIASES },
        maxTokens: { n: settings.MAX_TOKENS },
        maxDirectives: { n: 50 },
        blockFieldSuggestion: { enabled: !settings.INTROSPECTION },
      }),
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
    enabled: (request) => !request.headers.has('authorization'),
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

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-security-policy': DATA_CSP, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Hands one HTTP request to yoga with a bounded body and a deadline, adding security headers. */
async function serveGraphQL(
  yoga: YogaServerInstance<ServerContext, Context>,
  settings: ServerSettings,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: Buffer | undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    try {
      body = await readBody(req, settings.MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(res, 413, {
        errors: [{ message: `Request body is larger than ${settings.MAX_BODY_BYTES} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
      req.resume();
      return;
    }
  }
  const live = String(req.headers.accept ?? '').includes('text/event-stream');
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  // Subscriptions stay open for as long as the client listens; everything else has a deadline.
  const timer = live ? null : setTimeout(() => abort.abort(), settings.REQUEST_TIMEOUT_MS);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  try {
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body ? { body: new Uint8Array(body) } : {}),
      signal: abort.signal,
    });
    const response = await yoga.handleRequest(request, { req, res });
    const out: Record<string, string> = { ...SECURITY_HEADERS };
    response.headers.forEach((value, name) => {
      // Some of yoga's responses (event streams) name their headers in mixed case.
      out[name.toLowerCase()] = value;
    });
    if (!out['content-type']?.startsWith('text/html')) out['content-security-policy'] = DATA_CSP;
    if (!response.body) {
      res.writeHead(response.status, out);
      res.end();
      return;
    }
    if (!out['content-type']?.startsWith('text/event-stream')) {
      // A whole answer: written in one piece, without a stream between yoga and the socket.
      const bytes = Buffer.from(await response.arrayBuffer());
      out['content-length'] = String(bytes.length);
      res.writeHead(response.status, out);
      res.end(bytes);
      return;
    }
    res.writeHead(response.status, out);
    await pipeline(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>), res).catch(() => undefined);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function health(services: Services, res: ServerResponse): void {
  void services.store.headPosition().then(
    (head) => {
      const { position, failure } = services.runner.status();
      const ok = failure === null;
      sendJson(res, ok ? 200 : 503, {
        status: ok ? 'ok' : 'failing',
        log: { headPosition: head.toString() },
        projections: {
          position: position.toString(),
          lag: (head - position).toString(),
          failure: failure ? { ...failure, position: failure.position.toString() } : null,
        },
      });
    },
    () => sendJson(res, 503, { status: 'failing', log: null }),
  );
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
  await services.runner.catchUp();
  destroyErasedKeys(services);
  services.runner.start();
  await services.live.start();
  const { failure } = services.runner.status();
  if (config.SEED && failure) {
    // The loader decides what is missing from the read models, which stop before the failing event.
    logger.warn({ projector: failure.projector, position: failure.position.toString() }, 'seed corpus not loaded: the read models are behind');
  } else if (config.SEED) {
    const { appended } = await loadSeed(services);
    if (appended > 0) logger.info({ appended }, 'loaded the seed corpus');
  }
  const noTokens = config.EDITOR_TOKENS.length === 0 && config.AUDITOR_TOKENS.length === 0;
  const dev = noTokens ? developmentEditorToken(config.DATA_DIR) : null;
  const tokens = new TokenRegistry(dev ? [dev] : config.EDITOR_TOKENS, config.AUDITOR_TOKENS);
  const yoga = createGraphQLHandler(services, tokens, logger, config, await optionalPlugins(config));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Headers are logged at debug level only, with the authorization header redacted.
      logger.debug({ req: { method: req.method, url: req.url, headers: req.headers }, status: res.statusCode, ms }, 'request');
    });
    if (path === '/health') return health(services, res);
    if (path === '/' && req.method === 'GET') {
      res.writeHead(302, { ...SECURITY_HEADERS, location: '/graphql' });
      res.end();
      return;
    }
    serveGraphQL(yoga, config, req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.' }] });
      else res.destroy();
    });
  });
  server.requestTimeout = config.REQUEST_TIMEOUT_MS * 2;
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
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
