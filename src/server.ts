// The HTTP server: graphql-yoga at /graphql (GraphiQL in a browser; see src/http/graphqlHandler.ts),
// health at /health (src/http/health.ts), and the start-up that brings the services up first.
// Every request passes the same gate (src/http/gate.ts): a JSON body bounded in size and time, a
// deadline, caps on connections and event streams, security headers, CORS from the configured
// allow-list, and query limits (depth, aliases, directives, tokens, answer cost).
// Credentials travel only in the Authorization header, never in cookies, so a cross-site page
// cannot borrow a visitor's rights: queries may come as GET (cacheable), mutations only as POST.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { developmentEditorToken, TokenRegistry } from './app/auth.ts';
import { LogDamagedError } from './app/integrity.ts';
import { openServices, type Services, type ServicesOptions } from './composition.ts';
import { Witness } from './app/witness.ts';
import type { Config } from './config.ts';
import { HttpGate, SECURITY_HEADERS, sendJson } from './http/gate.ts';
import { createGraphQLHandler, optionalPlugins } from './http/graphqlHandler.ts';
import { health, servePublicKey, TREE_HEAD_KEY_PATH } from './http/health.ts';
import { waitBeforeTurn } from './http/minPosition.ts';
import { loadSeed } from './seed/load.ts';
import { HttpRoutes } from './http/routes.ts';

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

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Loads the signing key (saying when a development key was made) and starts witnessing heads. */
function startWitness(config: Config, services: Services, logger: Logger): Witness {
  const signer = services.signer();
  if (signer.source === 'development-created') {
    logger.warn(
      { file: signer.file, keyId: signer.keyId },
      'no SIGNING_KEY_FILE set: created a development tree-head signing key',
    );
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

export async function startServer(
  config: Config,
  logger: Logger = createLogger(config),
  servicesOptions: ServicesOptions = {},
): Promise<RunningServer> {
  const services = await openServices(config, { writer: true, ...servicesOptions });
  const damage = services.integrity.reason;
  if (damage)
    logger.error(
      { reason: damage },
      'the event log is damaged: writes are refused and reads are flagged until it is restored or rebuilt',
    );
  await services.runner.catchUp();
  services.erasure.destroyErasedKeys();
  services.runner.start({
    onError: (error, retryInMs) =>
      retryInMs === null
        ? logger.error(
            { err: error },
            'following the log stopped: the store refused the subscription, and retrying cannot help',
          )
        : logger.warn({ err: error, retryInMs }, 'following the log failed; subscribing again'),
  });
  await services.live.start();
  const { failure } = services.runner.status();
  if (config.SEED && damage) {
    logger.warn({ reason: damage }, 'seed corpus not loaded: the event log is damaged');
  } else if (config.SEED && failure) {
    // The loader decides what is missing from the read models, which stop before the failing event.
    logger.warn(
      { projector: failure.projector, position: failure.position.toString() },
      'seed corpus not loaded: the read models are behind',
    );
  } else if (config.SEED) {
    const { appended } = await loadSeed(services);
    if (appended > 0) logger.info({ appended }, 'loaded the seed corpus');
  }
  const noTokens = config.EDITOR_TOKENS.length === 0 && config.AUDITOR_TOKENS.length === 0;
  const dev = noTokens ? developmentEditorToken(config.DATA_DIR) : null;
  const tokens = new TokenRegistry(
    dev ? [{ name: dev.name, token: dev.token }] : config.EDITOR_TOKENS,
    config.AUDITOR_TOKENS,
  );
  const routes = new HttpRoutes(services, tokens, logger, config);
  const yoga = createGraphQLHandler(
    services,
    tokens,
    logger,
    config,
    [...(await optionalPlugins(config, logger)), ...routes.plugins],
    routes.documentPlugins,
  );
  const gate = new HttpGate(yoga, config, routes.decorate, waitBeforeTurn(services, config.MIN_POSITION_WAIT_MS));
  routes.observe(gate);
  routes.admitPagesThrough(gate);
  const witness = startWitness(config, services, logger);
  const server: Server = createServer(HttpGate.serverOptions(), (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Headers are logged at debug level only, with the authorization header redacted.
      logger.debug(
        { req: { method: req.method, url: req.url, headers: req.headers }, status: res.statusCode, ms },
        'request',
      );
    });
    if (routes.route(req, res)) return;
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
      routes.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await yoga.dispose(); // plugins' onDispose: tracing flushes its last spans
      await services.close();
    },
  };
}
