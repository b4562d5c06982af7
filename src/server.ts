// The HTTP server: graphql-yoga at /graphql (GraphiQL in a browser), health at /health.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { pino, type Logger } from 'pino';
import { developmentEditorToken, TokenRegistry } from './app/auth.ts';
import { ComparisonService } from './app/comparisons.ts';
import { openServices, type Services } from './app/services.ts';
import type { Config } from './config.ts';
import { createContext, type Context, type Viewer } from './schema/context.ts';
import { schema } from './schema/index.ts';
import { loadSeed } from './seed/load.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  /** The development editor token, when no tokens were configured. */
  devToken: string | null;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'authorization', 'token'], censor: '[redacted]' },
  });
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
): YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context> {
  const comparisons = new ComparisonService();
  return createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/yoga-health',
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      error: (...args) => logger.error(args),
    },
    maskedErrors: {
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        // GraphQL's own errors and those resolvers raise on purpose are meant for the client.
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        logger.error({ err: original }, 'unexpected error while resolving');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: ({ request }) =>
      createContext(
        services,
        comparisons,
        viewerFrom(request, tokens),
        randomUUID(),
        request.headers.get('idempotency-key'),
      ),
  });
}

function health(services: Services, res: ServerResponse): void {
  void services.store.headPosition().then(
    (head) => {
      const { position, failure } = services.runner.status();
      const ok = failure === null;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: ok ? 'ok' : 'failing',
          log: { headPosition: head.toString() },
          projections: {
            position: position.toString(),
            lag: (head - position).toString(),
            failure: failure ? { ...failure, position: failure.position.toString() } : null,
          },
        }),
      );
    },
    () => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'failing', log: null }));
    },
  );
}

export async function startServer(config: Config, logger: Logger = createLogger(config)): Promise<RunningServer> {
  const services = await openServices(config);
  await services.runner.catchUp();
  services.runner.start();
  await services.live.start();
  if (config.SEED) {
    const { appended } = await loadSeed(services);
    if (appended > 0) logger.info({ appended }, 'loaded the seed corpus');
  }
  const noTokens = config.EDITOR_TOKENS.length === 0 && config.AUDITOR_TOKENS.length === 0;
  const dev = noTokens ? developmentEditorToken(config.DATA_DIR) : null;
  const tokens = new TokenRegistry(dev ? [dev] : config.EDITOR_TOKENS, config.AUDITOR_TOKENS);
  const yoga = createGraphQLHandler(services, tokens, logger);
  const server: Server = createServer((req, res) => {
    if (req.url === '/health' || req.url?.startsWith('/health?')) return health(services, res);
    if (req.url === '/' && req.method === 'GET') {
      res.writeHead(302, { location: '/graphql' });
      res.end();
      return;
    }
    void yoga(req, res);
  });
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
